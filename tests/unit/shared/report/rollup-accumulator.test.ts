/**
 * The one roll-up accumulator and the one roll-up table: distinct counts by runs (group order)
 * and by set, the remainder row, the absent roll-up, and a breakdown declared in a test (not in
 * the product's list) drawn with as many cells in every row as in its header.
 */
import { describe, expect, it } from 'vitest';
import { ratio } from '../../../../shared/rational';
import { rollupTable } from '../../../../shared/render/rollup-table';
import { toMoneyFigures } from '../../../../shared/report/money-figures';
import type { PeriodFigures } from '../../../../shared/report/period-report';
import { compareLines } from '../../../../shared/report/period-report-builder';
import { type Rollup, rollup } from '../../../../shared/report/rollup';
import { RollupAccumulator } from '../../../../shared/report/rollup-accumulator';
import { ROLLUPS } from '../../../../shared/report/rollups';
import type { ProgressRules } from '../../../../shared/report/warning-levels';
import { parseTables } from '../../../support/html-tables';
import { amounts, DEFAULT_OPTIONS, line, report } from './helpers';

const RULES: ProgressRules = { timeProgress: ratio(1n, 2n), levels: [], minBudget: 0n };

const lines = [
  line({ unitCode: 'U1', projectCode: 'P1', fundType: '一般公共预算', amounts: amounts(100n, 1n, 50n) }),
  line({ unitCode: 'U1', projectCode: 'P1', fundType: '政府性基金预算', amounts: amounts(10n, 0n, 5n) }),
  line({ unitCode: 'U1', projectCode: 'P2', fundType: '一般公共预算', amounts: amounts(200n, 0n, 20n) }),
  line({ unitCode: 'U2', projectCode: 'P1', fundType: '一般公共预算', amounts: amounts(300n, 3n, 30n) }),
  line({ unitCode: 'U2', projectCode: 'P3', fundType: '一般公共预算', amounts: amounts(1n, 0n, 1n) }),
].sort(compareLines);

/** A breakdown by the first letter of the project code, declared here as a contributor would. */
const BY_PREFIX = rollup({
  property: 'byEconomic',
  caption: { zh: '按项目编码首字母', en: 'By project code prefix' },
  parts: (l) =>
    l.projectCode === 'P3'
      ? [{ key: null, amounts: l.amounts, first: null }]
      : [{ key: l.projectCode.slice(0, 1), amounts: l.amounts, first: null }],
  whenAbsent: 'omit',
  distinct: { units: { field: 'unitCode', by: 'runs' }, funds: { field: 'fundType', by: 'set' } },
  order: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  row: (entry) => ({
    level: `${entry.distinct.units?.count}/${entry.distinct.funds?.values.join('+')}`,
    code: entry.key,
    name: null,
    ...toMoneyFigures(entry.amounts),
  }),
  remainder: (a) => ({
    level: null,
    code: null,
    name: null,
    ...toMoneyFigures(a),
  }),
  table: {
    columns: [
      {
        kind: 'code',
        label: { zh: '首字母', en: 'Prefix' },
        value: (row) => row.code,
        none: { zh: '其他', en: 'Other' },
      },
      { kind: 'name', label: { zh: '计数', en: 'Counts' }, value: (row) => row.level },
      'initial',
      'budget',
      'spent',
      'rate',
    ],
    footer: true,
  },
});

function accumulate<R extends Rollup>(declaration: R): RollupAccumulator {
  const accumulator = new RollupAccumulator(declaration);
  for (const l of lines) accumulator.add(l);
  return accumulator;
}

describe('the roll-up accumulator', () => {
  it('counts distinct values by runs in group order and by set, and keeps the remainder apart', () => {
    const rows = accumulate(BY_PREFIX as Rollup).rows({
      total: amounts(611n, 4n, 106n),
      rules: RULES,
    });
    // P1 in U1 and U2 (U2's P3 goes to the remainder): 2 units (runs), two fund types (set).
    expect(rows).toEqual([
      expect.objectContaining({ code: 'P', level: '2/一般公共预算+政府性基金预算', budget: '6.10' }),
      expect.objectContaining({ code: null, budget: '0.01', spentToDate: '0.01' }),
    ]);
  });

  it('gives a unit its projects and a fund type its projects as the report publishes them', () => {
    const built = report(12, lines);
    expect(built.byUnit.map((u) => [u.unitCode, u.projectCount])).toEqual([
      ['U1', 2],
      ['U2', 2],
    ]);
    // 一般公共预算 meets P1 again in U2 after P2: still three projects, not four.
    expect(built.byFundType.map((f) => [f.fundType, f.projectCount])).toEqual([
      ['一般公共预算', 3],
      ['政府性基金预算', 1],
    ]);
    expect(built.byProject.map((p) => [p.projectCode, p.unitCount, p.fundTypes])).toEqual([
      ['P1', 2, ['一般公共预算', '政府性基金预算']],
      ['P2', 1, ['一般公共预算']],
      ['P3', 1, ['一般公共预算']],
    ]);
  });

  it('leaves an omitted roll-up out while no line has what it groups by', () => {
    const byEconomic = ROLLUPS.find((r) => r.property === 'byEconomic') as Rollup;
    expect(accumulate(byEconomic).isPresent()).toBe(false);
    expect(report(12, lines).byEconomic).toBeUndefined();
  });
});

describe('the roll-up table', () => {
  it('draws a declared breakdown with header, rows and footer of one width, 年初预算数 included', () => {
    const base = report(12, lines, null, DEFAULT_OPTIONS);
    const rows = accumulate(BY_PREFIX as Rollup).rows({
      total: amounts(611n, 4n, 106n),
      rules: RULES,
    });
    const figures = {
      ...base,
      totals: { ...base.totals, budgetInitial: '1.00' },
      byEconomic: rows,
    } as PeriodFigures;
    const [table] = parseTables(String(rollupTable(BY_PREFIX as Rollup, figures)));
    expect(table?.rows.map((row) => [row.section, row.width])).toEqual([
      ['thead', 6],
      ['tbody', 6],
      ['tbody', 6],
      ['tfoot', 6],
    ]);
    expect(table?.rows[2]?.cells[0]).toContain('其他');
    expect(table?.rows[3]?.cells[0]).toContain('合计');
    expect(table?.rows[3]?.cells[2]).toContain('1.00');
  });

  it('draws nothing for a roll-up the report does not have', () => {
    expect(rollupTable(BY_PREFIX as Rollup, report(12, lines))).toBeNull();
  });
});
