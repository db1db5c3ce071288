/**
 * `budget validate` against pandas `read_csv` + `groupby` (bench/pandas_groupby.py) on the same
 * export, measured in pairs: the two commands alternate (ours first in odd runs, pandas first in
 * even ones), so whatever else the machine is doing weighs on both alike. Each command is timed
 * from outside by the same Python wrapper (wall time, and the child's peak RSS from
 * getrusage(RUSAGE_CHILDREN)), as a user would run it: `node bin/budget.mjs validate <file>
 * --json`, the bundled CLI with its start-up included — its default (two threads when a CPU is
 * idle, else one) — and, in the same pairs, `--threads 1` and `--threads 2` for reference.
 * The machine's load average is recorded with every pair.
 *
 * Needs a Python with pandas (Debian `python3-pandas`, see `findPandas`); without it the
 * comparison is skipped with a note, never failed.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { buildCli } from '../scripts/build-cli.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PANDAS_SCRIPT = fileURLToPath(new URL('pandas_groupby.py', import.meta.url));
const DUCKDB_SCRIPT = fileURLToPath(new URL('duckdb_groupby.mjs', import.meta.url));

/** Runs argv[1:] once; prints its wall time and peak RSS as JSON. */
const MEASURE = `
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
seconds = time.perf_counter() - started
rss_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "peakRssKiB": rss_kib, "exit": done.returncode,
                  "stdout": done.stdout.decode("utf-8", "replace")[-2000:],
                  "stderr": done.stderr.decode("utf-8", "replace")[-2000:]}))
`;

const measuredSchema = z.object({
  seconds: z.number(),
  peakRssKiB: z.number(),
  exit: z.number(),
  stdout: z.string(),
  stderr: z.string(),
});

export interface Timed {
  seconds: number;
  peakRssMiB: number;
}

export interface ValidateComparison {
  /** `budget validate --json` as it runs by default. */
  ours: Timed[];
  /** `budget validate --json --threads 1`: one reading, in the same pairs. */
  oneReading: Timed[];
  /** `--threads 2`, in the same pairs. */
  twoThreads: Timed[];
  /** The 1-minute load average as each pair started. */
  loads: number[];
  pandas: Timed[];
  /** DuckDB's runs, when a folder with @duckdb/node-api was given. */
  duckdb: Timed[];
  /** What pandas found: rows and groups (a check that it read the same file). */
  pandasRows: number;
  pandasGroups: number;
}

/**
 * Pythons tried in order: `$PYTHON` if set, the one on PATH, then Debian's own (`python3-pandas`
 * installs into /usr/lib/python3, which a pyenv or venv python3 on PATH does not see).
 */
function pythonCandidates(): string[] {
  const fromEnv = process.env.PYTHON;
  return [...(fromEnv ? [fromEnv] : []), 'python3', '/usr/bin/python3'];
}

export interface Pandas {
  python: string;
  version: string;
}

/** The first Python with pandas, or why there is none (for the note). */
export function findPandas(): Pandas | string {
  for (const python of pythonCandidates()) {
    const probe = spawnSync(python, ['-c', 'import pandas; print(pandas.__version__)'], { encoding: 'utf8' });
    if (probe.error === undefined && probe.status === 0) return { python, version: probe.stdout.trim() };
  }
  return `no pandas for ${pythonCandidates().join(', ')} (Debian: apt-get install python3-pandas)`;
}

/** Runs `command` once under the Python wrapper: its wall time, peak RSS and output. */
export function measure(python: string, command: string[]): Timed & { stdout: string } {
  const run = spawnSync(python, ['-c', MEASURE, ...command], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`measuring ${command.join(' ')} failed: ${run.stderr}`);
  const measured = measuredSchema.parse(JSON.parse(run.stdout));
  // `budget validate` exits 1 for an invalid file; the bench export is valid, so both must be 0.
  if (measured.exit !== 0) {
    throw new Error(`${command.join(' ')} exited ${measured.exit}: ${measured.stderr || measured.stdout}`);
  }
  return { seconds: measured.seconds, peakRssMiB: measured.peakRssKiB / 1024, stdout: measured.stdout };
}

/** `runs` pairs, alternating which command goes first. */
export async function compareValidateWithPandas(
  pandas: Pandas,
  file: string,
  runs: number,
  duckdbFolder?: string,
): Promise<ValidateComparison> {
  // The CLI as `npx budget` runs it: the bundle, built (once, untimed) if it is not fresh.
  await buildCli();
  const ours = [process.execPath, 'bin/budget.mjs', 'validate', file, '--json'];
  const groupby = [pandas.python, PANDAS_SCRIPT, file];
  const result: ValidateComparison = {
    ours: [],
    oneReading: [],
    twoThreads: [],
    loads: [],
    pandas: [],
    duckdb: [],
    pandasRows: 0,
    pandasGroups: 0,
  };
  for (let run = 0; run < runs; run++) {
    const order =
      run % 2 === 0
        ? (['ours', 'pandas', 'one', 'two', 'duckdb'] as const)
        : (['duckdb', 'two', 'one', 'pandas', 'ours'] as const);
    result.loads.push(loadavg()[0] as number);
    for (const which of order) {
      if (which === 'duckdb') {
        if (duckdbFolder === undefined) continue;
        const timed = measure(pandas.python, [process.execPath, DUCKDB_SCRIPT, file, duckdbFolder]);
        result.duckdb.push({ seconds: timed.seconds, peakRssMiB: timed.peakRssMiB });
        continue;
      }
      if (which === 'ours' || which === 'one' || which === 'two') {
        const threads = { ours: [], one: ['--threads', '1'], two: ['--threads', '2'] }[which];
        const timed = measure(pandas.python, [...ours, ...threads]);
        const verdict = JSON.parse(timed.stdout) as { valid?: unknown };
        if (verdict.valid !== true) throw new Error('budget validate found the bench export invalid');
        const series = { ours: 'ours', one: 'oneReading', two: 'twoThreads' } as const;
        result[series[which]].push({
          seconds: timed.seconds,
          peakRssMiB: timed.peakRssMiB,
        });
      } else {
        const timed = measure(pandas.python, groupby);
        const [rows, groups] = timed.stdout.trim().split(/\s+/).map(Number);
        result.pandasRows = rows ?? 0;
        result.pandasGroups = groups ?? 0;
        result.pandas.push({ seconds: timed.seconds, peakRssMiB: timed.peakRssMiB });
      }
    }
  }
  return result;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function comparisonReport(c: ValidateComparison): string[] {
  const list = (timed: Timed[]) => timed.map((t) => `${t.seconds.toFixed(2)} s`).join(', ');
  const rss = (timed: Timed[]) => Math.max(...timed.map((t) => t.peakRssMiB)).toFixed(1);
  const ours = median(c.ours.map((t) => t.seconds));
  const pandas = median(c.pandas.map((t) => t.seconds));
  const one = median(c.oneReading.map((t) => t.seconds));
  return [
    `validate vs pandas, ${c.ours.length} paired runs (alternating order), load average ${c.loads.map((load) => load.toFixed(2)).join(', ')}:`,
    `    budget validate --json      median ${ours.toFixed(2)} s (${list(c.ours)}), peak RSS ≤ ${rss(c.ours)} MiB`,
    `      with --threads 1          median ${one.toFixed(2)} s (${list(c.oneReading)}), peak RSS ≤ ${rss(c.oneReading)} MiB`,
    `      with --threads 2          median ${median(c.twoThreads.map((t) => t.seconds)).toFixed(2)} s (${list(c.twoThreads)}), peak RSS ≤ ${rss(c.twoThreads)} MiB`,
    `    pandas read_csv + groupby   median ${pandas.toFixed(2)} s (${list(c.pandas)}), peak RSS ≤ ${rss(c.pandas)} MiB` +
      ` (${c.pandasRows} rows, ${c.pandasGroups} groups)`,
    `    pandas / ours = ${(pandas / ours).toFixed(2)} (≥ 1: validate at least as fast)`,
    ...(c.duckdb.length === 0
      ? []
      : [
          `    DuckDB read_csv + GROUP BY  median ${median(c.duckdb.map((t) => t.seconds)).toFixed(2)} s ` +
            `(${list(c.duckdb)}), peak RSS ≤ ${rss(c.duckdb)} MiB`,
          `    ours / DuckDB = ${(ours / median(c.duckdb.map((t) => t.seconds))).toFixed(2)} (stretch: ≤ 3)`,
        ]),
  ];
}
