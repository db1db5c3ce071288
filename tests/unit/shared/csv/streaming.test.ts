import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { validateExport } from '../../../../shared/export';
import {
  detail,
  examplePath,
  fixturePath,
  HEADER,
  located,
  readFixture,
  validateBytes,
  validateFile,
} from './helpers';

describe('streaming input', () => {
  it.each([1, 2, 3, 7, 4096])('gives the same result for GB18030 split into %i-byte chunks', async (size) => {
    const reference = await validateFile(examplePath(12));
    const result = await validateBytes(readFixture('lechang-2021-12.gb18030.csv'), undefined, size);
    expect(result.errors).toEqual([]);
    expect(result.encoding).toBe('gb18030');
    expect(result.groups).toEqual(reference.groups);
  });

  it.each([1, 2, 5])('gives the same result for UTF-8 with BOM split into %i-byte chunks', async (size) => {
    const reference = await validateFile(examplePath(12));
    const result = await validateBytes(readFixture('lechang-2021-12.bom.csv'), undefined, size);
    expect(result.groups).toEqual(reference.groups);
    expect(result.bytes).toBe(readFixture('lechang-2021-12.bom.csv').length);
  });

  it('detects GB18030 when the first non-ASCII text comes late in the file', async () => {
    const english = readFixture('lechang-2021-12.english.csv').toString('utf8');
    const [header = '', ...rows] = english.split('\n');
    const asciiRows = Array.from({ length: 3000 }, (_, i) =>
      detail({ 3: 'Civil Affairs Bureau', 4: `X${i}`, 5: `Project ${i}`, 10: '1.00', 11: '0', 12: '1.00' }),
    );
    const text = [header, ...asciiRows, ...rows].join('\r\n');
    const result = await validateBytes(iconv.encode(text, 'gb18030'), undefined, 1000);
    expect(result.errors).toEqual([]);
    expect(result.encoding).toBe('gb18030');
    expect(result.groups.some((group) => group.unitName === '乐昌市民政局')).toBe(true);
  });

  it('reports unreadable characters instead of guessing', async () => {
    const good = Buffer.from(`${HEADER}\n${detail()}\n`);
    const damaged = Buffer.concat([
      Buffer.from('2021,12,101001,'),
      Buffer.from([0xff, 0xfe, 0xfd]),
      Buffer.from(',P9,x,一级,一般公共预算,,项目支出,1,1,1\n'),
    ]);
    const result = await validateBytes(Buffer.concat([good, damaged]));
    expect(located(result.errors)).toEqual([{ code: 'INVALID_ENCODING', line: 3, column: '单位名称' }]);
  });
});

describe('line numbers', () => {
  it.each(['multiline-quoted.csv', 'multiline-quoted-crlf.csv'])(
    'count the physical lines of a quoted field with newlines (%s)',
    async (name) => {
      const result = await validateFile(fixturePath(name));
      expect(located(result.errors)).toEqual([{ code: 'INVALID_FUND_TYPE', line: 5, column: '资金性质' }]);
      expect(result.rows).toBe(2);
    },
  );

  it('keep the multi-line value intact, quotes unescaped', async () => {
    const csv = `${HEADER}\n${detail({ 5: '"最低生活保障\n（城市）\n含""应急""部分"' })}\n`;
    const result = await validateBytes(csv);
    expect(result.groups[0]?.projectName).toBe('最低生活保障\n（城市）\n含"应急"部分');
  });

  it('stay right when a multi-line record straddles chunk boundaries', async () => {
    const rows = Array.from({ length: 40 }, (_, i) =>
      i % 7 === 3 ? detail({ 4: `P${i}`, 5: `"第${i}项\r\n说明"` }) : detail({ 4: `P${i}`, 5: `项目${i}` }),
    );
    const csv = `${HEADER}\r\n${rows.join('\r\n')}\r\n${detail({ 7: 'x' })}\r\n`;
    // 40 records, 6 of them on two lines: the bad one starts at 1 + 40 + 6 + 1 = 48.
    for (const size of [1, 13, 100, 1 << 16]) {
      const result = await validateBytes(csv, undefined, size);
      expect(located(result.errors)).toEqual([{ code: 'INVALID_FUND_TYPE', line: 48, column: '资金性质' }]);
    }
  });

  it('report an unclosed quote at the record where it starts', async () => {
    const result = await validateFile(fixturePath('unclosed-quote.csv'));
    expect(located(result.errors)).toEqual([{ code: 'UNCLOSED_QUOTE', line: 3, column: '项目名称' }]);
    expect(result.rows).toBe(1);
  });

  it('report a stray quote and go on with the next record', async () => {
    const result = await validateFile(fixturePath('stray-quote.csv'));
    expect(located(result.errors)).toEqual([{ code: 'INVALID_QUOTE', line: 3, column: '项目名称' }]);
    expect(result.rows).toBe(2);
  });

  it('report a stray quote in a large file instead of reading the rest as one field', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => detail({ 4: `P${i}`, 5: `项目${i}` }));
    rows[5] = detail({ 4: 'P5', 5: '项"目5' });
    const result = await validateBytes(
      `${HEADER}\n${rows.join('\n')}\n`,
      { maxRecordBytes: 64 * 1024 },
      8192,
    );
    expect(located(result.errors)).toEqual([{ code: 'INVALID_QUOTE', line: 7, column: '项目名称' }]);
  });
});

describe('the input stream', () => {
  it('lets a genuine read error propagate', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(`${HEADER}\n`);
      throw new Error('connection reset');
    }
    await expect(validateExport(failing())).rejects.toThrow('connection reset');
  });

  it('is released (return() called) when validation stops early', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        yield Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]);
        yield Buffer.alloc(1024);
      } finally {
        closed = true;
      }
    }
    await validateExport(source());
    expect(closed).toBe(true);
  });
});

describe('long records in small chunks', () => {
  it('are read in linear time, with the lines inside them counted', async () => {
    const longText = Array.from({ length: 18_000 }, (_, i) => `第${i}行说明文字，含逗号`).join('\n');
    const csv = `${HEADER}\n${detail({ 5: `"${longText}"` })}\n${detail({ 4: 'P2', 7: 'x' })}\n`;
    const started = performance.now();
    const result = await validateBytes(csv, undefined, 64);
    const seconds = (performance.now() - started) / 1000;
    // Quadratic re-joining of ~15,000 chunks of a 600 kB record takes minutes, linear well under one.
    expect(seconds).toBeLessThan(10);
    expect(located(result.errors)).toEqual([{ code: 'INVALID_FUND_TYPE', line: 18_002, column: '资金性质' }]);
  });
});
