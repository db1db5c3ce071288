/**
 * `npm run bench -- --rows N [--json]`: how close ingest comes to the bare cost of parsing
 * plus writing. Generates a deterministic single-period export of N rows (about N/20 groups),
 * then measures in one run, each step in a process of its own and the emulators (s3rver +
 * dynalite) in another:
 *
 *   (a) csv-parse alone streaming the file            — the parse floor
 *   (c) plain BatchWriteItem of one item per group     — the write floor
 *   (b) the real ingest handler, end to end            — the pipeline
 *   (d) the same rows as an .xlsx through (b)          — the workbook path (up to 200,000
 *       rows by default, `--xlsx` / `--no-xlsx` to choose)
 *
 * and prints rows/s, MB/s, peak RSS of (b), groups, DynamoDB write requests of (b) and
 * ratio = (a + c) / b. Then, when python3 has pandas, `budget validate` against pandas
 * read_csv + groupby of the same file, in alternating pairs (validate-vs-pandas.ts;
 * `--validate-only` runs just that). A benchmark, not a test: nothing here asserts a timing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZodError } from 'zod';
import { FUNCTION_NODE_OPTIONS } from '../scripts/bundle-options.mjs';
import { exportShape, writeExport } from '../scripts/export-generator';
import { objectCreated, sqsBatch } from '../tests/support/events';
import { UPLOAD_BUCKET, UPLOAD_KEY, UPLOAD_SEQUENCER, WORKBOOK_KEY } from './bench-names';
import { BENCH_USAGE, type BenchOptions, parseBenchOptions } from './bench-options';
import { benchJson, benchReport, type WorkbookFigures, workbookReport } from './bench-report';
import { bundleBenchScript } from './bundle-script';
import { startEmulatorProcess } from './emulator-process';
import { runHistoryBench } from './history-bench';
import { runRenderBench } from './render-bench';
import { runChild } from './run-child';
import {
  compareValidateWithPandas,
  comparisonReport,
  findPandas,
  median,
  type ValidateComparison,
} from './validate-vs-pandas';
import { writeWorkbookFromCsv } from './workbook-from-csv';
import { runWorkbookBench, WORKBOOK_BENCH_ROWS } from './workbook-validate';

let options: BenchOptions;
try {
  options = parseBenchOptions(process.argv.slice(2));
} catch (error) {
  const reason =
    error instanceof ZodError ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) : error;
  process.stderr.write(`${String(reason)}\n${BENCH_USAGE}`);
  process.exit(2);
}

if (options.workbooks) {
  await runWorkbookBench({
    rows: process.argv.slice(2).some((a) => a === '--rows' || a.startsWith('--rows='))
      ? [options.rows]
      : WORKBOOK_BENCH_ROWS,
    runs: Math.max(1, options.pandasRuns),
    json: options.json,
  });
  process.exit(0);
}

if (options.render) {
  await runRenderBench({
    rows: options.rows,
    groups: options.groups ?? options.rows,
    units: options.units,
    json: options.json,
    profile: options.profile,
  });
  process.exit(0);
}

if (options.history !== undefined) {
  await runHistoryBench({ history: options.history, rows: options.rows, json: options.json });
  process.exit(0);
}

/** BatchWriteItem calls in flight that `--write-sweep` measures the write floor at. */
const WRITE_SWEEP = [1, 2, 4, 8, 16];
const say = (line: string) => process.stdout.write(`${line}\n`);
const shape = exportShape(options.rows, options.groups);
const dir = mkdtempSync(join(tmpdir(), 'budget-bench-'));
const file = join(dir, `export-${shape.rows}.csv`);

say(`generating ${shape.rows} rows in ${shape.groups} groups → ${file}`);
const bytes = await writeExport(file, shape);
try {
  const pipelineJson = options.validateOnly ? null : await measurePipeline();
  const comparison = await measureAgainstPandas();
  if (options.keep) say(`export kept at ${file}`);
  if (options.json) say(jsonLine(pipelineJson, comparison));
} finally {
  if (!options.keep) rmSync(dir, { recursive: true, force: true });
}

/** (a), (c) and (b); resolves with the JSON of their figures. */
async function measurePipeline(): Promise<string> {
  const bundles = {
    parse: await bundleBenchScript(dir, 'parse-floor'),
    write: await bundleBenchScript(dir, 'write-floor'),
    ingest: await bundleBenchScript(dir, 'ingest-run', options.profile !== undefined),
  };
  // As the stack configures the function (NODE_OPTIONS), on plain Node.
  const bundled = { execArgv: [...FUNCTION_NODE_OPTIONS.ingest] };
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

    if (options.writeSweep) {
      say('write sweep: the write floor with 1, 2, 4, 8, 16 calls in flight…');
      for (const concurrency of WRITE_SWEEP) {
        const sweep = await runChild(
          bundles.write,
          [String(shape.rows), String(shape.groups), connection, String(concurrency)],
          bundled,
        );
        const calls = Number(sweep.details.calls);
        say(
          `    ${String(concurrency).padStart(2)} in flight: ${sweep.seconds.toFixed(2)} s, ` +
            `${Math.round(shape.groups / sweep.seconds)} items/s, ${calls} calls, ` +
            `${((sweep.seconds * 1000 * concurrency) / calls).toFixed(1)} ms per call`,
        );
      }
    }

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
    const workbook = options.xlsx ? await measureWorkbook(bundles.ingest, bundled) : null;
    if (workbook !== null) for (const line of workbookReport(figures, workbook)) say(line);
    return benchJson(figures, workbook);
  } finally {
    await emulators.stop();
  }
}

/**
 * (d) The same rows as an .xlsx through the same ingest handler, in emulators of its own (the
 * CSV run holds the period's groups, and a second source claiming them would be rejected).
 */
async function measureWorkbook(
  ingestBundle: string,
  bundled: { execArgv: string[] },
): Promise<WorkbookFigures> {
  const xlsx = join(dir, `export-${shape.rows}.xlsx`);
  say(`(d) writing the same rows as a workbook → ${xlsx}`);
  const xlsxBytes = await writeWorkbookFromCsv(file, xlsx);
  const emulators = await startEmulatorProcess();
  const connection = JSON.stringify(emulators.connection);
  try {
    const prepared = await runChild('prepare-upload.ts', [xlsx, String(xlsxBytes), connection, WORKBOOK_KEY]);
    const eTag = prepared.details.eTag;
    const event = sqsBatch([
      objectCreated({
        bucket: UPLOAD_BUCKET,
        key: WORKBOOK_KEY,
        sequencer: UPLOAD_SEQUENCER,
        ...(typeof eTag === 'string' ? { eTag } : {}),
        size: xlsxBytes,
        versionId: null,
      }),
    ]);
    say('(d) ingest of the workbook…');
    const ingest = await runChild(ingestBundle, [connection, JSON.stringify(event), WORKBOOK_KEY], {
      ...bundled,
      onOutput: options.json ? undefined : (line) => say(`    ingest log: ${line.slice(0, 300)}`),
    });
    if (Number(ingest.details.rows) !== shape.rows) {
      throw new Error(`workbook rows differ: generated ${shape.rows}, ingested ${ingest.details.rows}`);
    }
    return { bytes: xlsxBytes, ingest };
  } finally {
    await emulators.stop();
  }
}

/** `budget validate` vs pandas, paired (see validate-vs-pandas.ts); null when skipped. */
async function measureAgainstPandas(): Promise<ValidateComparison | null> {
  if (options.pandasRuns === 0) return null;
  const pandas = findPandas();
  if (typeof pandas === 'string') {
    say(`validate vs pandas: skipped — ${pandas}`);
    return null;
  }
  say(`validate vs pandas ${pandas.version} (${pandas.python}): ${options.pandasRuns} paired runs…`);
  const comparison = await compareValidateWithPandas(pandas, file, options.pandasRuns, options.duckdb);
  for (const line of comparisonReport(comparison)) say(line);
  return comparison;
}

function jsonLine(pipeline: string | null, comparison: ValidateComparison | null): string {
  const figures: Record<string, unknown> = pipeline === null ? { rows: shape.rows } : JSON.parse(pipeline);
  if (comparison !== null) {
    figures.validateSeconds = Number(median(comparison.ours.map((t) => t.seconds)).toFixed(2));
    figures.validatePeakRssMb = Number(Math.max(...comparison.ours.map((t) => t.peakRssMiB)).toFixed(1));
    figures.oneThreadSeconds = Number(median(comparison.oneReading.map((t) => t.seconds)).toFixed(2));
    figures.oneThreadPeakRssMb = Number(
      Math.max(...comparison.oneReading.map((t) => t.peakRssMiB)).toFixed(1),
    );
    figures.twoThreadsSeconds = Number(median(comparison.twoThreads.map((t) => t.seconds)).toFixed(2));
    figures.twoThreadsPeakRssMb = Number(
      Math.max(...comparison.twoThreads.map((t) => t.peakRssMiB)).toFixed(1),
    );
    figures.loadAverages = comparison.loads.map((load) => Number(load.toFixed(2)));
    figures.pandasSeconds = Number(median(comparison.pandas.map((t) => t.seconds)).toFixed(2));
    figures.pandasPeakRssMb = Number(Math.max(...comparison.pandas.map((t) => t.peakRssMiB)).toFixed(1));
    if (comparison.duckdb.length > 0)
      figures.duckdbSeconds = Number(median(comparison.duckdb.map((t) => t.seconds)).toFixed(2));
  }
  return JSON.stringify(figures);
}
