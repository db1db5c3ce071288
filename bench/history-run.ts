/**
 * `--history N`: does an upload's cost grow with history (docs/contract.md §8)? Uploads N monthly
 * exports of R rows, one after another (2021-01, 2021-02, …), each through the real ingest and
 * render handlers (built by their factories, aimed at the emulators in another process), and
 * times each from the upload's PutObject to the moment `reports/index.json` lists its period —
 * upload → visible, as a user would wait for it. Counts the DynamoDB read requests of each
 * render on render's own client.
 *
 *   tsx bench/history-run.ts <connection json> <dir> <N> <rows>
 */
import { createReadStream, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, NoSuchKey, PutObjectCommand } from '@aws-sdk/client-s3';
import { createDynamoDbClient, createS3Client } from '../functions/common/clients';
import { ingestConfigFromEnv, renderConfigFromEnv } from '../functions/common/env';
import { stripQuotes } from '../functions/common/s3-notification';
import { silentTelemetry } from '../functions/common/telemetry';
import { buildIngestDeps } from '../functions/ingest/build-ingest-deps';
import { createIngestHandler } from '../functions/ingest/create-ingest-handler';
import { buildRenderDeps } from '../functions/render/build-render-deps';
import { createRenderHandler } from '../functions/render/create-render-handler';
import { exportShape, writeExport } from '../scripts/export-generator';
import { formatPeriodId } from '../shared/period-id';
import { objectCreated, sqsBatch, statusCreated } from '../tests/support/events';
import { BENCH_CITY, PIPELINE_TABLE, SITE_BUCKET, UPLOAD_BUCKET, WARMUP_TABLE } from './bench-names';

const WARMUP_SITE_BUCKET = `${BENCH_CITY}-warmup-site`;

import { watchPeakRss } from './peak-rss';
import { connectionSchema, reportToParent } from './phase-result';
import { RequestLog } from './request-log';

const [connectionArg, dir = '.', countArg, rowsArg] = process.argv.slice(2);
const connection = connectionSchema.parse(JSON.parse(connectionArg ?? 'null'));
const count = Number(countArg);
const rows = Number(rowsArg);
const peak = watchPeakRss();

const s3 = createS3Client(connection);
const ingestDb = createDynamoDbClient(connection);
const renderDb = createDynamoDbClient(connection);
const ingestRequests = new RequestLog();
const renderRequests = new RequestLog();
ingestRequests.attach(ingestDb);
renderRequests.attach(renderDb);

/** The pipeline's two handlers on a table and a site bucket, as the stack wires them. */
function pipeline(tableName: string, siteBucket: string) {
  return {
    ingest: createIngestHandler(
      buildIngestDeps(ingestConfigFromEnv({ TABLE_NAME: tableName, UPLOAD_BUCKET, CITY_ID: BENCH_CITY }), {
        s3,
        dynamodb: ingestDb,
        telemetry: silentTelemetry,
      }),
    ),
    render: createRenderHandler(
      buildRenderDeps(
        renderConfigFromEnv({ TABLE_NAME: tableName, SITE_BUCKET: siteBucket, CITY_ID: BENCH_CITY }),
        { s3, dynamodb: renderDb, telemetry: silentTelemetry },
      ),
    ),
  };
}

async function indexLists(siteBucket: string, period: string): Promise<boolean> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: siteBucket, Key: 'reports/index.json' }));
    const index = JSON.parse((await object.Body?.transformToString('utf-8')) ?? '{}') as {
      periods?: { id: string }[];
    };
    return (index.periods ?? []).some((p) => p.id === period);
  } catch (error) {
    if (error instanceof NoSuchKey) return false;
    throw error;
  }
}

interface Upload {
  period: string;
  seconds: number;
  ingestSeconds: number;
  renderSeconds: number;
  renderReads: number;
  renderWrites: number;
  periodsRendered: number;
}

const shape = exportShape(rows);
let sequence = 0x61d4ff2f3c9a0000n;

/** Uploads month `i` (0 = 2021-01) through `target` and times it until its period is listed. */
async function uploadMonth(
  target: ReturnType<typeof pipeline>,
  siteBucket: string,
  i: number,
): Promise<Upload> {
  const period = { year: 2021 + Math.floor(i / 12), month: (i % 12) + 1 };
  const id = formatPeriodId(period);
  const key = `incoming/history/${id}.csv`;
  const file = join(dir, `${id}.csv`);
  const bytes = await writeExport(file, shape, period);
  sequence += 0x100n;

  // Timed: upload → ingest → status → render → the index lists the period.
  const started = performance.now();
  const put = await s3.send(
    new PutObjectCommand({
      Bucket: UPLOAD_BUCKET,
      Key: key,
      Body: createReadStream(file),
      ContentLength: bytes,
      ContentType: 'text/csv',
    }),
  );
  const ingestStarted = performance.now();
  const ingested = await target.ingest(
    sqsBatch([
      objectCreated({
        bucket: UPLOAD_BUCKET,
        key,
        sequencer: sequence.toString(16).toUpperCase(),
        ...(put.ETag === undefined ? {} : { eTag: stripQuotes(put.ETag) }),
        size: bytes,
        versionId: null,
      }),
    ]),
  );
  const renderStarted = performance.now();
  const readsBefore = renderRequests.readRequests();
  const writesBefore = renderRequests.writeRequests();
  const rendered = await target.render(
    statusCreated({ bucket: UPLOAD_BUCKET, key: `status/${key}.json`, sequencer: sequence.toString(16) }),
  );
  const renderEnded = performance.now();
  if (!(await indexLists(siteBucket, id)))
    throw new Error(`${id} is not in reports/index.json after its render`);
  const ended = performance.now();
  rmSync(file);

  if (!('batchItemFailures' in ingested) || ingested.batchItemFailures.length > 0)
    throw new Error(`ingest of ${key} failed`);
  return {
    period: id,
    seconds: (ended - started) / 1000,
    ingestSeconds: (renderStarted - ingestStarted) / 1000,
    renderSeconds: (renderEnded - renderStarted) / 1000,
    renderReads: renderRequests.readRequests() - readsBefore,
    renderWrites: renderRequests.writeRequests() - writesBefore,
    periodsRendered: 'rendered' in rendered ? rendered.rendered.length : -1,
  };
}

// Warm-up, untimed, on a table and site bucket of its own: the same code paths get compiled by
// V8 before the first measured upload, so period 1 is not charged for the JIT.
await s3.send(new CreateBucketCommand({ Bucket: WARMUP_SITE_BUCKET }));
const warmup = pipeline(WARMUP_TABLE, WARMUP_SITE_BUCKET);
for (let i = 0; i < 2; i++) await uploadMonth(warmup, WARMUP_SITE_BUCKET, i);

const measured = pipeline(PIPELINE_TABLE, SITE_BUCKET);
const uploads: Upload[] = [];
for (let i = 0; i < count; i++) {
  const upload = await uploadMonth(measured, SITE_BUCKET, i);
  uploads.push(upload);
  process.stdout.write(
    `${upload.period}: ${upload.seconds.toFixed(2)} s (ingest ${upload.ingestSeconds.toFixed(2)} s, ` +
      `render ${upload.renderSeconds.toFixed(2)} s, ${upload.renderReads} reads; load average ${loadavg()[0]?.toFixed(1)})\n`,
  );
}
peak.stop();

await reportToParent({
  seconds: uploads.reduce((sum, u) => sum + u.seconds, 0),
  peakRssBytes: peak.bytes(),
  details: { uploads: JSON.stringify(uploads) },
});
process.exit(0);
