/**
 * `npm run bench -- --history N [--rows R] [--json]`: the upload → visible time of the N-th of
 * N monthly files against the 1st, in one run, and the DynamoDB read requests of each render
 * (docs/contract.md §8: an upload's cost must not grow with history). The emulators run in one process,
 * the pipeline (the real ingest and render handlers, one after the other) in another. It runs
 * as TypeScript (tsx compiles it once, at start-up, outside every timing): it builds its S3
 * events with the tests' event helpers, which read fixture files a bundle would not carry.
 * Target: time(N) ≤ 1.25 × time(1), reads per render flat. A benchmark: nothing asserts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { startEmulatorProcess } from './emulator-process';
import { runChild } from './run-child';

const uploadSchema = z.object({
  period: z.string(),
  seconds: z.number(),
  ingestSeconds: z.number(),
  renderSeconds: z.number(),
  renderReads: z.number(),
  renderWrites: z.number(),
  periodsRendered: z.number(),
});
type Upload = z.infer<typeof uploadSchema>;

export interface HistoryOptions {
  history: number;
  rows: number;
  json: boolean;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

export function historyReport(
  uploads: Upload[],
  rows: number,
): { lines: string[]; json: Record<string, unknown> } {
  const first = uploads[0];
  const last = uploads.at(-1);
  if (first === undefined || last === undefined) throw new Error('no uploads measured');
  const edge = Math.min(3, uploads.length);
  const firstMedian = median(uploads.slice(0, edge).map((u) => u.seconds));
  const lastMedian = median(uploads.slice(-edge).map((u) => u.seconds));
  const reads = uploads.map((u) => u.renderReads);
  const laterReads = reads.slice(1);
  const json = {
    history: uploads.length,
    rows,
    firstSeconds: Number(first.seconds.toFixed(3)),
    lastSeconds: Number(last.seconds.toFixed(3)),
    ratio: Number((last.seconds / first.seconds).toFixed(3)),
    medianRatio: Number((lastMedian / firstMedian).toFixed(3)),
    renderReads: {
      first: reads[0],
      last: reads.at(-1),
      min: Math.min(...laterReads),
      max: Math.max(...laterReads),
    },
    renderSeconds: { first: first.renderSeconds, last: last.renderSeconds },
  };
  const s = (seconds: number) => `${seconds.toFixed(2)} s`;
  return {
    lines: [
      `history: ${uploads.length} monthly files of ${rows} rows, one after another (${uploads[0]?.period} … ${last.period})`,
      `upload → visible, period 1:  ${s(first.seconds)} (ingest ${s(first.ingestSeconds)}, render ${s(first.renderSeconds)}, ${first.renderReads} DynamoDB reads)`,
      `upload → visible, period ${uploads.length}: ${s(last.seconds)} (ingest ${s(last.ingestSeconds)}, render ${s(last.renderSeconds)}, ${last.renderReads} DynamoDB reads)`,
      `time(${uploads.length}) / time(1) = ${json.ratio.toFixed(3)} (target ≤ 1.25); medians of the first and last ${edge}: ` +
        `${s(firstMedian)} → ${s(lastMedian)}, ratio ${json.medianRatio.toFixed(3)}`,
      `render DynamoDB reads per upload: ${reads.join(' ')} (periods 2…${uploads.length}: ${json.renderReads.min}–${json.renderReads.max})`,
      `render periods drawn per upload: ${uploads.map((u) => u.periodsRendered).join(' ')}`,
    ],
    json,
  };
}

export async function runHistoryBench(options: HistoryOptions): Promise<void> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'budget-bench-history-'));
  say(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at start`,
  );
  const emulators = await startEmulatorProcess();
  try {
    const result = await runChild(
      'history-run.ts',
      [JSON.stringify(emulators.connection), dir, String(options.history), String(options.rows)],
      { onOutput: options.json ? undefined : (line) => say(`    ${line}`) },
    );
    const uploads = z.array(uploadSchema).parse(JSON.parse(String(result.details.uploads)));
    const report = historyReport(uploads, options.rows);
    for (const line of report.lines) say(line);
    if (options.json) say(JSON.stringify(report.json));
  } finally {
    await emulators.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
