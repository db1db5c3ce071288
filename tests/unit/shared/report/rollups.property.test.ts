import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Amounts, EXPENDITURE_TYPES, FUND_TYPES, PROJECT_LEVELS } from '../../../../shared/domain-types';
import { formatYuan } from '../../../../shared/format';
import { addAmounts, parseAmount, zeroAmounts } from '../../../../shared/money';
import type { MoneyFigures, SourcedGroupLine } from '../../../../shared/report/period-report';
import { report } from './helpers';

const fen = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n });
const amountsArb: fc.Arbitrary<Amounts> = fc.record({ budget: fen, spentThisMonth: fen, spentToDate: fen });

const lineArb: fc.Arbitrary<SourcedGroupLine> = fc
  .record({
    unit: fc.integer({ min: 1, max: 4 }),
    project: fc.integer({ min: 1, max: 6 }),
    fundType: fc.constantFrom(...FUND_TYPES),
    level: fc.constantFrom(...PROJECT_LEVELS),
    split: fc.array(fc.tuple(fc.constantFrom(...EXPENDITURE_TYPES), amountsArb), {
      minLength: 1,
      maxLength: 2,
    }),
  })
  .map(({ unit, project, fundType, level, split }) => {
    const byExpenditureType: SourcedGroupLine['byExpenditureType'] = {};
    for (const [type, part] of split)
      byExpenditureType[type] = addAmounts(byExpenditureType[type] ?? zeroAmounts(), part);
    const total = Object.values(byExpenditureType).reduce<Amounts>(
      (sum, part) => addAmounts(sum, part),
      zeroAmounts(),
    );
    return {
      sourceKey: `incoming/u${unit}.csv`,
      unitCode: `U${unit}`,
      unitName: `单位${unit}`,
      projectCode: `P${project}`,
      projectName: `项目${project}`,
      projectLevel: level,
      fundType,
      functionCodes: [],
      amounts: total,
      byExpenditureType,
      lineCount: split.length,
    };
  });

/** Distinct group keys, as the pipeline guarantees (one source per group). */
const linesArb = fc.uniqueArray(lineArb, {
  maxLength: 25,
  selector: (line) => `${line.unitCode}/${line.projectCode}/${line.fundType}`,
});

function sumFigures(rows: MoneyFigures[]): Required<Omit<Amounts, 'budgetInitial'>> {
  const total = { budget: 0n, spentThisMonth: 0n, spentToDate: 0n };
  for (const row of rows) {
    for (const key of ['budget', 'spentThisMonth', 'spentToDate'] as const) {
      const parsed = parseAmount(row[key]);
      if (!parsed.ok) throw new Error(`bad money string ${row[key]}`);
      total[key] += parsed.fen;
    }
  }
  return total;
}

describe('roll-ups', () => {
  it('each roll-up sums to the lines’ total, exactly', () => {
    fc.assert(
      fc.property(linesArb, fc.integer({ min: 1, max: 12 }), (lines, month) => {
        const built = report(month, lines);
        const expected = lines.reduce<Amounts>((sum, line) => addAmounts(sum, line.amounts), zeroAmounts());
        expect(built.totals.budget).toBe(formatYuan(expected.budget));
        expect(built.totals.spentToDate).toBe(formatYuan(expected.spentToDate));
        for (const rollup of [
          built.byFundType,
          built.byUnit,
          built.byProject,
          built.byExpenditureType,
          built.lines,
        ]) {
          expect(sumFigures(rollup)).toEqual(expected);
        }
        const projects = new Set(lines.map((line) => line.projectCode)).size;
        expect(built.projectCounts.level1 + built.projectCounts.level2).toBe(projects);
        expect(built.byProject).toHaveLength(projects);
      }),
    );
  });

  it('does not depend on the order of the lines', () => {
    fc.assert(
      fc.property(
        linesArb.chain((lines) =>
          fc.tuple(
            fc.constant(lines),
            fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length }),
          ),
        ),
        ([lines, shuffled]) => {
          expect(report(12, shuffled)).toEqual(report(12, lines));
        },
      ),
    );
  });
});
