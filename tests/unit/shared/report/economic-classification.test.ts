/**
 * 经济分类 (docs/contract.md §2, §4, §5): an optional column, carried, rolled up by 类 and 款
 * when present; absent, nothing changes and no table is drawn.
 */
import { describe, expect, it } from 'vitest';
import { lineItem, parseLineItem } from '../../../../functions/store/dynamodb/line-item';
import { renderLinesCsv } from '../../../../shared/render/lines-csv';
import { renderReportPage } from '../../../../shared/render/report-page';
import type { SourcedGroupLine } from '../../../../shared/report/period-report';
import { parseTables } from '../../../support/html-tables';
import { samplePageContext } from '../../../support/sample-report';
import { located, validateBytes } from '../csv/helpers';
import { lechangLines, report } from './helpers';

const HEAD = '年度,月份,单位编码,单位名称,项目编码,项目名称,资金性质,功能科目编码';

async function linesOf(csv: string): Promise<SourcedGroupLine[]> {
  const result = await validateBytes(csv);
  expect(result.errors).toEqual([]);
  return result.groups.map((group) => ({ ...group, sourceKey: 'incoming/x.csv' }));
}

describe('execution by 经济分类', () => {
  it('reads a 部门预算支出经济分类 code-and-name column, carries it through the store and rolls it up by 类 and 款', async () => {
    const lines = await linesOf(
      `${HEAD},部门预算支出经济分类,全年预算数,累计支出\n` +
        '2021,12,1,局,J1,人员经费,一般公共预算,2080201,30101 基本工资,100.00,90.00\n' +
        '2021,12,1,局,J1,人员经费,一般公共预算,2080201,30102 津贴补贴,50.00,45.00\n' +
        '2021,12,1,局,J2,公用经费,一般公共预算,2080202,[30201]办公费（本局）,20.00,10.00\n',
    );
    const stored = lines.map((line) => parseLineItem(lineItem('incoming/x.csv', 'g1', '2021-12', line)).line);
    expect(stored).toEqual(lines);
    expect(stored[0]?.economicCodes).toEqual(['30101', '30102']);
    const built = report(12, stored);
    expect(
      built.byEconomic?.map((row) => [row.level, row.code, row.name, row.budget, row.spentToDate]),
    ).toEqual([
      ['类', '301', '工资福利支出', '150.00', '135.00'],
      ['款', '30101', '基本工资', '100.00', '90.00'],
      ['款', '30102', '津贴补贴', '50.00', '45.00'],
      ['类', '302', '商品和服务支出', '20.00', '10.00'],
      ['款', '30201', '办公费（本局）', '20.00', '10.00'],
    ]);
    expect(built.lines[0]?.economicCodes).toEqual(['30101', '30102']);
    const page = renderReportPage(built, samplePageContext(built));
    const table = parseTables(page).find((t) => t.caption.includes('按部门预算支出经济分类'));
    expect(table?.rows.length).toBe(6);
    const [header, first] = renderLinesCsv(built)
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(header).toContain('经济科目编码,经济科目名称');
    expect(first).toContain('30101;30102,基本工资;津贴补贴');
  });

  it('a code that is not digits is an error naming the column', async () => {
    const result = await validateBytes(
      `${HEAD},经济科目编码,全年预算数,累计支出\n2021,12,1,局,J1,人员经费,一般公共预算,2080201,30X1,100.00,90.00\n`,
    );
    expect(located(result.errors)).toEqual([
      { code: 'INVALID_ECONOMIC_CODE', line: 2, column: '经济科目编码' },
    ]);
    expect(result.errors[0]?.message).toContain('经济科目编码只能包含数字');
  });

  it('absent: no byEconomic, no economic fields on lines, no table, no lines.csv column', async () => {
    const built = report(12, await lechangLines(12));
    expect(built.byEconomic).toBeUndefined();
    expect(built.lines.some((line) => 'economicCodes' in line)).toBe(false);
    expect(renderReportPage(built, samplePageContext(built))).not.toContain('经济分类');
    expect(renderLinesCsv(built)).not.toContain('经济科目');
  });
});
