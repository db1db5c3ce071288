/**
 * The two-thread workbook reading's fault paths (shared/xlsx/workbook-ranges.ts): whatever the
 * other thread does — fails, starts at another row, refuses, hands back a state under another
 * header or a fatal one, a tail whose first row has no number — the result is one reading's,
 * read again in one piece, and the path says why; the other thread is stopped. Errors past the
 * cap and a row limit passed by both halves together read as one reading reads them; a row tag
 * cut by the end of an inflated chunk is found (the range's search carries it over) and a tail
 * of several chunks is handed over. On a real worker thread (workbook-threads.ts), a small
 * sheet cut in the middle gives one reading's result on the two-thread path. The equivalence on
 * generated workbooks cut anywhere is tests/fuzz/workbook-ranges.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateExport } from '../../../../shared/export';
import {
  readWorkbookRange,
  validateWorkbookInRanges,
  type WorkbookPlan,
  type WorkbookRangeOutcome,
  type WorkbookRangeRunner,
  type WorkbookRangeTask,
} from '../../../../shared/xlsx/workbook-ranges';
import { validateWorkbookFile } from '../../../../shared/xlsx/workbook-threads';
import { DEFAULT_ZIP_LIMITS, GuardedZip, INFLATE_CHUNK_BYTES } from '../../../../shared/xlsx/zip-guard';
import { buildExportBook, CONTRACT_HEADER, type ExportBook } from '../../../fuzz/workbook-export-arbitrary';
import { rawWorkbookBytes } from '../../../support/raw-workbook';
import { chunksOf } from '../../../support/workbooks';
import { worksheetXml, type XmlRow } from '../../../support/worksheet-xml';

const dir = mkdtempSync(join(tmpdir(), 'workbook-ranges-unit-'));
const file = join(dir, 'export.xlsx');
/** 300 rows with a 合计 at the end, errors in both halves (a bad month every 37 rows). */
const BOOK: ExportBook = {
  lines: Array.from({ length: 300 }, (_, i) => ({
    unit: i % 4,
    project: i % 5,
    fund: i % 3 === 0 ? '政府性基金预算' : '一般公共预算',
    functionCode: (['', '2080201', '2081901'] as const)[i % 3] ?? '',
    type: i % 2 === 0 ? '基本支出' : '项目支出',
    budget: 1_000 + i * 37,
    spent: i * 11,
    // Fault 0 is a bad month (an error) at this book's rate of 2 per 1,000: every 37th row.
    fault: i % 37 === 5 ? 0 : 999,
    form: i % 4,
    numbered: true,
    comment: false,
    totalsBefore: false,
  })),
  layout: 'contract',
  title: true,
  extraColumns: true,
  totals: 'end',
  faults: 2,
  middleTotals: false,
  firstSheet: 'cover',
  prefix: '',
  padding: 0,
  fileName: 'export.xlsx',
  maxErrors: 100,
  cityHeader: false,
};
const built = buildExportBook(BOOK);
const PLAN: WorkbookPlan = {
  minSheetBytes: 0,
  maxSharedStringsBytes: Number.POSITIVE_INFINITY,
  tailBytes: 2000,
  share: 0.5,
};
let oneReading: Awaited<ReturnType<typeof validateExport>>;

beforeAll(async () => {
  writeFileSync(file, built.bytes);
  oneReading = await validateExport(chunksOf(built.bytes, 1 << 16), undefined, {
    format: 'xlsx',
    fileName: file,
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A same-thread runner whose outcome `alter` changes; counts its stops. */
function runner(alter: (outcome: WorkbookRangeOutcome, task: WorkbookRangeTask) => WorkbookRangeOutcome) {
  const calls = { ranges: 0, stops: 0 };
  const run: WorkbookRangeRunner = {
    range: async (task) => {
      calls.ranges++;
      return alter(structuredClone(await readWorkbookRange(task)), task);
    },
    stop: () => {
      calls.stops++;
    },
  };
  return { run, calls };
}

const validate = (run: WorkbookRangeRunner, plan: WorkbookPlan = PLAN) =>
  validateWorkbookInRanges(file, built.bytes.length, run, plan, undefined, { fileName: file });

describe('a workbook read on two threads', () => {
  it('as planned: the two-thread path, one reading’s result (errors of both halves, the 合计 in the tail)', async () => {
    const { run, calls } = runner((outcome) => outcome);
    const two = await validate(run);
    expect(two.path).toMatchObject({ kind: 'parallel' });
    expect(two.result).toEqual(oneReading);
    // Errors on both sides of the cut, in line order.
    const months = oneReading.errors.filter((e) => e.code === 'INVALID_MONTH').map((e) => e.line);
    expect(months.length).toBeGreaterThan(6);
    expect(Math.min(...months)).toBeLessThan(50);
    expect(Math.max(...months)).toBeGreaterThan(250);
    expect(calls).toMatchObject({ ranges: 1 });
    expect(calls.stops).toBeGreaterThan(0);
  });

  const faults: [string, (outcome: WorkbookRangeOutcome) => WorkbookRangeOutcome, RegExp][] = [
    [
      'starts at another row',
      (outcome) => ({ ...outcome, start: outcome.start + 1 }),
      /^the range starts at \d+, the scan paused at \d+$/,
    ],
    [
      'refuses',
      (outcome) => ({ ...outcome, refusal: 'no row tag after the cut' }),
      /^no row tag after the cut$/,
    ],
    [
      'read under another header',
      (outcome) => ({
        ...outcome,
        state: { ...outcome.state, header: outcome.state.header && { ...outcome.state.header, line: 99 } },
      }),
      /^the range cannot be read apart from the rows before it$/,
    ],
    [
      'stopped on a fatal problem',
      (outcome) => ({ ...outcome, state: { ...outcome.state, fatal: true } }),
      /^the range cannot be read apart from the rows before it$/,
    ],
    [
      'hands back a tail whose first row has no number',
      (outcome) => {
        if (outcome.tail === null) throw new Error('the plan has a tail');
        const text = Buffer.from(outcome.tail.bytes)
          .toString('utf8')
          .replace(/^<row r="\d+"/, '<row');
        return { ...outcome, tail: { at: outcome.tail.at, bytes: new Uint8Array(Buffer.from(text)) } };
      },
      /^the tail starts with a row without its number$/,
    ],
  ];
  for (const [what, alter, reason] of faults)
    it(`reads in one piece when the other thread ${what}`, async () => {
      const { run, calls } = runner(alter);
      const two = await validate(run);
      expect(two.path.kind).toBe('sequential');
      if (two.path.kind === 'sequential') expect(two.path.reason).toMatch(reason);
      expect(two.result).toEqual(oneReading);
      expect(calls.stops).toBeGreaterThan(0);
    });

  it('reads in one piece when the other thread fails', async () => {
    const rejects = await validate({ range: () => Promise.reject(new Error('worker exited')), stop() {} });
    expect(rejects.path).toEqual({
      kind: 'sequential',
      reason: 'the other thread failed: Error: worker exited',
    });
    expect(rejects.result).toEqual(oneReading);
  });

  it('reads in one piece when the runner throws at once instead of rejecting (not a damaged file)', async () => {
    const throws = await validate({
      range: () => {
        throw new Error('no worker');
      },
      stop() {},
    });
    expect(throws.path).toEqual({ kind: 'sequential', reason: 'the other thread failed: Error: no worker' });
    expect(throws.result).toEqual(oneReading);
  });

  it('reads in one piece, without asking for a range, a sheet below the plan’s size', async () => {
    const { run, calls } = runner((outcome) => outcome);
    const two = await validate(run, { ...PLAN, minSheetBytes: built.sheet.xml.length + 1 });
    expect(two.path).toEqual({ kind: 'sequential', reason: 'sheet too small to split' });
    expect(two.result).toEqual(oneReading);
    expect(calls.ranges).toBe(0);
    const strings = await validate(run, { ...PLAN, maxSharedStringsBytes: 10 });
    expect(strings.path).toEqual({ kind: 'sequential', reason: 'shared strings too large to hold twice' });
    expect(calls.ranges).toBe(0);
  });

  it('on a real worker thread gives one reading’s result, on the two-thread path', async () => {
    const two = await validateWorkbookFile(
      file,
      undefined,
      { fileName: file },
      { threads: 2, plan: { minSheetBytes: 0 } },
    );
    expect(two.path).toMatchObject({ kind: 'parallel' });
    expect(two.result).toEqual(oneReading);
    const one = await validateWorkbookFile(
      file,
      undefined,
      { fileName: file },
      { threads: 1, plan: { minSheetBytes: 0 } },
    );
    expect(one.path.kind).toBe('sequential');
    expect(one.result).toEqual(oneReading);
  });

  it('gives one reading’s result with errors past the cap, and a row limit passed only by both halves', async () => {
    const everyRowBad: ExportBook = {
      ...BOOK,
      faults: 1000,
      lines: BOOK.lines.map((line) => ({ ...line, fault: 0 })),
    };
    const bad = join(dir, 'bad.xlsx');
    const badBytes = buildExportBook(everyRowBad).bytes;
    writeFileSync(bad, badBytes);
    const { run } = runner((outcome) => outcome);
    const expected = await validateExport(chunksOf(badBytes, 1 << 16), undefined, {
      format: 'xlsx',
      fileName: bad,
    });
    expect(expected.errorCount).toBeGreaterThan(expected.errors.length);
    const two = await validateWorkbookInRanges(bad, badBytes.length, run, PLAN, undefined, { fileName: bad });
    expect(two.path).toMatchObject({ kind: 'parallel' });
    expect(two.result).toEqual(expected);

    // 300 rows, at most 200: each half alone is under the limit.
    for (const maxRows of [200, 100]) {
      const limited = await validateWorkbookInRanges(
        file,
        built.bytes.length,
        run,
        PLAN,
        { maxRows },
        { fileName: file },
      );
      expect(limited.path.kind, `${maxRows}`).toBe('sequential');
      expect(limited.result).toEqual(
        await validateExport(chunksOf(built.bytes, 1 << 16), { maxRows }, { format: 'xlsx', fileName: file }),
      );
    }
  });

  describe('a sheet inflated in several chunks', () => {
    /** What the zip guard's inflater gives at a time when the deflated input is at hand. */
    const CHUNK = INFLATE_CHUNK_BYTES;
    /** White space before each of the 700 rows: the sheet inflates in more than three chunks. */
    const PADDING = Math.ceil((CHUNK * 3.5) / 700);
    const header = CONTRACT_HEADER.split(',');
    const dataRow = (i: number): XmlRow['cells'] =>
      [
        '2021',
        '12',
        `10100${i % 4}`,
        `单位${i % 4}`,
        `440281A0${i % 5}`,
        `项目${i % 5}`,
        '一级',
        '一般公共预算',
        '2080201',
        '项目支出',
        (1000 + i).toFixed(2),
        '0.00',
        (i % 100).toFixed(2),
      ].map((text, column) => ({
        column,
        ref: true,
        cell: column >= 10 ? { kind: 'number', text } : { kind: 'inline', xml: text },
      }));
    /** 700 rows with white space between them (deflated small, inflated to several chunks), row `move.row`'s tag moved to `move.to`. */
    function sheetWith(move: { row: number; to: number } | null) {
      const rows: XmlRow[] = [
        {
          number: 1,
          numbered: true,
          cells: header.map((text, column) => ({ column, ref: true, cell: { kind: 'inline', xml: text } })),
        },
        ...Array.from({ length: 700 }, (_, i) => ({
          number: i + 2,
          numbered: true,
          before: ' '.repeat(PADDING),
          cells: dataRow(i),
        })),
      ];
      if (move !== null) {
        const plain = worksheetXml(rows, { prefix: '', spaced: false });
        const row = rows[move.row] as XmlRow;
        const end = (plain.rowAt[move.row] as number) - PADDING;
        row.before = ' '.repeat(move.to - end);
      }
      return worksheetXml(rows, { prefix: '', spaced: false });
    }
    /** The row whose tag is moved to straddle the first chunk's end (`<r` | `ow r="…"`). */
    function straddling() {
      const plain = sheetWith(null);
      const row = plain.rowAt.findIndex((at) => at >= CHUNK - 2);
      const sheet = sheetWith({ row, to: CHUNK - 2 });
      expect(sheet.rowAt[row]).toBe(CHUNK - 2);
      return { sheet, row };
    }
    async function chunkEnds(path: string, size: number): Promise<number[]> {
      const zip = await GuardedZip.open(path, size, DEFAULT_ZIP_LIMITS);
      try {
        const part = zip.part('xl/worksheets/sheet1.xml');
        if (part === undefined) throw new Error('no sheet');
        const ends: number[] = [];
        let at = 0;
        for await (const chunk of zip.read(part, 'worksheet')) {
          at += chunk.length;
          ends.push(at);
        }
        return ends;
      } finally {
        await zip.close();
      }
    }

    it('finds the range’s first row tag across a chunk’s end, and hands over a tail of several chunks', async () => {
      const { sheet, row } = straddling();
      const bytes = rawWorkbookBytes({
        sheets: [{ name: '预算执行', part: 'xl/worksheets/sheet1.xml', xml: sheet.xml.toString() }],
      });
      const path = join(dir, 'chunks.xlsx');
      writeFileSync(path, bytes);
      const ends = await chunkEnds(path, bytes.length);
      // The test means what it says: the row's tag is cut by the first chunk's end, and the
      // tail starts two chunks later.
      expect(ends.slice(0, 3)).toEqual([CHUNK, 2 * CHUNK, 3 * CHUNK]);
      const expected = await validateExport(chunksOf(bytes, 1 << 16), undefined, {
        format: 'xlsx',
        fileName: path,
      });
      expect(expected).toMatchObject({ valid: true, rows: 700 });
      const { run } = runner((outcome) => outcome);
      const tailBytes = sheet.xml.length - (2 * CHUNK + 1000);
      for (const [cut, start] of [
        [CHUNK - 10, CHUNK - 2], // the search meets `<r` at the chunk's end
        [CHUNK - 1, sheet.rowAt[row + 1]], // the cut inside the cut tag: the next row
        [CHUNK + 5000, sheet.rowAt.find((at) => at >= CHUNK + 5000)], // a cut in the second chunk
      ] as const) {
        for (const plan of [
          { ...PLAN, cut, tailBytes },
          { ...PLAN, cut, tailBytes: 0 },
        ]) {
          const two = await validateWorkbookInRanges(path, bytes.length, run, plan, undefined, {
            fileName: path,
          });
          expect(two.path, `cut ${cut}, tail ${plan.tailBytes}`).toMatchObject({ kind: 'parallel', start });
          expect(two.result).toEqual(expected);
        }
      }
    });
  });
});
