/**
 * The CSV fast path (shared/csv/fast-record-splitter.ts) against csv-parse, record by record:
 * for text built from the pieces a CSV reader has opinions about, in any chunking, the reader
 * hands the sink exactly the same records on the same lines, and the same problems, with the
 * fast path as with csv-parse alone. (Every other fuzz case compares whole validation results,
 * see fuzz-support.ts; this one looks below the rules, where a difference cannot hide behind a
 * rejection.)
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { type CsvParsing, CsvRecordReader } from '../../shared/csv/csv-record-reader';
import type { ReaderProblem } from '../../shared/export/record-source';

const SEED = 0xfa57;
const RUNS = Number(process.env.FUZZ_FAST_PATH_RUNS ?? 1500);
let records = 0;
let problems = 0;

afterAll(() => {
  console.log(
    `fast path vs csv-parse: ${RUNS * 2} inputs (fast-check seed ${SEED}), ${records} records and ` +
      `${problems} problems read identically`,
  );
});

/** Quotes in every position, separators, line breaks of every kind, BOMs, multi-byte text. */
const PIECES = [
  ',',
  ',',
  ',',
  '"',
  '"',
  '""',
  '\n',
  '\n',
  '\r\n',
  '\r',
  ' ',
  'a',
  '12',
  '1,234.56',
  '"1,234.56"',
  '"x"',
  '""',
  '\uFEFF',
  '合计',
  '一般公共预算',
  '乐昌市民政局',
  '😀',
  'é',
];

const LIMITS = { maxFieldBytes: 4096, maxRecordBytes: 8192, maxFileBytes: 1 << 20 };

interface Reading {
  records: { fields: string[]; line: number }[];
  problems: ReaderProblem[];
  encoding: string | null;
}

function read(bytes: Uint8Array, chunkSize: number, parsing: CsvParsing): Reading {
  const reading: Reading = { records: [], problems: [], encoding: null };
  const reader = new CsvRecordReader(
    LIMITS,
    {
      onRecord: (fields, line) => reading.records.push({ fields: [...fields], line }),
      onProblem: (problem) => reading.problems.push(problem),
      onStop: () => {},
    },
    parsing,
  );
  for (let offset = 0; offset < bytes.length && !reader.isStopped; offset += chunkSize) {
    reader.push(bytes.subarray(offset, offset + chunkSize));
  }
  reader.end();
  reading.encoding = reader.encoding;
  return reading;
}

const noiseArb = fc
  .array(fc.constantFrom(...PIECES), { minLength: 0, maxLength: 200 })
  .map((p) => p.join(''));

/** Mostly well-formed records (the fast path's own ground), with a rare odd field or line break. */
const PLAIN = ['', 'a', '2021', '12', '101001', '乐昌市民政局', '一般公共预算', '1234.56', ' x ', '😀é'];
const fieldArb = fc.oneof(
  { weight: 45, arbitrary: fc.constantFrom(...PLAIN) },
  { weight: 15, arbitrary: fc.constantFrom(...PLAIN).map((text) => `"${text}"`) },
  { weight: 1, arbitrary: fc.constantFrom(...PIECES) },
);
const recordsArb = fc
  .array(
    fc.tuple(
      fc.array(fieldArb, { minLength: 1, maxLength: 6 }),
      fc.oneof(
        { weight: 20, arbitrary: fc.constantFrom('\n', '\r\n') },
        { weight: 1, arbitrary: fc.constantFrom('\r', '') },
      ),
    ),
    { minLength: 5, maxLength: 40, size: 'max' },
  )
  .map((lines) => lines.map(([fields, end]) => fields.join(',') + end).join(''));
const textArb = fc.oneof(noiseArb, recordsArb, recordsArb);

describe('the fast path', () => {
  it('reads every record, line and problem exactly as csv-parse does, in any chunking', () => {
    fc.assert(
      fc.property(textArb, fc.integer({ min: 1, max: 300 }), (text, chunkSize) => {
        const bytes = Buffer.from(text, 'utf8');
        const fast = read(bytes, chunkSize, 'fast');
        expect(fast).toEqual(read(bytes, chunkSize, 'csv-parse'));
        records += fast.records.length;
        problems += fast.problems.length;
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('reads GB18030 and damaged UTF-8 as csv-parse does', () => {
    fc.assert(
      fc.property(
        textArb,
        fc.constantFrom('gb18030', 'damaged'),
        fc.integer({ min: 1, max: 300 }),
        (text, kind, chunkSize) => {
          const utf8 = Buffer.from(text, 'utf8');
          const bytes =
            kind === 'damaged'
              ? Buffer.concat([
                  utf8.subarray(0, utf8.length >> 1),
                  Buffer.from([0xff]),
                  utf8.subarray(utf8.length >> 1),
                ])
              : iconv.encode(text, 'gb18030');
          const fast = read(bytes, chunkSize, 'fast');
          expect(fast).toEqual(read(bytes, chunkSize, 'csv-parse'));
          records += fast.records.length;
          problems += fast.problems.length;
        },
      ),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });
});
