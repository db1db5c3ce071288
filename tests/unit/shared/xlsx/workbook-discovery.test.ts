/**
 * Sheets are found as Excel finds them (docs/contract.md §2.1): through `_rels/.rels`, the
 * workbook's relationships and its <sheets> order, whatever the parts are called or where they
 * live. Real files from LibreOffice (tests/fixtures/xlsx, see its README) and the part layout
 * WPS writes; renamed, swapped and relocated parts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toValidateJson } from '../../../../shared/export';
import { looksLikeExportHeader } from '../../../../shared/export/header-detection';
import type { CellFormats } from '../../../../shared/export/record-source';
import { workbookRecordSource } from '../../../../shared/xlsx/read-workbook-records';
import { type RawSheet, rawWorkbookBytes, sheetXml } from '../../../support/raw-workbook';
import { chunksOf, csvToRows, validateWorkbook, workbookBytes } from '../../../support/workbooks';
import { unzipEntries, zipLayout } from '../../../support/zip-bytes';
import { examplePath, HEADER, projectRoot, validateFile } from '../csv/helpers';

const fixture = (name: string) => readFileSync(join(projectRoot, 'tests', 'fixtures', 'xlsx', name));
const lechang = readFileSync(examplePath(12), 'utf8');
const row = (code: string, budget: number) =>
  ['2021', '12', code, '单位', 'P1', '项目', '一级', '一般公共预算', '', '项目支出', budget, 0, 0] as const;
const dataSheet = (code: string, budget: number) => sheetXml([HEADER.split(','), [...row(code, budget)]]);

async function seedTotals() {
  return toValidateJson(await validateFile(examplePath(12))).totals;
}

/** Renames parts of an exceljs workbook, fixing every reference to them (rels, content types). */
async function withRenamedParts(bytes: Buffer, renames: Readonly<Record<string, string>>): Promise<Buffer> {
  const entries = (await unzipEntries(bytes)).map((entry) => {
    let text = entry.data.toString('utf8');
    if (entry.name.endsWith('.rels') || entry.name === '[Content_Types].xml') {
      // Swaps need two steps: every old name to a placeholder first, then to its new name.
      Object.keys(renames).forEach((from, i) => {
        text = text.split(from.replace(/^xl\//, '')).join(`\u0000${i}\u0000`);
      });
      Object.values(renames).forEach((to, i) => {
        text = text.split(`\u0000${i}\u0000`).join(to.replace(/^xl\//, ''));
      });
    }
    const name = renames[entry.name] ?? entry.name;
    return {
      name,
      data:
        entry.name.endsWith('.rels') || entry.name === '[Content_Types].xml' ? Buffer.from(text) : entry.data,
    };
  });
  return zipLayout({ entries });
}

describe('workbook sheets found as Excel finds them', () => {
  it('read the Lechang export whose sheet part is renamed xl/worksheets/data.xml', async () => {
    const bytes = await workbookBytes([{ name: '数据', rows: csvToRows(lechang, [10, 11, 12]) }]);
    const renamed = await withRenamedParts(bytes, { 'xl/worksheets/sheet1.xml': 'xl/worksheets/data.xml' });
    const names = (await unzipEntries(renamed)).map((entry) => entry.name);
    expect(names).toContain('xl/worksheets/data.xml');
    expect(names).not.toContain('xl/worksheets/sheet1.xml');
    const result = toValidateJson(await validateWorkbook(renamed));
    expect(result.errors).toEqual([]);
    expect(result.totals).toEqual(await seedTotals());
  });

  it('follow swapped parts: the first tab is read, whatever its part is called', async () => {
    const bytes = await workbookBytes([
      { name: '数据', rows: [HEADER.split(','), [...row('FIRST', 100)]] },
      { name: '其他', rows: [HEADER.split(','), [...row('SECOND', 7)]] },
    ]);
    const swapped = await withRenamedParts(bytes, {
      'xl/worksheets/sheet1.xml': 'xl/worksheets/sheet2.xml',
      'xl/worksheets/sheet2.xml': 'xl/worksheets/sheet1.xml',
    });
    const result = await validateWorkbook(swapped);
    expect(result.errors).toEqual([]);
    expect(result.groups.map((g) => g.unitCode)).toEqual(['FIRST']);
  });

  it('read a workbook part outside xl/, with absolute targets and sheet parts not numbered from 1', async () => {
    for (const absoluteTargets of [false, true]) {
      const bytes = rawWorkbookBytes({
        workbookPart: 'content/book.xml',
        absoluteTargets,
        ids: ['rId7', 'rId3'],
        sheets: [
          { name: '说明', part: 'content/sheets/s9.xml', xml: sheetXml([['本表说明'], ['无数据']]) },
          { name: '数据', part: 'data/sheet3.xml', xml: dataSheet('U1', 100) },
        ],
      });
      const result = await validateWorkbook(bytes);
      expect(result.errors, `absolute targets: ${absoluteTargets}`).toEqual([]);
      expect(result.totals.budget).toBe(10000n);
    }
  });

  it('read elements with a namespace prefix (x:row, x:c)', async () => {
    const xml = sheetXml([HEADER.split(','), [...row('U1', 100)]], 'x');
    const bytes = rawWorkbookBytes({ sheets: [{ name: 'Sheet1', part: 'xl/worksheets/sheet1.xml', xml }] });
    const result = await validateWorkbook(bytes);
    expect(result.errors).toEqual([]);
    expect(result.totals.budget).toBe(10000n);
  });

  it('skip a chart sheet and hidden sheets, in tab order', async () => {
    const sheets: RawSheet[] = [
      { name: '图表', part: 'xl/chartsheets/sheet1.xml', xml: '<chartsheet/>', kind: 'chartsheet' },
      { name: '源数据', state: 'veryHidden', part: 'xl/worksheets/sheet1.xml', xml: dataSheet('HIDDEN', 9) },
      { name: '数据', part: 'xl/worksheets/sheet2.xml', xml: dataSheet('SHOWN', 100) },
    ];
    const result = await validateWorkbook(rawWorkbookBytes({ sheets }));
    expect(result.errors).toEqual([]);
    expect(result.groups.map((g) => g.unitCode)).toEqual(['SHOWN']);
  });

  it('say the workbook has no visible sheet only when it has none', async () => {
    const sheets: RawSheet[] = [
      { name: '源数据', state: 'hidden', part: 'xl/worksheets/sheet1.xml', xml: dataSheet('U1', 1) },
    ];
    const result = await validateWorkbook(rawWorkbookBytes({ sheets }));
    expect(result.errors.map((e) => e.code)).toEqual(['WORKBOOK_UNREADABLE']);
    expect(result.errors[0]?.message).toContain('没有可见的工作表');
  });

  it('call a workbook whose relationships name a missing part damaged, not empty', async () => {
    const bytes = await workbookBytes([{ rows: [HEADER.split(','), [...row('U1', 100)]] }]);
    const entries = (await unzipEntries(bytes)).filter((entry) => entry.name !== 'xl/worksheets/sheet1.xml');
    const result = await validateWorkbook(zipLayout({ entries }));
    expect(result.errors.map((e) => e.code)).toEqual(['WORKBOOK_UNREADABLE']);
    expect(result.errors[0]?.message).toContain('损坏');
  });

  it('read the Lechang export saved by LibreOffice Calc from its CSV', async () => {
    const result = toValidateJson(await validateWorkbook(fixture('libreoffice-lechang-2021-12.xlsx')));
    expect(result.errors).toEqual([]);
    expect(result.totals).toEqual(await seedTotals());
  });

  it('read the budget-system layout saved by LibreOffice Calc: title, 万元, merged two-row header, 合计, percent column', async () => {
    const bytes = fixture('libreoffice-budget-system-2021-12.xlsx');
    const result = toValidateJson(await validateWorkbook(bytes, {}, undefined, { fileName: '2021-12.xlsx' }));
    expect(result.errors).toEqual([]);
    expect(result.period).toEqual({ year: 2021, month: 12 });
    expect(result.totals).toMatchObject(await seedTotals());
    // The 执行率 column (L) is formatted 0.00%: the reader says so, with the stored fraction.
    const percent: { cell: string; text: string }[] = [];
    const source = workbookRecordSource({ isHeaderRow: (cells) => looksLikeExportHeader(cells) });
    await source(
      chunksOf(bytes),
      {
        onRecord(cells: string[], line: number, formats?: CellFormats) {
          for (const index of formats?.percent ?? [])
            percent.push({ cell: `L${line}`, text: cells[index] ?? '' });
        },
        onProblem() {},
        onStop() {},
      },
      { maxFieldBytes: 1 << 20, maxRecordBytes: 1 << 20, maxFileBytes: 1 << 26 },
    );
    expect(percent.length).toBeGreaterThan(10);
    expect(percent.every(({ text }) => /^(0|1)(\.\d+)?$/.test(text))).toBe(true);
  });

  it('read the part layout WPS Office writes (custom properties, theme, rels ids after the sheets)', async () => {
    const strings = [
      ...HEADER.split(','),
      '单位',
      'P1',
      '项目',
      '一级',
      '一般公共预算',
      '项目支出',
      '2021',
      '12',
      'U1',
    ];
    const s = (text: string) => `<c r="REF" t="s"><v>${strings.indexOf(text)}</v></c>`;
    const cells = (values: string[]) =>
      values.map((v, i) => s(v).replace('REF', `${String.fromCharCode(65 + i)}ROW`));
    const header = cells(HEADER.split(',')).map((c) => c.replace('ROW', '1'));
    const data = [
      ...cells(['2021', '12', 'U1', '单位', 'P1', '项目', '一级', '一般公共预算']),
      '<c r="I2"/>',
      ...cells(['项目支出']).map((c) => c.replace('A', 'J')),
      '<c r="K2" s="1"><v>100</v></c><c r="L2" s="1"><v>1</v></c><c r="M2" s="1"><v>50</v></c>',
    ].map((c) => c.replace('ROW', '2'));
    const wps = (body: string) =>
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:etc="http://www.wps.cn/officeDocument/2017/etCustomData"><sheetPr/><dimension ref="A1:M2"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"><selection activeCell="A1" sqref="A1"/></sheetView></sheetViews><sheetFormatPr defaultColWidth="9" defaultRowHeight="13.5" outlineLevelRow="1"/><sheetData>${body}</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/><headerFooter/></worksheet>`;
    const bytes = rawWorkbookBytes({
      ids: ['rId1', 'rId4', 'rId3'],
      sheets: [
        {
          name: 'Sheet1',
          part: 'xl/worksheets/sheet1.xml',
          xml: wps(
            `<row r="1" spans="1:13">${header.join('')}</row><row r="2" spans="1:13">${data.join('')}</row>`,
          ),
        },
      ],
      sharedStrings: { part: 'xl/sharedStrings.xml', strings },
      styles: {
        part: 'xl/styles.xml',
        xml: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="176" formatCode="0.00_ "/></numFmts><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>',
      },
      extra: [
        {
          name: 'docProps/custom.xml',
          data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="ICV"><vt:lpwstr>5B3C1D0E2F6A4B8C9D0E1F2A3B4C5D6E</vt:lpwstr></property><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="KSOProductBuildVer"><vt:lpwstr>2052-11.1.0.12980</vt:lpwstr></property></Properties>',
        },
        {
          name: 'xl/theme/theme1.xml',
          data: '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="WPS"/>',
        },
      ],
    });
    const result = await validateWorkbook(bytes);
    expect(result.errors).toEqual([]);
    expect(result.totals.budget).toBe(10000n);
    expect(result.totals.spentToDate).toBe(5000n);
  });
});
