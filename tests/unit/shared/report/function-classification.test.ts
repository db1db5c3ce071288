/**
 * 功能分类 (docs/contract.md §4, §5): execution by functional classification at 类, 款 and 项,
 * named from the export, else from the bundled 政府收支分类科目, else the code alone; in
 * report.json, on the period page and in lines.csv.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lineItem, parseLineItem } from '../../../../functions/store/dynamodb/line-item';
import { CLASSIFICATIONS } from '../../../../shared/classification/classifications';
import { renderLinesCsv } from '../../../../shared/render/lines-csv';
import { renderReportPage } from '../../../../shared/render/report-page';
import type { SourcedGroupLine } from '../../../../shared/report/period-report';
import { parseTables } from '../../../support/html-tables';
import { samplePageContext } from '../../../support/sample-report';
import { examplePath, validateBytes } from '../csv/helpers';
import { lechangLines, report } from './helpers';

const yuan = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;

async function linesOf(csv: string): Promise<SourcedGroupLine[]> {
  const result = await validateBytes(csv);
  expect(result.errors).toEqual([]);
  return result.groups.map((group) => ({ ...group, sourceKey: 'incoming/x.csv' }));
}

describe('execution by 功能分类', () => {
  it('the 2021-12 example: the 208 类 total is the sum of the lines coded 208, at every level', async () => {
    const lines = await lechangLines(12);
    const built = report(12, lines);
    const rows = built.byFunction ?? [];
    const coded = (prefix: string) =>
      lines
        .filter((line) => line.functionCodes.some((code) => code.startsWith(prefix)))
        .reduce((sum, line) => sum + line.amounts.spentToDate, 0n);
    const budgetOf = (prefix: string) =>
      lines
        .filter((line) => line.functionCodes.some((code) => code.startsWith(prefix)))
        .reduce((sum, line) => sum + line.amounts.budget, 0n);
    const at = (code: string) => rows.find((row) => row.code === code);
    expect(at('208')).toMatchObject({ level: '类', name: '社会保障和就业支出' });
    expect(at('208')?.spentToDate).toBe(yuan(coded('208')));
    expect(at('208')?.budget).toBe(yuan(budgetOf('208')));
    expect(at('20819')).toMatchObject({
      level: '款',
      name: '最低生活保障',
      spentToDate: yuan(coded('20819')),
    });
    expect(at('2081901')).toMatchObject({ level: '项', name: '城市最低生活保障金支出' });
    expect(at('2296002')).toMatchObject({ level: '项', name: '用于社会福利的彩票公益金支出' });
    // 类 rows add up to the department total (every line of the example is coded).
    const classes = rows.filter((row) => row.level === '类');
    expect(classes.map((row) => row.code)).toEqual(['208', '229']);
    expect(classes.reduce((sum, row) => sum + Math.round(Number(row.budget) * 100), 0)).toBe(
      Math.round(Number(built.totals.budget) * 100),
    );
    expect(rows.some((row) => row.code === null)).toBe(false);
    // Tree order: a 类, its 款, their 项.
    expect(rows.map((row) => row.code)).toEqual([...rows.map((row) => row.code)].sort());
  });

  it('the bundled names cover every 类 and 款 of 208 and every code of the examples at each level', () => {
    const names = CLASSIFICATIONS[0].names as Record<string, string>;
    for (const code of ['201', '205', '208', '210', '212', '213', '221', '229', '230', '231'])
      expect(names[code]).toBeTruthy();
    for (const section of [
      '01',
      '02',
      '05',
      '07',
      '08',
      '09',
      '10',
      '11',
      '16',
      '19',
      '20',
      '21',
      '25',
      '26',
      '27',
      '28',
      '99',
    ])
      expect(names[`208${section}`]).toBeTruthy();
    const examples = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].flatMap((month) =>
      readFileSync(examplePath(month), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((row) => row.split(',')[8] as string),
    );
    for (const code of new Set(examples))
      for (const digits of [3, 5, 7])
        expect(names[code.slice(0, digits)], code.slice(0, digits)).toBeTruthy();
  });

  it('takes names from a 功能科目名称 column or a 功能分类 code-and-name cell; an unknown code stands alone', async () => {
    const named = await linesOf(
      '年度,月份,单位编码,单位名称,项目编码,项目名称,资金性质,功能科目编码,功能科目名称,全年预算数,累计支出\n' +
        '2021,12,1,局,P1,低保,一般公共预算,2081901,城市低保（本地名称）,100.00,50.00\n' +
        '2021,12,1,局,P2,其他,一般公共预算,2999901,本地科目,10.00,5.00\n',
    );
    const built = report(12, named);
    expect(built.byFunction?.find((row) => row.code === '2081901')?.name).toBe('城市低保（本地名称）');
    expect(built.byFunction?.find((row) => row.code === '20819')?.name).toBe('最低生活保障');
    expect(built.byFunction?.find((row) => row.code === '29999')?.name).toBeNull();
    expect(built.lines[0]?.functionNames).toEqual({ 2081901: '城市低保（本地名称）' });

    const together = await linesOf(
      '年度,月份,单位编码,单位名称,项目编码,项目名称,资金性质,功能分类,全年预算数,累计支出\n' +
        '2021,12,1,局,P1,低保,一般公共预算,[2081901]城市最低生活保障,100.00,50.00\n',
    );
    expect(together[0]?.functionCodes).toEqual(['2081901']);
    expect(report(12, together).byFunction?.find((row) => row.code === '2081901')?.name).toBe(
      '城市最低生活保障',
    );
  });

  it('splits a group coded in several ways by code, through the store, and keeps what has no code apart', async () => {
    const lines = await linesOf(
      '年度,月份,单位编码,单位名称,项目编码,项目名称,资金性质,功能科目编码,全年预算数,累计支出\n' +
        '2021,12,1,局,P1,低保,一般公共预算,2081901,100.00,50.00\n' +
        '2021,12,1,局,P1,低保,一般公共预算,2081902,30.00,10.00\n' +
        '2021,12,1,局,P1,低保,一般公共预算,,7.00,1.00\n',
    );
    expect(lines).toHaveLength(1);
    const stored = lines.map((line) => parseLineItem(lineItem('incoming/x.csv', 'g1', '2021-12', line)).line);
    expect(stored).toEqual(lines);
    const rows = report(12, stored).byFunction ?? [];
    expect(rows.map((row) => [row.code, row.budget, row.spentToDate])).toEqual([
      ['208', '130.00', '60.00'],
      ['20819', '130.00', '60.00'],
      ['2081901', '100.00', '50.00'],
      ['2081902', '30.00', '10.00'],
      [null, '7.00', '1.00'],
    ]);
  });

  it('is absent when no line has a function code', async () => {
    const lines = await linesOf(
      '年度,月份,单位编码,单位名称,项目编码,项目名称,资金性质,全年预算数,累计支出\n2021,12,1,局,P1,低保,一般公共预算,100.00,50.00\n',
    );
    const built = report(12, lines);
    expect(built.byFunction).toBeUndefined();
    expect(renderReportPage(built, samplePageContext(built))).not.toContain('按支出功能分类');
  });

  it('is drawn on the period page and named in lines.csv', async () => {
    const built = report(12, await lechangLines(12));
    const table = parseTables(renderReportPage(built, samplePageContext(built))).find((t) =>
      t.caption.includes('按支出功能分类'),
    );
    const row = table?.rows.find((r) => r.cells[0]?.includes('208') && r.cells[0].length < 40);
    expect(row?.cells.join('|')).toContain('社会保障和就业支出');
    const [header, first] = renderLinesCsv(built)
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(header).toContain('功能科目编码,功能科目名称,全年预算数');
    expect(first).toContain(',2081901,城市最低生活保障金支出,');
  });
});

describe('line items stored before a field was carried', () => {
  it('still read: a missing optional first-line field takes its default, a missing code list is empty', async () => {
    const [line] = await lechangLines(12);
    if (line === undefined) throw new Error('no lines');
    const item = lineItem('incoming/x.csv', 'g1', '2021-12', line);
    delete item.projectLevel;
    const read = parseLineItem(item).line;
    expect(read.projectLevel).toBe('一级');
    expect(read.functionCodes).toEqual(line.functionCodes);
    expect(read.economicCodes).toBeUndefined();
  });
});
