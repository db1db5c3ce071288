/**
 * Hostile input, part 3: bytes nobody would call an export — uniformly random bytes, and
 * random text over the characters that matter to a CSV reader (quotes, separators, CR/LF,
 * BOMs, digits, signs, header words, 合计, CJK, invalid UTF-8 and GB18030 fragments), with
 * and without a real header in front. The validator must still answer, quickly, the same
 * however the bytes are chunked, and accept nothing the reference reads differently.
 */
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { checkInput, emptyTally } from './fuzz-support';

const SEED = 0xbad_c5f;
const RUNS = Number(process.env.FUZZ_RANDOM_RUNS ?? 600);
const tally = emptyTally();

afterAll(() => {
  console.log(
    `hostile-input random input: ${tally.cases} cases (fast-check seed ${SEED}), ` +
      `${(tally.bytes / 1024).toFixed(0)} KiB; ${tally.accepted} accepted and equal to the reference, ` +
      `${tally.rejected} rejected; slowest run ${tally.slowestMs.toFixed(0)} ms; read in byte ranges too, ${tally.merged} merged and the rest ` +
      'read again in one piece, all equal',
  );
});

const HEADER =
  '年度,月份,单位编码,单位名称,项目编码,项目名称,项目级次,资金性质,功能科目编码,支出类型,全年预算数,本月支出,累计支出\n';

/** Pieces a CSV reader has opinions about. */
const TOKENS = [
  ',',
  ',',
  ',',
  '"',
  '""',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '\t',
  ';',
  '0',
  '1',
  '2',
  '9',
  '12',
  '2021',
  '.',
  '-',
  '+',
  '(',
  ')',
  '1,234.56',
  '1.2E+07',
  '合计',
  '小计',
  '一般公共预算',
  '项目支出',
  '年度',
  '全年预算数（万元）',
  '姓名',
  '乐昌',
  '\uFEFF',
  '\u3000',
  '（',
  '）',
];
const RAW = [
  [0xff],
  [0xc3],
  [0x80],
  [0xbc, 0xc6],
  [0xe4, 0xb8],
  [0x84, 0x31, 0x95, 0x33],
  [0x00],
  [0x50, 0x4b, 0x03, 0x04],
];

const tokenText = fc
  .array(
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...TOKENS).map((t) => Buffer.from(t, 'utf8')) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW).map((b) => Buffer.from(b)) },
    ),
    { maxLength: 600, size: 'medium' },
  )
  .map((parts) => Buffer.concat(parts));

describe('random input', () => {
  it('random bytes get a verdict, fast, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 4000, size: 'medium' }),
        fc.integer({ min: 1, max: 512 }),
        async (bytes, chunk) => {
          await checkInput(bytes, chunk, tally);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('random CSV-ish text, with or without a real header, gets a verdict and no wrong sums', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        tokenText,
        fc.integer({ min: 1, max: 512 }),
        async (withHeader, body, chunk) => {
          const bytes = withHeader ? Buffer.concat([Buffer.from(HEADER), body]) : body;
          await checkInput(bytes, chunk, tally);
        },
      ),
      { seed: SEED + 1, numRuns: RUNS * 2 },
    );
  });
});
