/**
 * `npm run bench -- --workbooks [--rows N] [--pandas-runs R]`: `budget validate` of the same
 * export as CSV and as .xlsx, at 100,000 and 400,000 rows (or at `--rows`), in R alternating
 * pairs each, as a user runs it (`node bin/budget.mjs validate <file> --json`, the bundled CLI
 * with its start-up), wall time and peak RSS measured from outside (validate-vs-pandas.ts's
 * wrapper). The aim (issue 20): the workbook within 1.5× the CSV's time and 200 MB. Also prints
 * the machine's load average before and after, since the machine may be shared.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../scripts/build-cli.mjs';
import { exportShape, writeExport } from '../scripts/export-generator';
import { measure, median, type Timed } from './validate-vs-pandas';
import { writeWorkbookFromCsv } from './workbook-from-csv';

export const WORKBOOK_BENCH_ROWS = [100_000, 400_000];

export interface WorkbookValidateFigures {
  rows: number;
  csvBytes: number;
  xlsxBytes: number;
  csv: Timed[];
  xlsx: Timed[];
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

export async function runWorkbookBench(options: {
  rows: number[];
  runs: number;
  json: boolean;
}): Promise<WorkbookValidateFigures[]> {
  const python = process.env.PYTHON ?? 'python3';
  await buildCli();
  const dir = mkdtempSync(join(tmpdir(), 'budget-bench-xlsx-'));
  const figures: WorkbookValidateFigures[] = [];
  try {
    for (const rows of options.rows) {
      const csv = join(dir, `export-${rows}.csv`);
      const xlsx = join(dir, `export-${rows}.xlsx`);
      const csvBytes = await writeExport(csv, exportShape(rows));
      const xlsxBytes = await writeWorkbookFromCsv(csv, xlsx);
      say(
        `${rows} rows: ${(csvBytes / 1e6).toFixed(1)} MB CSV, ${(xlsxBytes / 1e6).toFixed(1)} MB .xlsx; load average ${load()}`,
      );
      const run = (file: string): Timed => {
        const timed = measure(python, [process.execPath, 'bin/budget.mjs', 'validate', file, '--json']);
        const verdict = JSON.parse(timed.stdout) as { valid?: unknown; rows?: unknown };
        if (verdict.valid !== true || verdict.rows !== rows)
          throw new Error(`budget validate ${file}: not ${rows} valid rows`);
        return { seconds: timed.seconds, peakRssMiB: timed.peakRssMiB };
      };
      const figure: WorkbookValidateFigures = { rows, csvBytes, xlsxBytes, csv: [], xlsx: [] };
      for (let i = 0; i < options.runs; i++) {
        const order = i % 2 === 0 ? [csv, xlsx] : [xlsx, csv];
        for (const file of order) (file === csv ? figure.csv : figure.xlsx).push(run(file));
      }
      for (const line of workbookValidateReport(figure)) say(line);
      say(`    load average after: ${load()}`);
      figures.push(figure);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (options.json) say(JSON.stringify({ workbookValidate: figures }));
  return figures;
}

export function workbookValidateReport(f: WorkbookValidateFigures): string[] {
  const list = (timed: Timed[]) => timed.map((t) => `${t.seconds.toFixed(2)} s`).join(', ');
  const rss = (timed: Timed[]) => Math.max(...timed.map((t) => t.peakRssMiB)).toFixed(1);
  const csv = median(f.csv.map((t) => t.seconds));
  const xlsx = median(f.xlsx.map((t) => t.seconds));
  return [
    `    budget validate, CSV    median ${csv.toFixed(2)} s (${list(f.csv)}), peak RSS ≤ ${rss(f.csv)} MiB`,
    `    budget validate, .xlsx  median ${xlsx.toFixed(2)} s (${list(f.xlsx)}), peak RSS ≤ ${rss(f.xlsx)} MiB`,
    `    .xlsx / CSV = ${(xlsx / csv).toFixed(2)} (aim ≤ 1.5, peak ≤ 200 MB)`,
  ];
}
