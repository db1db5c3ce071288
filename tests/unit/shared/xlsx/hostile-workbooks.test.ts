import { describe, expect, it } from 'vitest';
import { csvToRows, validateWorkbook, workbookBytes } from '../../../support/workbooks';
import { zipBytes } from '../../../support/zip-bytes';
import { HEADER } from '../csv/helpers';

const MIB = 1024 * 1024;

function codes(result: { errors: { code: string }[] }): string[] {
  return result.errors.map((issue) => issue.code);
}

const sheetXml = (body: string) =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`,
  );

describe('hostile workbooks', () => {
  it('refuse a zip bomb hiding its size behind a data descriptor, without inflating it', async () => {
    // 64 MiB of one repeated byte deflates to about 64 KiB: a ratio of ~1000.
    const bomb = zipBytes([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(64 * MIB, 0x20), descriptor: true },
    ]);
    expect(bomb.length).toBeLessThan(MIB);
    const result = await validateWorkbook(bomb);
    expect(codes(result)).toEqual(['WORKBOOK_UNREADABLE']);
    expect(result.errors[0]?.message).toContain('压缩比过高');
  });

  it('refuse a part whose declared size breaks its limit before reading it', async () => {
    const zip = zipBytes([
      { name: 'xl/sharedStrings.xml', data: Buffer.from('<sst/>'), declaredSize: 1024 * MIB },
    ]);
    const result = await validateWorkbook(zip);
    expect(codes(result)).toEqual(['WORKBOOK_UNREADABLE']);
    expect(result.errors[0]?.message).toContain('共享字符串');
  });

  it('refuse a truncated workbook, whatever the cut', async () => {
    const csv = [HEADER, '2021,12,U1,单位,P1,项目,一级,一般公共预算,,项目支出,100,1,50'].join('\n');
    const whole = await workbookBytes([{ rows: csvToRows(csv, [10, 11, 12]) }]);
    for (const cut of [10, 100, Math.floor(whole.length / 2), whole.length - 30]) {
      const result = await validateWorkbook(whole.subarray(0, cut));
      expect(codes(result), `cut at ${cut}`).toEqual(['WORKBOOK_UNREADABLE']);
      expect(result.errors[0]?.message).toMatch(/不完整|损坏/);
    }
  });

  it('refuse a file that is not a zip at all', async () => {
    const result = await validateWorkbook(Buffer.from('年度,月份\n2021,12\n'));
    expect(codes(result)).toEqual(['WORKBOOK_UNREADABLE']);
  });

  it('read a sheet with many distinct shared strings', async () => {
    const rows = [HEADER.split(',')] as (string | number)[][];
    for (let i = 0; i < 5000; i++)
      rows.push([
        '2021',
        '12',
        `U${i}`,
        `单位${i}`,
        `P${i}`,
        `项目名称${i}`,
        '一级',
        '一般公共预算',
        '',
        '项目支出',
        1,
        0,
        1,
      ]);
    const result = await validateWorkbook(await workbookBytes([{ rows }]));
    expect(result.errors).toEqual([]);
    expect(result.rows).toBe(5000);
  });

  it('refuse a zip whose sheet XML is damaged', async () => {
    const zip = zipBytes([
      {
        name: 'xl/worksheets/sheet1.xml',
        data: sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c>'),
      },
    ]);
    const result = await validateWorkbook(zip);
    expect(result.valid).toBe(false);
  });
});
