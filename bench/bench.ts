/**
 * `npm run bench -- --rows N [--json]`: how close ingest comes to the bare cost of parsing
 * plus writing. Generates a deterministic single-period export of N rows (about N/20 groups),
 * then measures in one run, each step in a process of its own and the emulators (s3rver +
 * dynalite) in another:
 *
 *   (a) csv-parse alone streaming the file            — the parse floor
 *   (c) plain BatchWriteItem of one item per group     — the write floor
 *   (b) the real ingest handler, end to end            — the pipeline
 *
 * and prints rows/s, MB/s, peak RSS of (b), groups, DynamoDB write requests of (b) and
 * ratio = (a + c) / b. A benchmark, not a test: nothing here asserts a timing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZodError } from 'zod';
import { exportShape, writeExport } from '../scripts/export-generator';
import { objectCreated, sqsBatch } from '../tests/support/events';
import { UPLOAD_BUCKET, UPLOAD_KEY, UPLOAD_SEQUENCER } from './bench-names';
import { BENCH_USAGE, type BenchOptions, parseBenchOptions } from './bench-options';
import { benchJson, benchReport } from './bench-report';
import { bundleBenchScript } from './bundle-script';
import { startEmulatorProcess } from './emulator-process';
import { runChild } from './run-child';

let options: BenchOptions;
try {
  options = parseBenchOptions(process.argv.slice(2));
} catch (error) {
  const reason =
    error instanceof ZodError ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) : error;
  process.stderr.write(`${String(reason)}\n${BENCH_USAGE}`);
  process.exit(2);
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const shape = exportShape(options.rows, options.groups);
const dir = mkdtempSync(join(tmpdir(), 'budget-bench-'));
const file = join(dir, `export-${shape.rows}.csv`);

say(`generating ${shape.rows} rows in ${shape.groups} groups → ${file}`);
const bytes = await writeExport(file, shape);
const bundles = {
  parse: await bundleBenchScript(dir, 'parse-floor'),
  write: await bundleBenchScript(dir, 'write-floor'),
  ingest: await bundleBenchScript(dir, 'ingest-run', options.profile !== undefined),
};
// As the stack configures the function (NODE_OPTIONS), on plain Node.
const bundled = { execArgv: ['--enable-source-maps'] };
const emulators = await startEmulatorProcess();
const connection = JSON.stringify(emulators.connection);
try {
  say('(a) parse floor…');
  const parse = await runChild(bundles.parse, [file], bundled);
  say('(c) write floor…');
  const write = await runChild(
    bundles.write,
    [String(shape.rows), String(shape.groups), connection],
    bundled,
  );

  const prepared = await runChild('prepare-upload.ts', [file, String(bytes), connection]);
  const eTag = prepared.details.eTag;
  // The notification AWS would deliver: the S3 event inside an SQS message.
  const event = sqsBatch([
    objectCreated({
      bucket: UPLOAD_BUCKET,
      key: UPLOAD_KEY,
      sequencer: UPLOAD_SEQUENCER,
      ...(typeof eTag === 'string' ? { eTag } : {}),
      size: bytes,
      versionId: null,
    }),
  ]);

  say('(b) ingest…');
  const ingest = await runChild(bundles.ingest, [connection, JSON.stringify(event)], {
    ...bundled,
    nodeFlags: options.profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.profile}`],
    onOutput: options.json ? undefined : (line) => say(`    ingest log: ${line.slice(0, 300)}`),
  });

  const rows = Number(ingest.details.rows);
  const groups = Number(ingest.details.groups);
  if (rows !== shape.rows || Number(parse.details.rows) !== shape.rows) {
    throw new Error(
      `row counts differ: generated ${shape.rows}, parsed ${parse.details.rows}, ingested ${rows}`,
    );
  }
  const figures = { rows, groups, bytes, parse, write, ingest };
  for (const line of benchReport(figures)) say(line);
  if (options.keep) say(`export kept at ${file}`);
  if (options.json) say(benchJson(figures));
} finally {
  await emulators.stop();
  if (!options.keep) rmSync(dir, { recursive: true, force: true });
}
