/**
 * A workbook's data sheet read on two threads (shared/xlsx/workbook-ranges.ts), here on one:
 * the other thread's range read by `readWorkbookRange` itself, its outcome copied as posting it
 * copies it. On generated export workbooks (workbook-export-arbitrary.ts) cut anywhere — at
 * random, exactly at a row's tag, at a comment holding `<row r="9">` text — with a tail of
 * none, 50 bytes, 2,000 bytes or 64 KiB, the result must be exactly one reading's
 * (`validateExport`), whichever path was taken; and the two-thread path must be taken in a fair
 * share of cases, so the test cannot pass by always reading again in one piece.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { validateExport } from '../../shared/export';
import {
  readWorkbookRange,
  validateWorkbookInRanges,
  type WorkbookRangeRunner,
} from '../../shared/xlsx/workbook-ranges';
import { chunked } from './fuzz-support';
import { buildExportBook, CITY_MAPPING, exportBookArb } from './workbook-export-arbitrary';

const SEED = Number(process.env.FUZZ_WORKBOOK_RANGE_SEED ?? 20_261_207);
const RUNS = Number(process.env.FUZZ_WORKBOOK_RANGE_RUNS ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'workbook-ranges-'));
/** How each case was read: 'parallel' or the reason for one piece (numbers as N). */
const paths = new Map<string, number>();
/** Cases read on two threads, by tail size. */
const parallelByTail = new Map<number, number>();
let valid = 0;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  const counts = [...paths].sort((a, b) => b[1] - a[1]).map(([path, n]) => `${n} ${path}`);
  const tails = [...parallelByTail]
    .sort((a, b) => a[0] - b[0])
    .map(([tail, n]) => `${n} with a ${tail}-byte tail`);
  console.log(
    `workbook ranges: ${RUNS} generated workbooks (fast-check seed ${SEED}), ${valid} valid, all equal to one reading; ` +
      `paths: ${counts.join('; ')}; parallel: ${tails.join(', ')}`,
  );
});

/** The other thread's range, read here; its outcome as posting it between threads leaves it. */
const sameThread: WorkbookRangeRunner = {
  range: async (task) => structuredClone(await readWorkbookRange(task)),
  stop() {},
};

describe('a workbook read on two threads', () => {
  it('gives one reading’s result, wherever it is cut', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        exportBookArb,
        fc.constantFrom('random', 'random', 'row', 'comment', 'middle'),
        fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((n) => n / 1_000_000),
        fc.constantFrom(0, 50, 2000, 64 * 1024),
        async (book, cutAt, where, tailBytes) => {
          const built = buildExportBook(book);
          const file = join(dir, `book-${n++}.xlsx`);
          writeFileSync(file, built.bytes);
          const { xml, rowAt } = built.sheet;
          const pick = (offsets: readonly number[]) => offsets[Math.floor(where * offsets.length)];
          const cut =
            cutAt === 'middle'
              ? undefined
              : cutAt === 'row'
                ? pick(rowAt)
                : cutAt === 'comment'
                  ? (pick(built.commentsAt) ?? Math.floor(where * xml.length))
                  : Math.floor(where * xml.length);
          const plan = {
            minSheetBytes: 0,
            maxSharedStringsBytes: Number.POSITIVE_INFINITY,
            tailBytes,
            share: 0.5,
            ...(cut === undefined ? {} : { cut }),
          };
          const mapping = book.cityHeader ? { columns: CITY_MAPPING } : {};
          const context = { fileName: book.fileName, ...(book.cityHeader ? { mapping: CITY_MAPPING } : {}) };
          const options = { maxErrors: book.maxErrors };
          const two = await validateWorkbookInRanges(
            file,
            built.bytes.length,
            sameThread,
            plan,
            options,
            context,
          );
          const one = await validateExport(chunked(built.bytes, 1 << 16), options, {
            format: 'xlsx',
            fileName: book.fileName,
            ...mapping,
          });
          expect(two.result, JSON.stringify({ path: two.path, cut, tailBytes })).toEqual(one);
          const path = two.path.kind === 'parallel' ? 'parallel' : two.path.reason.replace(/\d+/g, 'N');
          paths.set(path, (paths.get(path) ?? 0) + 1);
          if (two.path.kind === 'parallel')
            parallelByTail.set(tailBytes, (parallelByTail.get(tailBytes) ?? 0) + 1);
          if (one.valid) valid++;
          rmSync(file);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    // The two-thread path is taken often, with every tail size, and each proof refuses sometimes.
    expect(paths.get('parallel') ?? 0).toBeGreaterThan(RUNS * 0.2);
    expect([...parallelByTail.keys()].sort((a, b) => a - b)).toEqual([0, 50, 2000, 64 * 1024]);
    for (const reason of [
      'the range starts at N, the scan paused at N',
      'the range starts with a row without its number',
      'the range cannot be read apart from the rows before it',
    ])
      expect(paths.get(reason), reason).toBeGreaterThan(0);
  }, 120_000);
});
