/**
 * Between the floors and the pipeline run: drops the write floor's tables (so the pipeline
 * writes into a table holding only its own items) and uploads the export to s3rver, streamed,
 * as a user's `aws s3 cp` would. Reports the object's ETag for the S3 event.
 *
 *   tsx bench/prepare-upload.ts <file> <bytes> <connection json> [key]
 */
import { createReadStream } from 'node:fs';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createDynamoDbClient, createS3Client } from '../functions/common/clients';
import { stripQuotes } from '../functions/common/s3-notification';
import { FLOOR_TABLE, UPLOAD_BUCKET, UPLOAD_KEY, WARMUP_TABLE } from './bench-names';
import { watchPeakRss } from './peak-rss';
import { connectionSchema, reportToParent } from './phase-result';

const [file, bytesArg, connectionArg, keyArg] = process.argv.slice(2);
const key = keyArg ?? UPLOAD_KEY;
if (file === undefined) throw new Error('usage: prepare-upload.ts <file> <bytes> <connection json>');
const connection = connectionSchema.parse(JSON.parse(connectionArg ?? 'null'));
const peak = watchPeakRss();
const s3 = createS3Client(connection);
const dynamodb = createDynamoDbClient(connection);

for (const table of [FLOOR_TABLE, WARMUP_TABLE]) {
  // Already gone when a second upload (the workbook) is prepared.
  await dynamodb.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
}
const started = performance.now();
const output = await s3.send(
  new PutObjectCommand({
    Bucket: UPLOAD_BUCKET,
    Key: key,
    Body: createReadStream(file),
    ContentLength: Number(bytesArg),
    ContentType: key.endsWith('.xlsx')
      ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      : 'text/csv',
  }),
);
const seconds = (performance.now() - started) / 1000;
s3.destroy();
dynamodb.destroy();
peak.stop();

await reportToParent({
  seconds,
  peakRssBytes: peak.bytes(),
  details: { eTag: output.ETag === undefined ? null : stripQuotes(output.ETag) },
});
