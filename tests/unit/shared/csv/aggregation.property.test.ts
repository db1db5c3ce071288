import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXPENDITURE_TYPES, FUND_TYPES } from '../../../../shared/domain-types';
import { formatYuan } from '../../../../shared/format';
import { sumAmounts } from '../../../../shared/money';
import { HEADER, validateBytes } from './helpers';

const fenArb = fc.bigInt({ min: -(10n ** 11n), max: 10n ** 11n });

const rowArb = fc.record({
  unit: fc.integer({ min: 1, max: 3 }),
  project: fc.integer({ min: 1, max: 4 }),
  fund: fc.integer({ min: 0, max: FUND_TYPES.length - 1 }),
  type: fc.constantFrom(...EXPENDITURE_TYPES),
  budget: fenArb,
  month: fenArb,
  ytd: fenArb,
});
type Row = typeof rowArb extends fc.Arbitrary<infer T> ? T : never;

function csvLine(row: Row): string {
  // Project names derive from the code (one name per code), fund type from the project.
  return [
    '2021',
    '9',
    `U${row.unit}`,
    `单位${row.unit}`,
    `P${row.project}`,
    `项目${row.project}`,
    '一级',
    FUND_TYPES[row.fund],
    '2081901',
    row.type,
    `"${formatYuan(row.budget)}"`,
    formatYuan(row.month),
    formatYuan(row.ytd),
  ].join(',');
}

describe('aggregation', () => {
  it('groups sum to the rows’ total, per group, per expenditure type, whatever the chunking', () => {
    return fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 64 }),
        async (rows, chunk) => {
          const result = await validateBytes([HEADER, ...rows.map(csvLine)].join('\n'), undefined, chunk);
          expect(result.errors).toEqual([]);
          expect(result.rows).toBe(rows.length);
          const expected = sumAmounts(
            rows.map((row) => ({ budget: row.budget, spentThisMonth: row.month, spentToDate: row.ytd })),
          );
          expect(result.totals).toEqual(expected);
          expect(sumAmounts(result.groups.map((group) => group.amounts))).toEqual(expected);
          for (const group of result.groups) {
            expect(sumAmounts(Object.values(group.byExpenditureType))).toEqual(group.amounts);
          }
          const keys = new Set(rows.map((row) => `U${row.unit}/P${row.project}/${FUND_TYPES[row.fund]}`));
          expect(result.groups).toHaveLength(keys.size);
          expect(result.groups.reduce((n, group) => n + group.lineCount, 0)).toBe(rows.length);
        },
      ),
      { numRuns: 60 },
    );
  });
});
