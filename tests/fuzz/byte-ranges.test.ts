/**
 * Reading an export in byte ranges, each alone, then merging (what `budget validate` does on
 * several threads, shared/csv/parallel-validation.ts), on exports made to stress the merge: few
 * groups whose lines mix function codes, lines without a code and both expenditure types in any
 * order, so that a group's sums per code split (or not) at any line, in any range; a 合计 row at
 * the end or the top or none; cut in two to five ranges anywhere, with or without a tail read on
 * from the ranges. The result must be the one reading's — every figure per code and per
 * type, every issue with its line — and mostly merged, not read again.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { validateExport } from '../../shared/export';
import { chunked, readInRanges } from './fuzz-support';

const SEED = 20_261_206;
const RUNS = Number(process.env.FUZZ_RANGE_RUNS ?? 1000);
const HEADER =
  '年度,月份,单位编码,单位名称,项目编码,项目名称,项目级次,资金性质,功能科目编码,支出类型,全年预算数,本月支出,累计支出';

const lineArb = fc.record({
  unit: fc.constantFrom('101001', '101002'),
  project: fc.constantFrom('440281A01', '440281A02'),
  fund: fc.constantFrom('一般公共预算', '政府性基金预算'),
  functionCode: fc.constantFrom('', '2080201', '2081901', '2296002'),
  type: fc.constantFrom('基本支出', '项目支出'),
  budget: fc.integer({ min: 0, max: 99_999 }),
  spent: fc.integer({ min: 0, max: 99_999 }),
  /** Rare: a bad month (an error) or a quoted amount. */
  badMonth: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  quoted: fc.boolean(),
});

type Line = typeof lineArb extends fc.Arbitrary<infer T> ? T : never;

/** A 合计 row: right (`end`, below the rows) or wrong (`top`, above them: checked at the end). */
function totalsLine(lines: Line[]): string {
  const budget = lines.reduce((sum, line) => sum + (line.badMonth ? 0 : line.budget), 0);
  return ['2021', '12', '', '合计', '', '', '', '', '', '', (budget / 100).toFixed(2), '', ''].join(',');
}

function exportText(lines: Line[], crlf: boolean, totalsRow: 'none' | 'end' | 'top'): string {
  const rows = lines.map((line) => {
    const budget = line.quoted ? `"${(line.budget / 100).toFixed(2)}"` : (line.budget / 100).toFixed(2);
    return [
      2021,
      line.badMonth ? 13 : 12,
      line.unit,
      `单位${line.unit}`,
      line.project,
      `项目${line.project}`,
      '一级',
      line.fund,
      line.functionCode,
      line.type,
      budget,
      (line.spent / 100).toFixed(2),
      (line.spent / 100).toFixed(2),
    ].join(',');
  });
  const total = totalsLine(lines);
  const all = totalsRow === 'top' ? [total, ...rows] : totalsRow === 'end' ? [...rows, total] : rows;
  return [HEADER, ...all, ''].join(crlf ? '\r\n' : '\n');
}

let cases = 0;
let merged = 0;

afterAll(() => {
  console.log(
    `byte ranges: ${cases} exports (fast-check seed ${SEED}) cut in 2–5 ranges, ${merged} merged, the rest read ` +
      'again in one piece; all equal to one reading',
  );
});

describe('an export read in byte ranges', () => {
  it('gives the one reading, figures per code and per type included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineArb, { minLength: 2, maxLength: 120 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 1 << 20 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 700 }),
        fc.constantFrom('none', 'end', 'top'),
        fc.boolean(),
        async (lines, crlf, fractions, chunkSize, totalsRow, tail) => {
          const bytes = Buffer.from(exportText(lines, crlf, totalsRow));
          // Anywhere after the header (a cut before it only means reading in one piece).
          const header = Buffer.byteLength(HEADER);
          const cuts = [...new Set(fractions.map((at) => header + (at % (bytes.length - header))))]
            .filter((cut) => cut > 0 && cut < bytes.length)
            .sort((a, b) => a - b);
          if (cuts.length === 0) return;
          const ranged = await readInRanges(bytes, chunkSize, cuts, tail ? bytes.length >> 3 : 0);
          const one = await validateExport(chunked(bytes, chunkSize));
          expect(ranged.result, JSON.stringify(ranged.path)).toEqual(one);
          cases++;
          if (ranged.path.kind === 'parallel') merged++;
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    expect(merged).toBeGreaterThan(cases * 0.4);
  });
});
