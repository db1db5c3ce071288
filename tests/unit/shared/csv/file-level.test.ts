import { describe, expect, it } from 'vitest';
import { toValidateJson } from '../../../../shared/export';
import { MIB } from '../../../../shared/export/validate-options';
import {
  chunked,
  detail,
  fixturePath,
  HEADER,
  located,
  readFixture,
  validateBytes,
  validateFile,
} from './helpers';

describe('file-level rejections', () => {
  it.each([
    ['empty.csv', 'EMPTY_FILE'],
    ['blank-lines-only.csv', 'EMPTY_FILE'],
    ['header-only.csv', 'HEADER_ONLY'],
    ['header-only-with-blank-rows.csv', 'HEADER_ONLY'],
    ['workbook-xlsx.csv', 'WORKBOOK_NOT_CSV'],
    ['workbook-xls.csv', 'WORKBOOK_NOT_CSV'],
    ['binary-nul.csv', 'BINARY_FILE'],
    ['utf16le.csv', 'UNSUPPORTED_ENCODING'],
  ])('%s is rejected as %s, as a file-level problem (line 0)', async (name, code) => {
    const result = await validateFile(fixturePath(name));
    expect(result.valid).toBe(false);
    expect(located(result.errors)).toEqual([{ code, line: 0, column: null }]);
    expect(result.groups).toEqual([]);
    expect(result.errors[0]?.message).toMatch(/[\u4e00-\u9fff].* \/ [A-Z]/);
  });

  it('tells a renamed workbook apart and says how to save a CSV', async () => {
    const result = await validateFile(fixturePath('workbook-xlsx.csv'));
    expect(result.errors[0]?.message).toContain('.xlsx');
    expect(result.errors[0]?.message).toContain('Save As');
  });

  it('recognises a workbook even when its first bytes arrive one at a time', async () => {
    const result = await validateBytes(readFixture('workbook-xls.csv'), undefined, 1);
    expect(result.errors.map((error) => error.code)).toEqual(['WORKBOOK_NOT_CSV']);
  });
});

describe('size limits', () => {
  it('stops reading a file over maxFileBytes at once, without buffering the rest', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(`${HEADER}\n`);
      for (;;) {
        pulled++;
        yield Buffer.from(`${detail()}\n`.repeat(100));
      }
    }
    const result = await import('../../../../shared/export').then(({ validateExport }) =>
      validateExport(endless(), { maxFileBytes: 64 * 1024 }),
    );
    expect(located(result.errors)).toEqual([{ code: 'FILE_TOO_LARGE', line: 0, column: null }]);
    expect(result.errors[0]?.message).toContain('64 KiB');
    expect(pulled).toBeLessThan(10);
    expect(result.bytes).toBeLessThan(64 * 1024 + 20_000);
  });

  it('defaults to 512 MiB', async () => {
    const { DEFAULT_VALIDATE_OPTIONS } = await import('../../../../shared/export');
    expect(DEFAULT_VALIDATE_OPTIONS.maxFileBytes).toBe(512 * MIB);
    expect(DEFAULT_VALIDATE_OPTIONS.maxFieldBytes).toBe(MIB);
  });

  it('rejects a field over maxFieldBytes, naming its line and column', async () => {
    const result = await validateFile(fixturePath('oversized-field.csv'), { maxFieldBytes: 4096 });
    expect(located(result.errors)).toEqual([{ code: 'FIELD_TOO_LARGE', line: 3, column: '项目名称' }]);
  });

  it('rejects a field over the default 1 MiB, streamed in small chunks, and stops reading', async () => {
    const huge = Buffer.from(`${HEADER}\n${detail()}\n${detail({ 5: `"${'x'.repeat(MIB + 10)}"` })}\n`);
    let pulled = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      for await (const chunk of chunked(huge, 16 * 1024)) {
        pulled++;
        yield chunk;
      }
      for (;;) {
        pulled++;
        yield Buffer.from(`${detail()}\n`);
      }
    }
    const { validateExport } = await import('../../../../shared/export');
    const result = await validateExport(source());
    expect(located(result.errors)).toEqual([{ code: 'FIELD_TOO_LARGE', line: 3, column: '项目名称' }]);
    expect(pulled).toBeLessThan(huge.length / (16 * 1024) + 5);
  });

  it.each([
    ['quoted', (text: string) => `"${text}"`],
    ['unquoted', (text: string) => text],
  ])('stops at the limit inside a %s field of several MiB and names its column', async (_kind, write) => {
    const csv = `${HEADER}\n${detail()}\n${detail({ 3: write('民'.repeat(MIB)) })}\n${detail()}\n`;
    const result = await validateBytes(csv, undefined, 32 * 1024);
    expect(located(result.errors)).toEqual([{ code: 'FIELD_TOO_LARGE', line: 3, column: '单位名称' }]);
    expect(result.bytes).toBeLessThan(MIB + 64 * 1024);
  });

  it('rejects a record over maxRecordBytes', async () => {
    const wide = detail({ 3: 'a'.repeat(300), 5: 'b'.repeat(300) });
    const result = await validateBytes(`${HEADER}\n${detail()}\n${wide}\n`, {
      maxRecordBytes: 512,
      maxFieldBytes: 400,
    });
    expect(located(result.errors)).toEqual([{ code: 'RECORD_TOO_LARGE', line: 3, column: null }]);
  });
});

describe('header', () => {
  it('lists every missing required column with the headers it accepts', async () => {
    const result = await validateFile(fixturePath('missing-columns.csv'));
    expect(located(result.errors)).toEqual([
      { code: 'MISSING_COLUMN', line: 1, column: null },
      { code: 'MISSING_COLUMN', line: 1, column: null },
    ]);
    expect(result.errors[0]?.message).toContain('资金性质');
    expect(result.errors[0]?.message).toContain('fund_type');
    expect(result.errors[1]?.message).toContain('累计支出、累计执行数、执行数、');
    expect(result.errors[1]?.message).toContain('spent_ytd');
  });

  it('refuses two columns that mean the same field', async () => {
    const result = await validateFile(fixturePath('duplicate-columns.csv'));
    expect(located(result.errors)).toEqual([{ code: 'DUPLICATE_COLUMN', line: 1, column: '调整后预算数' }]);
  });

  it.each([
    ['personal-id-number.csv', ['身份证号']],
    ['personal-name.csv', ['姓名']],
    ['personal-english.csv', ['id_number', 'phone']],
  ])(
    'rejects the whole file for personal-data columns (%s) without echoing any value',
    async (name, columns) => {
      const result = await validateFile(fixturePath(name));
      expect(result.valid).toBe(false);
      expect(result.rows).toBe(0);
      expect(result.errors.map((error) => [error.code, error.column, error.value])).toEqual(
        columns.map((column) => ['PERSONAL_DATA_COLUMN', column, null]),
      );
      expect(result.errors[0]?.message).toContain('个人信息');
      expect(result.errors[0]?.message).toContain('personal data');
      expect(JSON.stringify(toValidateJson(result))).not.toContain('440281199001011234');
    },
  );

  it('ignores unknown extra columns (and empty header cells) with a warning', async () => {
    const result = await validateFile(fixturePath('extra-columns.csv'));
    expect(result.valid).toBe(true);
    expect(located(result.warnings)).toEqual([{ code: 'UNKNOWN_COLUMN', line: 1, column: '备注' }]);
  });

  it('accepts English headers in any case and spacing, and the unit in brackets', async () => {
    const result = await validateFile(fixturePath('lechang-2021-12.english.csv'));
    expect(result.valid).toBe(true);
    expect(result.warnings).toEqual([]);
  });
});

describe('other delimiters', () => {
  it.each([
    ['\t', '制表符'],
    [';', '“;”'],
  ])('says so when columns are separated by %j instead of commas', async (separator, name) => {
    const text = `${HEADER.replaceAll(',', separator)}\n${detail().replaceAll(',', separator)}\n`;
    const result = await validateBytes(text);
    expect(located(result.errors)).toEqual([{ code: 'NOT_COMMA_SEPARATED', line: 1, column: null }]);
    expect(result.errors[0]?.message).toContain(name);
  });
});
