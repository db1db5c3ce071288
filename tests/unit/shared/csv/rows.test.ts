import { describe, expect, it } from 'vitest';
import { formatYuan } from '../../../../shared/format';
import { detail, fixturePath, HEADER, located, validateBytes, validateFile } from './helpers';

describe('row rules', () => {
  it('reports each bad cell with its line, column, value and a bilingual message', async () => {
    const result = await validateFile(fixturePath('bad-values.csv'));
    expect(result.valid).toBe(false);
    expect(result.groups).toEqual([]);
    expect(result.errors.map((e) => [e.code, e.line, e.column, e.value])).toEqual([
      ['INVALID_YEAR', 2, '年度', '1999'],
      ['INVALID_MONTH', 3, '月份', '13'],
      ['INVALID_PROJECT_LEVEL', 4, '项目级次', '三级'],
      ['INVALID_FUND_TYPE', 5, '资金性质', '专项资金'],
      ['INVALID_FUNCTION_CODE', 6, '功能科目编码', '20819O1'],
      ['INVALID_EXPENDITURE_TYPE', 7, '支出类型', '其他支出'],
      ['REQUIRED', 8, '单位名称', ' '],
      ['INVALID_AMOUNT', 9, '全年预算数', 'abc'],
      ['AMOUNT_TOO_PRECISE', 10, '全年预算数', '0.001'],
      ['INVALID_AMOUNT', 11, '累计支出', '1.2E+07'],
      ['REQUIRED', 12, '项目编码', ''],
      ['REQUIRED', 13, '单位编码', ''],
      ['REQUIRED', 13, '项目编码', ''],
    ]);
    for (const error of result.errors) expect(error.message).toMatch(/^[^/]*[\u4e00-\u9fff][^/]* \/ .*[a-z]/);
  });

  it('lists the allowed fund types when one is wrong', async () => {
    const result = await validateFile(fixturePath('bad-values.csv'));
    const fund = result.errors.find((error) => error.code === 'INVALID_FUND_TYPE');
    for (const allowed of [
      '一般公共预算',
      '政府性基金预算',
      '国有资本经营预算',
      '社会保险基金预算',
      '财政专户管理资金',
      '其他资金',
    ]) {
      expect(fund?.message).toContain(allowed);
    }
  });

  it('defaults an empty level to 一级 and an empty expenditure type to 项目支出; 1/2 mean 一级/二级', async () => {
    const result = await validateFile(fixturePath('defaults.csv'));
    expect(result.valid).toBe(true);
    expect(
      result.groups.map((g) => [g.projectCode, g.projectLevel, Object.keys(g.byExpenditureType)]),
    ).toEqual([
      ['P001', '一级', ['项目支出']],
      ['P002', '二级', ['基本支出']],
      ['P003', '一级', ['项目支出']],
    ]);
    // An empty 本月支出 counts as nothing spent this month.
    expect(result.groups[2]?.amounts.spentThisMonth).toBe(0n);
  });

  it('rejects ragged rows and still checks the rows after them', async () => {
    const result = await validateFile(fixturePath('ragged-row.csv'));
    expect(located(result.errors)).toEqual([
      { code: 'RAGGED_ROW', line: 3, column: null },
      { code: 'RAGGED_ROW', line: 4, column: null },
    ]);
    expect(result.errors[0]?.message).toContain('14');
    expect(result.rows).toBe(2);
  });

  it('rejects a second period in the same file, on every row of it', async () => {
    const result = await validateFile(fixturePath('mixed-periods.csv'));
    expect(located(result.errors)).toEqual([
      { code: 'MIXED_PERIOD', line: 3, column: '月份' },
      { code: 'MIXED_PERIOD', line: 4, column: '年度' },
    ]);
    expect(result.period).toEqual({ year: 2021, month: 12 });
  });

  it('allows one project name per project code', async () => {
    const result = await validateFile(fixturePath('project-name-conflict.csv'));
    expect(located(result.errors)).toEqual([{ code: 'PROJECT_NAME_CONFLICT', line: 3, column: '项目名称' }]);
    expect(result.errors[0]?.message).toContain('最低生活保障');
  });

  it('warns, once, when a unit code has two names or a project two levels', async () => {
    const csv = [
      HEADER,
      detail(),
      detail({ 3: '民政局', 6: '二级' }),
      detail({ 3: '民政局', 6: '二级' }),
    ].join('\n');
    const result = await validateBytes(csv);
    expect(result.valid).toBe(true);
    expect(located(result.warnings)).toEqual([
      { code: 'PROJECT_LEVEL_CONFLICT', line: 3, column: '项目级次' },
      { code: 'UNIT_NAME_CONFLICT', line: 3, column: '单位名称' },
    ]);
    expect(result.groups[0]?.unitName).toBe('乐昌市民政局');
  });

  it('checks fen precision after scaling a 万元 column', async () => {
    const result = await validateFile(fixturePath('wan-precision.csv'));
    expect(result.errors.map((e) => [e.code, e.line, e.column, e.value])).toEqual([
      ['AMOUNT_TOO_PRECISE', 2, '累计支出(万元)', '1.0000001'],
    ]);
  });

  it('reads thousands separators, accounting negatives and a 万元 header', async () => {
    const csv = [
      '年度,月份,单位编码,单位名称,项目编码,项目名称,资金性质,全年预算数（万元）,本月支出,累计支出',
      '2021,6,101001,民政局,P001,最低生活保障,一般公共预算,1.5,"(1,200.00)"," 3,400.50 "',
    ].join('\r\n');
    const result = await validateBytes(csv);
    expect(result.errors).toEqual([]);
    expect(formatYuan(result.totals.budget)).toBe('15000.00');
    expect(formatYuan(result.totals.spentThisMonth)).toBe('-1200.00');
    expect(formatYuan(result.totals.spentToDate)).toBe('3400.50');
  });

  it('keeps at most maxErrors errors but counts them all', async () => {
    const lines = [HEADER, ...Array.from({ length: 250 }, () => detail({ 7: '专项资金' }))];
    const result = await validateBytes(lines.join('\n'), { maxErrors: 100 });
    expect(result.errors).toHaveLength(100);
    expect(result.errorCount).toBe(250);
    expect(result.errors[99]?.line).toBe(101);
    expect(result.rows).toBe(250);
  });

  it('truncates long values in issues', async () => {
    const result = await validateBytes(`${HEADER}\n${detail({ 7: '专'.repeat(500) })}\n`);
    expect(result.errors[0]?.value).toHaveLength(201);
  });

  it('skips blank lines and the empty rows Excel leaves behind, keeping line numbers', async () => {
    const csv = `${HEADER}\n\n${detail()}\n,,,,,,,,,,,,\n   \n${detail({ 7: 'x' })}\n\n`;
    const result = await validateBytes(csv);
    expect(result.rows).toBe(2);
    expect(located(result.errors)).toEqual([{ code: 'INVALID_FUND_TYPE', line: 6, column: '资金性质' }]);
  });

  it('finds the header below a title line', async () => {
    const csv = `乐昌市民政局预算执行表\n\n${HEADER}\n${detail({ 7: 'x' })}\n`;
    const result = await validateBytes(csv);
    expect(located(result.errors)).toEqual([{ code: 'INVALID_FUND_TYPE', line: 4, column: '资金性质' }]);
    expect(located(result.warnings)).toEqual([{ code: 'PREAMBLE_IGNORED', line: 3, column: null }]);
  });

  it.each(['12', '12月', '2021-12', '2021/12', '202112', '2021年12月'])(
    'reads the 期间 value %j as month 12',
    async (value) => {
      const csv = `${HEADER.replace('月份', '期间')}\n${detail({ 1: value })}\n`;
      const result = await validateBytes(csv);
      expect(result.errors).toEqual([]);
      expect(result.period).toEqual({ year: 2021, month: 12 });
    },
  );
});
