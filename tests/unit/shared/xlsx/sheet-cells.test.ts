/**
 * Cells as the workbook record source reads them (docs/contract.md §2.1): each cell type, the
 * number formats that matter (dates, percentages), XML as producers write it (entities, CDATA,
 * cells and rows without references, rich and phonetic runs), and the damaged cases.
 */
import { describe, expect, it } from 'vitest';
import type { CellFormats, ReaderProblem } from '../../../../shared/export/record-source';
import { workbookRecordSource } from '../../../../shared/xlsx/read-workbook-records';
import { type ScannedRow, SheetScanner } from '../../../../shared/xlsx/sheet-scanner';
import { type RawWorkbook, rawWorkbookBytes, stylesXml } from '../../../support/raw-workbook';
import { chunksOf } from '../../../support/workbooks';

interface Read {
  records: { line: number; cells: string[]; percent: number[] }[];
  problems: ReaderProblem[];
}

async function read(book: RawWorkbook, chunkSize = 7): Promise<Read> {
  const records: Read['records'] = [];
  const problems: ReaderProblem[] = [];
  const source = workbookRecordSource({ isHeaderRow: (cells) => cells[0] === 'H' });
  await source(
    chunksOf(rawWorkbookBytes(book), chunkSize),
    {
      onRecord(cells: string[], line: number, formats?: CellFormats) {
        records.push({ line, cells: [...cells], percent: [...(formats?.percent ?? [])] });
      },
      onProblem(problem) {
        problems.push(problem);
      },
      onStop() {},
    },
    { maxFieldBytes: 1 << 20, maxRecordBytes: 1 << 20, maxFileBytes: 1 << 26 },
  );
  return { records, problems };
}

const sheet = (rows: string, extra: Partial<RawWorkbook> = {}): RawWorkbook => ({
  sheets: [
    {
      name: 'S',
      part: 'xl/worksheets/sheet1.xml',
      xml: `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>H</t></is></c></row>${rows}</sheetData></worksheet>`,
    },
  ],
  ...extra,
});

describe('workbook cells', () => {
  it('read each cell type as the text a CSV would hold', async () => {
    const { records, problems } = await read(
      sheet(
        '<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="b"><v>0</v></c><c r="C2" t="e"><v>#DIV/0!</v></c>' +
          '<c r="D2" t="str"><f>A1&amp;"x"</f><v>Hx</v></c><c r="E2" t="s"><v>1</v></c><c r="F2"><v>1.50</v></c>' +
          '<c r="G2"><v>1E-7</v></c><c r="H2"><v>392.98304999999999</v></c><c r="I2"><v>-0</v></c>' +
          '<c r="J2" t="d"><v>2021-12-31T00:00:00</v></c></row>',
        { sharedStrings: { part: 'xl/sharedStrings.xml', strings: ['zero', '一般公共预算'] } },
      ),
    );
    expect(problems).toEqual([]);
    expect(records[1]).toEqual({
      line: 2,
      cells: [
        'TRUE',
        'FALSE',
        '#DIV/0!',
        'Hx',
        '一般公共预算',
        '1.5',
        '0.0000001',
        '392.98305',
        '0',
        '2021-12-31',
      ],
      percent: [],
    });
  });

  it('read dates as dates (both date systems) and say which numbers are percentages', async () => {
    const styles = {
      part: 'xl/styles.xml',
      xml: stylesXml([
        { id: 0 },
        { id: 14 },
        { id: 10 },
        { id: 170, code: 'yyyy"年"m"月"d"日"' },
        { id: 171, code: '0.0%;[Red]-0.0%' },
        { id: 172, code: '#,##0.00"元"' },
      ]),
    };
    const row =
      '<row r="2"><c r="A2" s="1"><v>44561</v></c><c r="B2" s="2"><v>0.955</v></c><c r="C2" s="3"><v>44561.75</v></c>' +
      '<c r="D2" s="4"><v>1</v></c><c r="E2" s="5"><v>1234.5</v></c><c r="F2" s="9"><v>3</v></c></row>';
    const { records } = await read(sheet(row, { styles }));
    expect(records[1]).toEqual({
      line: 2,
      cells: ['2021-12-31', '0.955', '2021-12-31', '1', '1234.5', '3'],
      percent: [1, 3],
    });
    const mac = await read(
      sheet('<row r="2"><c r="A2" s="1"><v>43099</v></c></row>', { styles, date1904: true }),
    );
    expect(mac.records[1]?.cells).toEqual(['2021-12-31']);
  });

  it('read XML as producers write it: entities, CDATA, rich and phonetic runs, missing references', async () => {
    const { records, problems } = await read(
      sheet(
        '<row><c t="inlineStr"><is><t>A&amp;B &#x4e00;&#20108;</t></is></c><c t="inlineStr"><is><r><t>富</t></r><r><rPr/><t xml:space="preserve">文本 </t></r><rPh><t>ふ</t></rPh></is></c>' +
          '<!-- a comment --><c t="inlineStr"><is><t><![CDATA[<x> & y]]></t></is></c><c r="F3"><v> 12 </v></c></row>' +
          '<row r="7"/><row r="9" spans="1:2"><c r="B9"><v>5</v></c></row>',
      ),
    );
    expect(problems).toEqual([]);
    expect(records.slice(1)).toEqual([
      { line: 2, cells: ['A&B 一二', '富文本 ', '<x> & y', '', '', '12'], percent: [] },
      { line: 9, cells: ['', '5'], percent: [] },
    ]);
  });

  it('report a formula without a cached value at its cell, and read the cached ones', async () => {
    const { records, problems } = await read(
      sheet(
        '<row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2"><f>1+2</f></c><c r="C2" t="str"><f>""</f><v></v></c></row>',
      ),
    );
    expect(records[1]?.cells).toEqual(['2', '', '']);
    expect(problems).toEqual([{ kind: 'formulaWithoutValue', line: 2, fieldIndex: 1 }]);
  });

  it('refuse damaged sheets: a shared string out of range, a DOCTYPE, an undefined entity, a sheet cut short', async () => {
    const cases = [
      sheet('<row r="2"><c r="A2" t="s"><v>5</v></c></row>', {
        sharedStrings: { part: 'xl/sharedStrings.xml', strings: ['a'] },
      }),
      {
        sheets: [
          {
            name: 'S',
            part: 'xl/worksheets/sheet1.xml',
            xml: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet><sheetData><row><c t="inlineStr"><is><t>&a;</t></is></c></row></sheetData></worksheet>',
          },
        ],
      },
      sheet('<row r="2"><c r="A2" t="inlineStr"><is><t>&bogus;</t></is></c></row>'),
      {
        sheets: [
          {
            name: 'S',
            part: 'xl/worksheets/sheet1.xml',
            xml: '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>H</t></is></c></row>',
          },
        ],
      },
    ];
    for (const book of cases) {
      const { problems } = await read(book);
      expect(problems).toEqual([
        expect.objectContaining({ kind: 'workbookUnreadable', reason: 'malformed' }),
      ]);
    }
  });

  it('scan the same rows whatever the inflated chunks, split anywhere (inside tags, characters, CDATA)', () => {
    const xml = Buffer.from(
      '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>一二&amp;三</t></is></c>' +
        '<c r="B1"><v>12.5</v></c><c r="C1" t="s"><v>0</v></c><c r="D1" t="inlineStr"><is><t><![CDATA[a]]>b</t></is></c></row></sheetData></worksheet>',
    );
    const scan = (size: number) => {
      const rows: ScannedRow[] = [];
      const scanner = new SheetScanner({
        strings: { count: 1, get: () => '共享' },
        styles: new Uint8Array(0),
        date1904: false,
        maxPendingBytes: 1 << 20,
        onRow: (row) => rows.push(row),
      });
      for (let at = 0; at < xml.length; at += size) scanner.push(xml.subarray(at, at + size));
      scanner.end();
      return rows;
    };
    const whole = scan(xml.length);
    expect(whole.map((row) => row.cells)).toEqual([['一二&三', '12.5', '共享', 'ab']]);
    for (let size = 1; size < 40; size++) expect(scan(size), `chunks of ${size}`).toEqual(whole);
  });
});
