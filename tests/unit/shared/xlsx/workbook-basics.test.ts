import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toValidateJson } from '../../../../shared/export';
import { csvToRows, validateWorkbook, workbookBytes } from '../../../support/workbooks';
import { examplePath, HEADER, validateFile } from '../csv/helpers';

const AMOUNTS = [10, 11, 12];

describe('workbook exports', () => {
  it('read the Lechang 2021-12 export as a workbook with the CSV figures', async () => {
    const csv = readFileSync(examplePath(12), 'utf8');
    const bytes = await workbookBytes([{ rows: csvToRows(csv, AMOUNTS) }]);
    const fromWorkbook = toValidateJson(await validateWorkbook(bytes));
    const fromCsv = toValidateJson(await validateFile(examplePath(12)));
    expect(fromWorkbook.valid).toBe(true);
    expect(fromWorkbook.totals).toEqual(fromCsv.totals);
    expect(fromWorkbook.totals.budget).toBe('129653700.00');
    expect(fromWorkbook.rows).toBe(fromCsv.rows);
  });

  it('skip hidden sheets and take the first visible sheet with the header', async () => {
    const good = csvToRows(
      [HEADER, '2021,12,U1,单位,P1,项目,一级,一般公共预算,,项目支出,100,1,50'].join('\n'),
      AMOUNTS,
    );
    const bytes = await workbookBytes([
      {
        name: '源数据',
        state: 'hidden',
        rows: csvToRows([HEADER, '2021,12,X,X,X,X,一级,一般公共预算,,项目支出,999,9,9'].join('\n'), AMOUNTS),
      },
      { name: '说明', rows: [['本表说明'], ['无数据']] },
      { name: '数据', rows: good },
      {
        name: '其他',
        rows: csvToRows([HEADER, '2021,12,Y,Y,Y,Y,一级,一般公共预算,,项目支出,7,0,0'].join('\n'), AMOUNTS),
      },
    ]);
    const result = await validateWorkbook(bytes);
    expect(result.errors).toEqual([]);
    expect(result.totals.budget).toBe(10000n);
  });

  it('locate errors by worksheet row, header and cell', async () => {
    const rows = csvToRows(
      [HEADER, '2021,12,U1,单位,P1,项目,一级,一般公共预算,,项目支出,100,1,50'].join('\n'),
      AMOUNTS,
    );
    (rows[1] as unknown[])[10] = 'abc';
    const result = await validateWorkbook(
      await workbookBytes([{ rows: [['乐昌市民政局2021年12月预算执行情况表'], ...rows] }]),
    );
    expect(toValidateJson(result).errors).toMatchObject([
      { line: 3, column: '全年预算数', cell: 'K3', value: 'abc' },
    ]);
  });

  it('take numbers as their shortest decimal, then apply the amount rules', async () => {
    const row = (budget: number) => [
      '2021',
      '12',
      'U1',
      '单位',
      'P1',
      '项目',
      '一级',
      '一般公共预算',
      '',
      '项目支出',
      budget,
      0,
      0,
    ];
    const wanHeader = HEADER.replace('全年预算数', '全年预算数（万元）').split(',');
    // Excel stores 17 digits (392.98305000000002), and shows 392.98305: 3,929,830.50 yuan.
    const stored = Number.parseFloat((392.98305).toPrecision(17));
    const ok = await validateWorkbook(await workbookBytes([{ rows: [wanHeader, row(stored), row(-12.5)] }]));
    expect(ok.errors).toEqual([]);
    expect(ok.totals.budget).toBe(392983050n - 12500000n);

    const header = HEADER.split(',');
    const rejected = await validateWorkbook(
      await workbookBytes([
        {
          rows: [header, row(0.1 + 0.2), row(1e-7), row(Number.parseFloat('12345678901234.567')), row(12.5)],
        },
      ]),
    );
    expect(toValidateJson(rejected).errors.map(({ cell, value }) => [cell, value])).toEqual([
      ['K2', '0.30000000000000004'],
      ['K3', '0.0000001'],
      ['K4', '12345678901234.566'],
    ]);
    expect(rejected.errors.map((e) => e.code)).toEqual([
      'AMOUNT_TOO_PRECISE',
      'AMOUNT_TOO_PRECISE',
      'AMOUNT_TOO_PRECISE',
    ]);
  });

  it('use a formula cell by its cached value, and reject one without', async () => {
    const header = HEADER.split(',');
    const base = ['2021', '12', 'U1', '单位', 'P1', '项目', '一级', '一般公共预算', '', '项目支出'];
    const cached = await validateWorkbook(
      await workbookBytes([{ rows: [header, [...base, { formula: '100+200', result: 300 }, 0, 0]] }]),
    );
    expect(cached.errors).toEqual([]);
    expect(cached.totals.budget).toBe(30000n);
    const uncached = await validateWorkbook(
      await workbookBytes([{ rows: [header, [...base, { formula: '100+200' }, 0, 0]] }]),
    );
    expect(toValidateJson(uncached).errors).toMatchObject([{ line: 2, column: '全年预算数', cell: 'K2' }]);
    expect(uncached.errors[0]?.code).toBe('FORMULA_WITHOUT_VALUE');
  });
});
