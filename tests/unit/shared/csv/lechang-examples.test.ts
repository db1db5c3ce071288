import { describe, expect, it } from 'vitest';
import type { GroupLine } from '../../../../shared/domain-types';
import { toValidateJson } from '../../../../shared/export';
import { formatWan, formatYuan } from '../../../../shared/format';
import { examplePath, fixturePath, validateFile } from './helpers';

function byKey(groups: GroupLine[], select: (group: GroupLine) => string): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const group of groups) {
    sums.set(select(group), (sums.get(select(group)) ?? 0n) + group.amounts.spentToDate);
  }
  return sums;
}

describe('the Lechang 2021 examples', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])(
    'month %i is valid, with its own period',
    async (month) => {
      const result = await validateFile(examplePath(month));
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
      expect(result.period).toEqual({ year: 2021, month });
      expect(result.rows).toBe(23);
      expect(formatYuan(result.totals.budget)).toBe('129653700.00');
    },
  );

  it('at 2021-12 budget and executed are both 12965.37万 (129653700.00 yuan), as in the seed report', async () => {
    const result = await validateFile(examplePath(12));
    expect(formatYuan(result.totals.budget)).toBe('129653700.00');
    expect(formatYuan(result.totals.spentToDate)).toBe('129653700.00');
    expect(formatWan(result.totals.spentToDate)).toBe('12965.37');
    expect(result.encoding).toBe('utf-8');
  });

  it('sums the seed figures by fund type and by project', async () => {
    const { groups } = await validateFile(examplePath(12));
    const fund = byKey(groups, (group) => group.fundType);
    expect(formatYuan(fund.get('一般公共预算') ?? -1n)).toBe('127574900.00');
    expect(formatYuan(fund.get('政府性基金预算') ?? -1n)).toBe('2078800.00');
    const project = byKey(groups, (group) => group.projectName);
    expect(formatYuan(project.get('最低生活保障') ?? -1n)).toBe('46233300.00');
    expect(formatYuan(project.get('残疾人补贴') ?? -1n)).toBe('21558900.00');
    expect(formatYuan(project.get('临时救助') ?? -1n)).toBe('2103700.00');
    expect(formatYuan(project.get('特困人员救助供养') ?? -1n)).toBe('12705700.00');
  });

  it('groups by (unit, project, fund type), sorted, splitting by expenditure type', async () => {
    const { groups } = await validateFile(examplePath(12));
    expect(groups).toHaveLength(23);
    const keys = groups.map((group) => `${group.unitCode}/${group.projectCode}`);
    expect(keys).toEqual([...keys].sort());
    const staff = groups.find(
      (group) => group.unitCode === '101001' && group.projectCode === '44028121J000001',
    );
    expect(staff?.byExpenditureType).toEqual({ 基本支出: staff?.amounts });
    expect(staff?.functionCodes).toEqual(['2080201']);
    expect(staff?.lineCount).toBe(1);
  });

  it.each([
    ['lechang-2021-12.gb18030.csv', 'gb18030'],
    ['lechang-2021-12.gb18030-lf.csv', 'gb18030'],
    ['lechang-2021-12.bom.csv', 'utf-8'],
    ['lechang-2021-12.lf.csv', 'utf-8'],
    ['lechang-2021-12.cr.csv', 'utf-8'],
    ['lechang-2021-12.wan.csv', 'utf-8'],
    ['lechang-2021-12.wan-note.csv', 'utf-8'],
    ['lechang-2021-12.english.csv', 'utf-8'],
    ['lechang-2021-12.quoted-amounts.csv', 'utf-8'],
    ['lechang-2021-12.totals.csv', 'utf-8'],
    ['lechang-2021-12.totals-by-unit.csv', 'utf-8'],
  ])('%s gives exactly the same groups as the original (%s)', async (name, encoding) => {
    const original = await validateFile(examplePath(12));
    const variant = await validateFile(fixturePath(name));
    expect(variant.errors).toEqual([]);
    expect(variant.encoding).toBe(encoding);
    expect(variant.rows).toBe(23);
    expect(variant.groups).toEqual(original.groups);
    // The headers differ (English, 万元), so `mapping` does; everything else is the same.
    const { warnings: _ignored, mapping: _mapped, ...json } = toValidateJson(variant);
    const { warnings: _none, mapping: _original, ...expected } = toValidateJson(original);
    expect(json).toEqual(expected);
  });

  it('reads the unit note above the header, and says the lines above it were skipped', async () => {
    const result = await validateFile(fixturePath('lechang-2021-12.wan-note.csv'));
    expect(result.warnings.map((warning) => [warning.code, warning.line])).toEqual([['PREAMBLE_IGNORED', 3]]);
  });
});
