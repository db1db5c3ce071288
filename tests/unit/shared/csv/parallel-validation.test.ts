/**
 * `budget validate` of a CSV in byte ranges on worker threads (shared/csv/parallel-validation.ts):
 * the same result as one reading — errors and warnings with their lines, capped as one reading
 * caps them, groups and totals — merged when the ranges provably read alone as in one piece,
 * and read again in one piece when not (a cut inside a quoted line break, a totals row after
 * the first range, a project named differently in two ranges). The fuzz suite checks the same
 * on every generated, mutated and random input (tests/fuzz/fuzz-support.ts `checkInput`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportShape, writeExport } from '../../../../scripts/export-generator';
import { busyCpusNow, threadsFor, validateCsvFile, watchCpus } from '../../../../shared/csv/range-threads';
import { validateExport } from '../../../../shared/export';
import { readInRanges } from '../../../fuzz/fuzz-support';
import { chunked } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'parallel-validation-'));
const file = join(dir, 'export.csv');
let text = '';

beforeAll(async () => {
  await writeExport(file, exportShape(6_000));
  text = readFileSync(file, 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const oneReading = (bytes: Uint8Array, options?: { maxErrors?: number }) =>
  validateExport(chunked(bytes, 1 << 16), options, { format: 'csv' });

/** The export's lines, with `edit` applied to some of them (1-based physical line numbers). */
function edited(edit: (line: string, number: number) => string): Buffer {
  const lines = text.split('\n').map((line, i) => (i === 0 || line === '' ? line : edit(line, i + 1)));
  return Buffer.from(lines.join('\n'));
}

describe('validating a CSV file in byte ranges', () => {
  it('on worker threads gives the one reading, merged', async () => {
    const parallel = await validateCsvFile(file, undefined, {}, { threads: 3, minRangeBytes: 64 * 1024 });
    expect(parallel.path.kind).toBe('parallel');
    // Three ranges on threads, then the last 64 KiB read on from their state.
    if (parallel.path.kind === 'parallel') expect(parallel.path.ranges).toHaveLength(4);
    expect(parallel.result).toEqual(await oneReading(readFileSync(file)));
    expect(parallel.result).toMatchObject({ valid: true, rows: 6_000 });
  });

  it('by default reads on a second thread only when a CPU is idle', async () => {
    expect(threadsFor(1, 0)).toBe(1);
    expect(threadsFor(2, 0.3)).toBe(2);
    // One core busy with other work: a second thread would only share the other core.
    expect(threadsFor(2, 1)).toBe(1);
    // What other processes use right now (not the minute's load average): another process
    // spinning meanwhile keeps about one CPU busy.
    const spinner = spawn(process.execPath, [
      '-e',
      'const end = Date.now() + 600; while (Date.now() < end);',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const others = await busyCpusNow(watchCpus());
    spinner.kill();
    expect(others).toBeGreaterThanOrEqual(0.6);
    expect(others).toBeLessThanOrEqual(cpus().length);
    expect(threadsFor(2, 2.5)).toBe(1);
    expect(threadsFor(8, 4)).toBe(2);
    // Whichever it chose, the answer is one reading's.
    const chosen = await validateCsvFile(file, undefined, {}, { minRangeBytes: 64 * 1024 });
    expect(chosen.result).toEqual(await oneReading(readFileSync(file)));
  });

  it('merges errors and warnings of every range in line order, capped as one reading caps them', async () => {
    // A bad month every 97 lines, a negative budget (a warning) every 89 (where it is not quoted).
    const bytes = edited((line, n) => {
      const cells = line.split(',');
      if (n % 97 === 0) cells[1] = '13';
      if (n % 89 === 0 && !cells[10]?.startsWith('"')) cells[10] = `-${cells[10]}`;
      return cells.join(',');
    });
    writeFileSync(join(dir, 'errors.csv'), bytes);
    const maxErrors = 5;
    const parallel = await validateCsvFile(
      join(dir, 'errors.csv'),
      { maxErrors },
      {},
      { threads: 2, minRangeBytes: 64 * 1024 },
    );
    expect(parallel.path.kind).toBe('parallel');
    const expected = await oneReading(bytes, { maxErrors });
    expect(parallel.result).toEqual(expected);
    expect(expected.errorCount).toBe(Math.floor(6_001 / 97));
    expect(expected.errors.map((issue) => issue.line)).toEqual([97, 194, 291, 388, 485]);
    expect(expected.warnings.length).toBeGreaterThan(10);
    // Uncapped, in ranges read here: every error of both halves, in line order.
    const ranged = await readInRanges(bytes, 4096, [bytes.length >> 1]);
    expect(ranged.path.kind).toBe('parallel');
    expect(ranged.result).toEqual(await oneReading(bytes));
  });

  it('reads in one piece when a cut falls on a line break inside quotes', async () => {
    const at = text.indexOf('\n', text.length >> 1);
    // A quoted field with a line break, around the place the file is cut.
    const before = text.lastIndexOf('\n', at - 1);
    const line = text.slice(before + 1, at).split(',');
    line[5] = `"${line[5]}\n续"`;
    const bytes = Buffer.from(`${text.slice(0, before + 1)}${line.join(',')}${text.slice(at)}`);
    const cut = Buffer.byteLength(text.slice(0, before + 1)) + 10;
    const ranged = await readInRanges(bytes, 4096, [cut]);
    expect(ranged.path).toEqual({ kind: 'sequential', reason: 'range 0 ends inside a record' });
    expect(ranged.result).toEqual(await oneReading(bytes));
  });

  it('checks a 合计 on the last lines or above the rows as one reading does', async () => {
    const lines = text.trimEnd().split('\n');
    const total = '2021,12,,合计,,,,,,,1,1,1';
    const atEnd = Buffer.from(`${lines.join('\n')}\n${total}\n`);
    const atTop = Buffer.from(`${[lines[0], total, ...lines.slice(1)].join('\n')}\n`);
    for (const bytes of [atEnd, atTop]) {
      const ranged = await readInRanges(bytes, 4096, [bytes.length >> 1], 4096);
      expect(ranged.path.kind).toBe('parallel');
      const expected = await oneReading(bytes);
      expect(ranged.result).toEqual(expected);
      expect(expected.errors.map((issue) => issue.code)).toEqual(['TOTALS_MISMATCH']);
    }
  });

  it('reads in one piece when a later range has a totals row or names a project otherwise', async () => {
    const lines = text.trimEnd().split('\n');
    const total = '2021,12,,合计,,,,,,,1,1,1';
    // From line 2,000 on, one project's every line gives it another name (the later range then
    // meets it only so named).
    const renamed = edited((line, n) =>
      n > 2_000 ? line.replace(/,440281A000000,[^,]+,/, ',440281A000000,改名项目,') : line,
    );
    for (const bytes of [Buffer.from(`${lines.join('\n')}\n${total}\n`), renamed]) {
      const ranged = await readInRanges(bytes, 4096, [Math.floor(bytes.length * 0.75)]);
      expect(ranged.path).toEqual({
        kind: 'sequential',
        reason: 'range 1 cannot be read apart from the rows before it',
      });
      const expected = await oneReading(bytes);
      expect(ranged.result).toEqual(expected);
      expect(expected.valid).toBe(false);
    }
  });
});
