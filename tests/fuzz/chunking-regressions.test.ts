/**
 * A file is what its bytes say, however the stream that carries them is cut: S3 hands the
 * Lambda whatever the network delivered, the CLI reads 64 KiB at a time. Minimal cases of two
 * ways the verdict used to depend on the chunking, found by mutated-exports.test.ts:
 *
 * - the encoding was decided on the first batch holding non-ASCII bytes, which with small
 *   chunks could be a single line: a GB18030 title like 目录 is valid UTF-8, so a valid GB18030
 *   export was rejected (62 encoding errors) when its first chunks were small, and a UTF-8 file
 *   with one broken byte in its first line was read as GB18030 throughout;
 * - csv-parse picked the record delimiter from the first line break of each batch, so a bare
 *   CR inside a line of an LF/CRLF file split the record in some batches and not in others;
 * - when a chunk ended right after the first line break of a CR file, the separator was
 *   decided on the next chunk alone, and an LF in it (say, inside a quoted name) made the
 *   whole CR file one line (found by generated-exports.test.ts).
 */
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { ValidationResult } from '../../shared/domain-types';
import { validateExport } from '../../shared/export';
import { chunked } from './fuzz-support';

const example = (month: number) =>
  readFileSync(
    new URL(`../../examples/lechang-2021/2021-${String(month).padStart(2, '0')}.csv`, import.meta.url),
  );
const fixture = (name: string) => readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url));

const CHUNK_SIZES = [1, 2, 7, 64, 1024, 1 << 16];

function view(result: ValidationResult) {
  return {
    valid: result.valid,
    encoding: result.encoding,
    rows: result.rows,
    totals: result.totals,
    errors: result.errors.map(({ code, line, column }) => ({ code, line, column })),
  };
}

async function verdicts(bytes: Uint8Array) {
  const results = [];
  for (const size of CHUNK_SIZES) results.push(view(await validateExport(chunked(bytes, size))));
  return results;
}

describe('the verdict does not depend on how the input is chunked', () => {
  it('reads a GB18030 export whose first line happens to be valid UTF-8 (目录) as GB18030', async () => {
    const bytes = iconv.encode(`目录\r\n${example(12).toString('utf8')}`, 'gb18030');
    const all = await verdicts(bytes);
    for (const result of all) {
      expect(result).toMatchObject({ valid: true, encoding: 'gb18030', rows: 23, errors: [] });
      expect(result.totals.budget).toBe(12_965_370_000n);
    }
  });

  it('reports one broken byte of a UTF-8 file on its line, whatever the chunks', async () => {
    const bytes = fixture('lechang-2021-12.wan-note.csv').subarray(1);
    const all = await verdicts(bytes);
    for (const result of all) {
      expect(result).toMatchObject({
        valid: false,
        encoding: 'utf-8',
        errors: [{ code: 'INVALID_ENCODING', line: 1 }],
      });
    }
  });

  it('keeps a bare CR inside a line of a CRLF file in its cell, whatever the chunks', async () => {
    const text = example(3).toString('utf8');
    const secondLine = text.indexOf('\r\n') + 2;
    const fund = text.indexOf('一般公共预算', secondLine) + 2;
    const bytes = Buffer.from(`${text.slice(0, fund)}\r${text.slice(fund)}`, 'utf8');
    const all = await verdicts(bytes);
    for (const result of all) {
      expect(result).toEqual(all[0]);
      expect(result.errors).toEqual([{ code: 'INVALID_FUND_TYPE', line: 2, column: '资金性质' }]);
    }
  });

  it('reads a CR file whose first chunk ends at its first line break, with an LF inside a quoted name', async () => {
    const text = `\uFEFF${fixture('lechang-2021-12.lf.csv')
      .toString('utf8')
      .trimEnd()
      .replace(/\n/g, '\r')
      .replace('乐昌市民政局', '"乐昌市\n民政局"')}\r`;
    const bytes = Buffer.from(text, 'utf8');
    const headerEnd = bytes.indexOf(0x0d) + 1;
    async function* cutAtFirstBreak() {
      yield bytes.subarray(0, headerEnd);
      yield bytes.subarray(headerEnd);
    }
    const result = view(await validateExport(cutAtFirstBreak()));
    expect(result).toMatchObject({ valid: true, rows: 23, errors: [] });
    for (const other of await verdicts(bytes)) expect(other).toEqual(result);
  });

  it('gives one verdict for an LF file that starts with a stray CR', async () => {
    const bytes = Buffer.concat([Buffer.from('\r'), fixture('lechang-2021-12.lf.csv')]);
    const all = await verdicts(bytes);
    for (const result of all) expect(result).toEqual(all[0]);
  });
});
