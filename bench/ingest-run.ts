/**
 * (b) The pipeline: the real ingest handler, built by its factory as the Lambda entry point
 * builds it, aimed at the emulators, given the SQS-wrapped S3 notification AWS would deliver
 * for the uploaded export, timed from the invocation to its answer (head check, GetObject
 * streamed through SHA-256 into the validator, lease, conflict check, lines, flip, cleanup,
 * status object). Render is not part of it. DynamoDB requests are counted on the handler's own
 * client; the validator call is timed on the way through. Run as a bundle (bundle-ingest.ts).
 *
 *   node ingest-run.mjs <connection json> <SQS event json> [uploaded key]
 */
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoDbClient, createS3Client } from '../functions/common/clients';
import { citySettingsFromEnv } from '../functions/common/env';
import { uploadFileTypeOf } from '../functions/common/object-key';
import { buildIngestDeps } from '../functions/ingest/build-ingest-deps';
import { createIngestHandler } from '../functions/ingest/create-ingest-handler';
import { validateExport } from '../shared/export/validate-export';
import { BENCH_CITY, PIPELINE_TABLE, UPLOAD_BUCKET, UPLOAD_KEY } from './bench-names';
import { watchPeakRss } from './peak-rss';
import { connectionSchema, reportToParent } from './phase-result';
import { RequestLog } from './request-log';

const [connectionArg, eventArg, keyArg] = process.argv.slice(2);
const uploadKey = keyArg ?? UPLOAD_KEY;
const connection = connectionSchema.parse(JSON.parse(connectionArg ?? 'null'));
const peak = watchPeakRss();

const requests = new RequestLog();
const dynamodb = createDynamoDbClient(connection);
requests.attach(dynamodb);
let validation = { start: 0, end: 0, rows: 0, groups: 0, valid: false, peakRssBytes: 0 };
const deps = buildIngestDeps(
  {
    tableName: PIPELINE_TABLE,
    uploadBucket: UPLOAD_BUCKET,
    city: citySettingsFromEnv({ CITY_ID: BENCH_CITY }),
    alerts: { topicArn: null, siteUrl: null },
    connection,
  },
  {
    s3: createS3Client(connection),
    dynamodb,
    validate: async (input, key) => {
      const start = requests.now();
      const format = uploadFileTypeOf(key) === 'xlsx' ? 'xlsx' : 'csv';
      const result = await validateExport(input, undefined, { format, fileName: key });
      validation = {
        start,
        end: requests.now(),
        rows: result.rows,
        groups: result.groups.length,
        valid: result.valid,
        peakRssBytes: peak.bytes(),
      };
      return result;
    },
  },
);
const handler = createIngestHandler(deps);
const event: unknown = JSON.parse(eventArg ?? 'null');

const started = requests.now();
const response = await handler(event);
const ended = requests.now();
const seconds = (ended - started) / 1000;
const peakRssBytes = peak.bytes();
const writes = requests.span('BatchWriteItemCommand');
const counts = {
  write: requests.writeRequests(),
  read: requests.readRequests(),
  byCommand: requests.byCommand(),
};

// Not timed: the run must have been a success for its figures to mean anything.
const head = await deps.store.getHead(uploadKey);
if (
  !('batchItemFailures' in response) ||
  response.batchItemFailures.length > 0 ||
  head?.status !== 'accepted'
) {
  throw new Error(`ingest did not accept the export: ${JSON.stringify({ response, status: head?.status })}`);
}
peak.stop();
// One stored line, to compare its size with the write floor's items.
const sample = await dynamodb.send(
  new QueryCommand({
    TableName: PIPELINE_TABLE,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': { S: `PERIOD#${head.period}` } },
    Limit: 1,
  }),
);

await reportToParent({
  seconds,
  peakRssBytes,
  details: {
    rows: validation.rows,
    groups: validation.groups,
    writeRequests: counts.write,
    readRequests: counts.read,
    requestsByCommand: JSON.stringify(counts.byCommand),
    validateSeconds: (validation.end - validation.start) / 1000,
    beforeValidateSeconds: (validation.start - started) / 1000,
    afterValidateSeconds: (ended - validation.end) / 1000,
    lineWriteSeconds: writes === null ? 0 : (writes.end - writes.start) / 1000,
    peakRssAfterValidateBytes: validation.peakRssBytes,
    lineItemJsonBytes: JSON.stringify(sample.Items?.[0] ?? {}).length,
  },
});
process.exit(0);
