import { describe, expect, it } from 'vitest';
import { looksLikeExportHeader } from '../../../../shared/export/header-detection';
import { validateExport, validateWithSource } from '../../../../shared/export/validate-export';
import { workbookRecordSource } from '../../../../shared/xlsx/read-workbook-records';
import { hostileCorpus, realWorkbookEntries } from '../../../support/hostile-zips';
import { chunksOf, csvToRows, validateWorkbook, workbookBytes } from '../../../support/workbooks';
import { zipBytes, zipLayout } from '../../../support/zip-bytes';
import { HEADER } from '../csv/helpers';

const MIB = 1024 * 1024;

function codes(result: { errors: { code: string }[] }): string[] {
  return result.errors.map((issue) => issue.code);
}

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

  it('cap the shared strings found through the relationships, whatever the part is named', async () => {
    const entries = (await realWorkbookEntries()).map((entry) => {
      const renamed = (text: string) => text.replace('sharedStrings.xml', 'data/strings.xml');
      if (entry.name === 'xl/sharedStrings.xml') return { ...entry, name: 'xl/data/strings.xml' };
      if (entry.name === 'xl/_rels/workbook.xml.rels' || entry.name === '[Content_Types].xml')
        return { ...entry, data: Buffer.from(renamed(entry.data?.toString('utf8') ?? '')) };
      return entry;
    });
    const renamedBytes = zipLayout({ entries });
    const valid = await validateWorkbook(renamedBytes);
    expect(valid.errors).toEqual([]);
    const capped = workbookRecordSource({
      isHeaderRow: (cells) => looksLikeExportHeader(cells),
      zipLimits: { maxSharedStringsBytes: 100 },
    });
    const result = await validateWithSource(chunksOf(renamedBytes), capped, {}, { grid: true });
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

  it('let a failure of the input stream itself propagate, as for CSV, not call the file damaged', async () => {
    const bytes = await workbookBytes([{ rows: [HEADER.split(',')] }]);
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield bytes.subarray(0, 100);
      throw new Error('socket hang up');
    }
    await expect(validateExport(broken(), {}, { format: 'xlsx' })).rejects.toThrow('socket hang up');
  });

  it('stop reading a workbook over the file-size limit, before opening it', async () => {
    const bytes = await workbookBytes([{ rows: [HEADER.split(',')] }]);
    const result = await validateWorkbook(bytes, { maxFileBytes: 2048 }, 1024);
    expect(codes(result)).toEqual(['FILE_TOO_LARGE']);
    expect(result.bytes).toBeLessThan(bytes.length);
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

  it('refuse a workbook whose sheet XML is damaged', async () => {
    const entries = (await realWorkbookEntries()).map((entry) =>
      entry.name === 'xl/worksheets/sheet1.xml'
        ? { ...entry, data: Buffer.from(entry.data?.toString('utf8').replace(/<\/sheetData>.*$/s, '') ?? '') }
        : entry,
    );
    const result = await validateWorkbook(zipLayout({ entries }));
    expect(codes(result)).toEqual(['WORKBOOK_UNREADABLE']);
    expect(result.errors[0]?.message).toContain('损坏');
  });

  it('read a workbook whose local headers state their sizes in ZIP64 fields that agree', async () => {
    const entries = (await realWorkbookEntries()).map((entry) => ({
      ...entry,
      zip64LocalSize: entry.data?.length ?? 0,
    }));
    const result = await validateWorkbook(zipLayout({ entries }));
    expect(result.errors).toEqual([]);
    expect(result.rows).toBe(1);
  });

  it('read a workbook whose entries end with data descriptors that agree', async () => {
    const entries = (await realWorkbookEntries()).map((entry) => ({ ...entry, descriptor: true }));
    const result = await validateWorkbook(zipLayout({ entries }));
    expect(result.errors).toEqual([]);
  });

  it('refuse every case of the hostile-zip corpus, each with its reason', async () => {
    for (const hostile of await hostileCorpus()) {
      const result = await validateWorkbook(hostile.bytes, {}, 256 * 1024);
      expect(codes(result), hostile.name).toEqual(['WORKBOOK_UNREADABLE']);
      expect(result.errors[0]?.message, hostile.name).toMatch(hostile.message);
      expect(result.errors[0]?.message, hostile.name).toMatch(/ \/ [A-Z]/);
    }
  }, 60_000);
});
