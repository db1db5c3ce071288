import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lineItem, parseLineItem } from '../../../../functions/store/dynamodb/line-item';
import { renderLinesCsv } from '../../../../shared/render/lines-csv';
import { budgetSystemWorkbook } from '../../../support/budget-system-layout';
import { validateWorkbook } from '../../../support/workbooks';
import { examplePath } from '../csv/helpers';
import { lechangLines, report } from './helpers';

describe('the initial budget (年初预算数) through aggregation, the store and the report', () => {
  it('is carried beside the adjusted budget, and the rate stays on the adjusted one', async () => {
    const csv = readFileSync(examplePath(12), 'utf8');
    const bytes = await budgetSystemWorkbook(csv, {
      title: '乐昌市民政局2021年1-12月预算执行情况表',
      initialBudgets: { '44028121A000003': '1200000.00' },
    });
    const result = await validateWorkbook(bytes);
    expect(result.valid).toBe(true);
    // Through a stored line item and back, as render reads it.
    const stored = result.groups.map(
      (group) => parseLineItem(lineItem('incoming/x/2021-12.xlsx', 'g1', '2021-12', group)).line,
    );
    expect(stored.map((l) => l.amounts)).toEqual(result.groups.map((g) => g.amounts));
    const built = report(12, stored);
    expect(built.totals.budgetInitial).toBe('129950000.00');
    expect(built.totals.budget).toBe('129653700.00');
    expect(built.totals.executionRate).toBe(1);
    const relief = built.byProject.find((p) => p.projectCode === '44028121A000003');
    expect(relief?.budgetInitial).toBe('2400000.00');
    expect(relief?.budget).toBe('2103700.00');
    expect(built.byUnit.every((u) => u.budgetInitial !== undefined)).toBe(true);
    expect(built.byFundType.every((f) => f.budgetInitial !== undefined)).toBe(true);
    expect(built.lines.every((l) => l.budgetInitial !== undefined)).toBe(true);
    const [header] = renderLinesCsv(built)
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(header).toContain('年初预算数,全年预算数');
  });

  it('a negative budget line is a warning in the report', async () => {
    const lines = await lechangLines(12);
    const first = lines[0];
    if (first === undefined) throw new Error('no lines');
    const negative = { ...first, amounts: { ...first.amounts, budget: -first.amounts.budget } };
    const built = report(12, [negative, ...lines.slice(1)]);
    expect(built.warnings.map((w) => w.code)).toContain('NEGATIVE_BUDGET');
  });

  it('is absent where the exports do not state it', async () => {
    const built = report(12, await lechangLines(12));
    expect(built.totals.budgetInitial).toBeUndefined();
    expect(renderLinesCsv(built)).not.toContain('年初预算数');
  });
});
