/**
 * `--render`: the real render handler (built by its factory as the Lambda entry point builds
 * it, aimed at the emulators) on the period the ingest step just accepted, given the status
 * notification AWS would deliver, timed from the invocation to its answer, with this process's
 * peak RSS; then what it published: the sizes of the period page, report.json, lines.csv and
 * the largest line page. Run as a bundle, like the ingest step.
 *
 *   node render-run.mjs <connection json> <status event json>
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createDynamoDbClient, createS3Client } from '../functions/common/clients';
import { renderConfigFromEnv } from '../functions/common/env';
import { silentTelemetry } from '../functions/common/telemetry';
import { buildRenderDeps } from '../functions/render/build-render-deps';
import { createRenderHandler } from '../functions/render/create-render-handler';
import { BENCH_CITY, PIPELINE_TABLE, SITE_BUCKET } from './bench-names';
import { watchPeakRss } from './peak-rss';
import { connectionSchema, reportToParent } from './phase-result';
import { RequestLog } from './request-log';

const [connectionArg, eventArg] = process.argv.slice(2);
const connection = connectionSchema.parse(JSON.parse(connectionArg ?? 'null'));
const peak = watchPeakRss();
const s3 = createS3Client(connection);
const dynamodb = createDynamoDbClient(connection);
const requests = new RequestLog();
requests.attach(dynamodb);
const handler = createRenderHandler(
  buildRenderDeps(renderConfigFromEnv({ TABLE_NAME: PIPELINE_TABLE, SITE_BUCKET, CITY_ID: BENCH_CITY }), {
    s3,
    dynamodb,
    telemetry: silentTelemetry,
  }),
);

const started = performance.now();
const cpuBefore = process.cpuUsage();
const response = await handler(JSON.parse(eventArg ?? 'null'));
const seconds = (performance.now() - started) / 1000;
// CPU time of this process: what the render costs whatever else the machine runs.
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const peakRssBytes = peak.bytes();
peak.stop();
if (!('rendered' in response) || response.failed.length > 0)
  throw new Error(`render failed: ${JSON.stringify(response)}`);

// Not timed: what the render published for the period(s) it drew.
const sizeOf = async (key: string): Promise<number> =>
  (await s3.send(new HeadObjectCommand({ Bucket: SITE_BUCKET, Key: key }))).ContentLength ?? 0;
const index = JSON.parse(
  (await (
    await s3.send(new GetObjectCommand({ Bucket: SITE_BUCKET, Key: 'reports/index.json' }))
  ).Body?.transformToString('utf-8')) ?? '{}',
) as { periods: { id: string; warningCount: number }[] };
const largest = index.periods[index.periods.length - 1];
if (largest === undefined) throw new Error('no period in reports/index.json');
const prefix = `reports/${largest.id}/`;
let linePages = 0;
let largestLinePage = 0;
let token: string | undefined;
do {
  const page = await s3.send(
    new ListObjectsV2Command({ Bucket: SITE_BUCKET, Prefix: `${prefix}lines/`, ContinuationToken: token }),
  );
  for (const object of page.Contents ?? []) {
    if (object.Key?.endsWith('.html') !== true) continue;
    linePages++;
    largestLinePage = Math.max(largestLinePage, object.Size ?? 0);
  }
  token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
} while (token !== undefined);

await reportToParent({
  seconds,
  peakRssBytes,
  details: {
    period: largest.id,
    cpuSeconds: Number(cpuSeconds.toFixed(1)),
    warnings: largest.warningCount,
    pageBytes: await sizeOf(`${prefix}index.html`),
    reportJsonBytes: await sizeOf(`${prefix}report.json`),
    linesCsvBytes: await sizeOf(`${prefix}lines.csv`),
    linePages,
    largestLinePageBytes: largestLinePage,
    readRequests: requests.readRequests(),
    writeRequests: requests.writeRequests(),
  },
});
process.exit(0);
