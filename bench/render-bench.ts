/**
 * `--render`: is render's memory bounded by what a page shows (docs/contract.md §8)? One period
 * of `--groups` groups (with `--units`, e.g. 200 units × 1,000 projects), ingested by the real
 * ingest handler, then drawn by the real render handler in a process of its own (peak RSS, time
 * against the render function's timeout); then a small upload of the month before, whose render
 * redraws the big period again (its month-over-month check reads both months as streams).
 * Prints what was published: page, report.json, lines.csv and line-page sizes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FUNCTION_NODE_OPTIONS } from '../scripts/bundle-options.mjs';
import { exportShape, writeExport } from '../scripts/export-generator';
import { objectCreated, sqsBatch, statusCreated } from '../tests/support/events';
import { UPLOAD_BUCKET, UPLOAD_KEY, UPLOAD_SEQUENCER } from './bench-names';
import { bundleBenchScript } from './bundle-script';
import { startEmulatorProcess } from './emulator-process';
import type { PhaseResult } from './phase-result';
import { runChild } from './run-child';

export interface RenderBenchOptions {
  rows: number;
  groups: number;
  units?: number;
  json: boolean;
  /** Write V8 CPU profiles of the render runs here. */
  profile?: string;
}

/** The render function's timeout (infra/budget-pipeline-stack.ts). */
const RENDER_TIMEOUT_SECONDS = 120;
const LATER_KEY = 'incoming/bench/2021-11 民政局.csv';
const LATER_SEQUENCER = '0061D4FF2F3C9A1C29';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function runRenderBench(options: RenderBenchOptions): Promise<void> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const shape = exportShape(options.rows, options.groups, options.units);
  const dir = mkdtempSync(join(tmpdir(), 'budget-bench-render-'));
  const file = join(dir, 'export.csv');
  const later = join(dir, 'later.csv');
  say(
    `generating ${shape.rows} rows in ${shape.groups} groups (${shape.units} units × ${shape.projectsPerUnit} projects)`,
  );
  const bytes = await writeExport(file, shape);
  const laterBytes = await writeExport(later, exportShape(20, 20), { year: 2021, month: 11 });
  // As the stack configures the functions (NODE_OPTIONS); RENDER_NODE_FLAGS adds flags to the
  // render steps, e.g. `--max-old-space-size=256` to see what the render holds live.
  const asIngest = { execArgv: [...FUNCTION_NODE_OPTIONS.ingest] };
  const asRender = { execArgv: [...FUNCTION_NODE_OPTIONS.render] };
  const renderFlags = process.env.RENDER_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const ingestBundle = await bundleBenchScript(dir, 'ingest-run');
  const renderBundle = await bundleBenchScript(dir, 'render-run', options.profile !== undefined);
  const emulators = await startEmulatorProcess();
  const connection = JSON.stringify(emulators.connection);
  const log = options.json ? undefined : (line: string) => say(`    log: ${line.slice(0, 300)}`);
  try {
    const ingest = async (path: string, size: number, key: string, sequencer: string) => {
      const prepared = await runChild('prepare-upload.ts', [path, String(size), connection, key]);
      const eTag = prepared.details.eTag;
      const event = sqsBatch([
        objectCreated({
          bucket: UPLOAD_BUCKET,
          key,
          sequencer,
          ...(typeof eTag === 'string' ? { eTag } : {}),
          size,
          versionId: null,
        }),
      ]);
      return runChild(ingestBundle, [connection, JSON.stringify(event), key], { ...asIngest, onOutput: log });
    };
    const render = (key: string, sequencer: string) =>
      runChild(
        renderBundle,
        [
          connection,
          JSON.stringify(statusCreated({ bucket: UPLOAD_BUCKET, key: `status/${key}.json`, sequencer })),
        ],
        {
          ...asRender,
          onOutput: log,
          nodeFlags: [
            ...renderFlags,
            ...(options.profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.profile}`]),
          ],
        },
      );

    say('ingest…');
    const ingested = await ingest(file, bytes, UPLOAD_KEY, UPLOAD_SEQUENCER);
    say(
      `    ${ingested.seconds.toFixed(1)} s, ${ingested.details.groups} groups, peak ${mb(ingested.peakRssBytes)}`,
    );
    say(`render of the period (load average ${loadavg()[0]?.toFixed(1)})…`);
    const first = await render(UPLOAD_KEY, UPLOAD_SEQUENCER);
    report(say, 'first render', first);
    say(
      `later upload of the month before, whose render redraws the period (load average ${loadavg()[0]?.toFixed(1)})…`,
    );
    await ingest(later, laterBytes, LATER_KEY, LATER_SEQUENCER);
    const again = await render(LATER_KEY, LATER_SEQUENCER);
    report(say, 'render after the later upload', again);
    say(
      `load average after the runs: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    if (options.json) {
      say(
        JSON.stringify({
          groups: shape.groups,
          units: shape.units,
          renderSeconds: Number(first.seconds.toFixed(1)),
          renderPeakRssMb: Number((first.peakRssBytes / 1024 / 1024).toFixed(1)),
          againSeconds: Number(again.seconds.toFixed(1)),
          againPeakRssMb: Number((again.peakRssBytes / 1024 / 1024).toFixed(1)),
          ...first.details,
        }),
      );
    }
  } finally {
    await emulators.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(say: (line: string) => void, name: string, run: PhaseResult): void {
  const d = run.details;
  say(
    `    ${name}: ${run.seconds.toFixed(1)} s (${d.cpuSeconds} s CPU; timeout ${RENDER_TIMEOUT_SECONDS} s), peak RSS ${mb(run.peakRssBytes)}; ` +
      `${d.period}: index.html ${mb(Number(d.pageBytes))}, report.json ${mb(Number(d.reportJsonBytes))}, ` +
      `lines.csv ${mb(Number(d.linesCsvBytes))}, ${d.linePages} line pages (largest ${mb(Number(d.largestLinePageBytes))}), ` +
      `${d.warnings} warnings; ${d.readRequests} DynamoDB reads, ${d.writeRequests} writes`,
  );
}
