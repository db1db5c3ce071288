/**
 * `budget validate f.xlsx --threads 2` on a workbook large enough to be split (its data sheet
 * over `MIN_SHEET_BYTES`): the CLI prints exactly what `--threads 1` prints — errors and
 * warnings of both halves with their lines, totals, rows — and the CSV of the same rows gives
 * the same totals, period and rows (and, read in process, the same groups). Read in process with
 * the CLI's own plan and two threads asked for, the workbook takes the two-thread path, so the
 * comparison is not one reading against itself (by default a sheet this small is read on one
 * thread: `SPLIT_SHEET_BYTES`). The workbook is the bench's export (scripts/export-generator.ts)
 * written by bench/workbook-from-csv.ts, with a bad month and a negative budget here and there.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWorkbookFromCsv } from '../../../bench/workbook-from-csv';
import { exportShape, writeExport } from '../../../scripts/export-generator';
import { validateExport } from '../../../shared/export';
import { MIN_SHEET_BYTES, validateWorkbookFile } from '../../../shared/xlsx/workbook-threads';
import { runBudget } from '../../support/run-budget';
import { unzipEntries } from '../../support/zip-bytes';

const ROWS = 42_000;
const dir = mkdtempSync(join(tmpdir(), 'validate-workbook-threads-'));
const csv = join(dir, 'export.csv');
const xlsx = join(dir, 'export.xlsx');

beforeAll(async () => {
  const plain = join(dir, 'plain.csv');
  await writeExport(plain, exportShape(ROWS));
  // Errors and warnings spread over the sheet: a month of 13 every 4,001 lines, a negative
  // budget every 6,007 (where the amount is not quoted).
  const lines = readFileSync(plain, 'utf8').split('\n');
  const edited = lines.map((line, i) => {
    if (i === 0 || line === '') return line;
    const cells = line.split(',');
    if (i % 4_001 === 0) cells[1] = '13';
    if (i % 6_007 === 0 && /^\d/.test(cells[10] ?? '')) cells[10] = `-${cells[10]}`;
    return cells.join(',');
  });
  writeFileSync(csv, edited.join('\n'));
  await writeWorkbookFromCsv(csv, xlsx);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  const { code, stdout, stderr } = await runBudget('validate', '--json', ...args);
  return { code, json: JSON.parse(stdout), stderr };
}

describe('budget validate of a large workbook on two threads', () => {
  it('is split when two threads are asked for (its data sheet is over MIN_SHEET_BYTES)', async () => {
    const sheet = (await unzipEntries(readFileSync(xlsx))).find((entry) =>
      entry.name.startsWith('xl/worksheets/'),
    );
    expect(sheet?.data.length).toBeGreaterThan(MIN_SHEET_BYTES);
    const two = await validateWorkbookFile(xlsx, undefined, { fileName: xlsx }, { threads: 2 });
    expect(two.path).toMatchObject({ kind: 'parallel' });
    const one = await validateWorkbookFile(xlsx, undefined, { fileName: xlsx }, { threads: 1 });
    expect(one.path.kind).toBe('sequential');
    expect(two.result).toEqual(one.result);
    // The same rows as a CSV: the same groups, totals, period and rows.
    const fromCsv = await validateExport(createReadStream(csv), undefined, { fileName: csv });
    expect(two.result.groups).toEqual(fromCsv.groups);
    expect(two.result.totals).toEqual(fromCsv.totals);
    expect([two.result.rows, two.result.period]).toEqual([fromCsv.rows, fromCsv.period]);
  }, 60_000);

  it('prints with --threads 2 exactly what --threads 1 prints, and the CSV’s totals', async () => {
    const two = await cli(xlsx, '--threads', '2');
    const one = await cli(xlsx, '--threads', '1');
    expect(two).toEqual(one);
    expect(one.code).toBe(1);
    expect(one.json.rows).toBeGreaterThan(ROWS - 20);
    const months = one.json.errors.map((e: { line: number }) => e.line);
    expect(months.length).toBe(Math.floor(ROWS / 4_001));
    expect(Math.max(...months)).toBeGreaterThan(ROWS / 2);
    expect(one.json.warnings.length).toBeGreaterThan(1);

    const fromCsv = await cli(csv, '--threads', '2');
    expect(fromCsv.json).toMatchObject({
      valid: one.json.valid,
      rows: one.json.rows,
      period: one.json.period,
      totals: one.json.totals,
    });
    // The same issues, less the workbook's cell references (and an amount's text: the
    // workbook's number is its shortest decimal, -961137 for the CSV's -961137.00).
    const withoutCell = (issues: { cell?: string }[]) => issues.map(({ cell: _, ...issue }) => issue);
    expect(fromCsv.json.errors).toEqual(withoutCell(one.json.errors));
    const where = (issues: { line: number; column: string; message: string }[]) =>
      issues.map(({ line, column, message }) => ({ line, column, message }));
    expect(where(fromCsv.json.warnings)).toEqual(where(one.json.warnings));
  }, 60_000);
});
