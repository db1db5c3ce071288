/**
 * docs/contract.md §4.1: the time-progress rules, warning levels at their thresholds and the budget
 * floor, rankings with ties, year over year, each computed exactly and rounded once.
 */
import { describe, expect, it } from 'vitest';
import { ratio, ratioOfNumber } from '../../../../shared/rational';
import { gapPoints } from '../../../../shared/report/progress-gap';
import { rankProjects, rankUnits } from '../../../../shared/report/rankings';
import {
  type TimeProgressRule,
  timeProgressCurve,
  timeProgressFraction,
  timeProgressOf,
} from '../../../../shared/report/time-progress';
import { type ProgressRules, warningLevelOf } from '../../../../shared/report/warning-levels';
import { yearOverYear } from '../../../../shared/report/year-over-year';
import { amounts, DEFAULT_OPTIONS, lechangLines, line, report } from './helpers';

const CHECKPOINTS: TimeProgressRule = { checkpoints: { '3': 0.25, '6': 0.5, '9': 0.75, '11': 0.9, '12': 1 } };

describe('time progress rules', () => {
  it('month: month ÷ 12', () => {
    expect(timeProgressCurve('month', 2021)).toEqual([
      0.0833, 0.1667, 0.25, 0.3333, 0.4167, 0.5, 0.5833, 0.6667, 0.75, 0.8333, 0.9167, 1,
    ]);
    expect(timeProgressFraction('month', { year: 2021, month: 7 })).toEqual(ratio(7n, 12n));
  });

  it('day: days elapsed at the month end ÷ days in the year, leap years included', () => {
    expect(timeProgressFraction('day', { year: 2021, month: 2 })).toEqual(ratio(59n, 365n));
    expect(timeProgressFraction('day', { year: 2024, month: 2 })).toEqual(ratio(60n, 366n));
    expect(timeProgressFraction('day', { year: 2021, month: 6 })).toEqual(ratio(181n, 365n));
    expect(timeProgressFraction('day', { year: 2024, month: 6 })).toEqual(ratio(182n, 366n));
    // 1900 is not a leap year (divisible by 100), 2000 is (divisible by 400).
    expect(timeProgressFraction('day', { year: 1900, month: 2 })).toEqual(ratio(59n, 365n));
    expect(timeProgressFraction('day', { year: 2000, month: 2 })).toEqual(ratio(60n, 366n));
    expect(timeProgressOf('day', { year: 2021, month: 6 })).toBe(0.4959);
    expect(timeProgressOf('day', { year: 2024, month: 2 })).toBe(0.1639);
    expect(timeProgressOf('day', { year: 2024, month: 12 })).toBe(1);
  });

  it('checkpoints: the targets at their months, linear from 0 at month 0 in between', () => {
    expect(timeProgressCurve(CHECKPOINTS, 2021)).toEqual([
      0.0833, 0.1667, 0.25, 0.3333, 0.4167, 0.5, 0.5833, 0.6667, 0.75, 0.825, 0.9, 1,
    ]);
    // Month 10 is halfway between 0.75 (month 9) and 0.9 (month 11): exactly 33/40.
    expect(timeProgressFraction(CHECKPOINTS, { year: 2021, month: 10 })).toEqual(ratio(33n, 40n));
    const front = { checkpoints: { '6': 0.6 } };
    expect(timeProgressCurve(front, 2021)).toEqual([
      0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.6667, 0.7333, 0.8, 0.8667, 0.9333, 1,
    ]);
  });

  it('reads settings through their decimal form, never their binary value', () => {
    expect(ratioOfNumber(0.9)).toEqual({ num: 9n, den: 10n });
    expect(ratioOfNumber(7.5)).toEqual({ num: 15n, den: 2n });
    expect(ratioOfNumber(1e-7)).toEqual({ num: 1n, den: 10_000_000n });
    expect(ratioOfNumber(20)).toEqual({ num: 20n, den: 1n });
  });
});

describe('warning levels', () => {
  const june: ProgressRules = {
    timeProgress: ratio(1n, 2n),
    levels: DEFAULT_OPTIONS.warningLevels,
    minBudget: 0n,
  };
  const level = (spent: bigint, rules = june) => warningLevelOf(amounts(100_000n, 0n, spent), rules);

  // The lag is the printed one (published time progress − published rate), so the level agrees
  // with the figures beside it: 40.01% at 50.00% is 9.99 behind, not yellow; 40.001% prints
  // 40.00%, 10.00 behind, yellow.
  it('gives the highest level whose printed lag reaches its threshold', () => {
    expect(level(50_000n)).toBeNull(); // on time
    expect(level(40_010n)).toBeNull(); // 40.01%: 9.99 points behind
    expect(level(40_004n)).toBe('yellow'); // 40.004% prints 40.00%: 10.00 behind
    expect(level(40_000n)).toBe('yellow'); // exactly 10
    expect(level(30_010n)).toBe('yellow'); // 19.99
    expect(level(30_004n)).toBe('red'); // prints 30.00%: 20.00 behind
    expect(level(30_000n)).toBe('red'); // exactly 20
    expect(level(0n)).toBe('red');
    expect(level(90_000n)).toBeNull(); // ahead
  });

  it('does not depend on the order levels are listed in, and compares fractional thresholds exactly', () => {
    const reversed = { ...june, levels: [...june.levels].reverse() };
    expect(level(30_000n, reversed)).toBe('red');
    const oneThird: ProgressRules = {
      timeProgress: ratio(1n, 3n),
      levels: [{ level: 'orange', lagPoints: 12.5 }],
      minBudget: 0n,
    };
    // 33.33% − 20.83% = 12.50 points: reached; 33.33% − 20.84% = 12.49: not.
    expect(warningLevelOf(amounts(2_400_000n, 0n, 500_000n), oneThird)).toBe('orange');
    expect(warningLevelOf(amounts(2_400_000n, 0n, 500_160n), oneThird)).toBeNull();
  });

  it('leaves budgets below the floor and lines without a budget unflagged', () => {
    const floor = { ...june, minBudget: 100_000n };
    expect(level(0n, floor)).toBe('red'); // exactly the floor: flagged
    expect(warningLevelOf(amounts(99_999n, 0n, 0n), floor)).toBeNull();
    expect(warningLevelOf(amounts(0n, 0n, 5_000n), june)).toBeNull();
    expect(warningLevelOf(amounts(-100n, 0n, 0n), june)).toBeNull();
  });

  it('applies to lines, units and projects of a report, with the floor from the settings', () => {
    const lines = [
      line({ unitCode: 'U1', projectCode: 'P1', amounts: amounts(1_000_000n, 0n, 250_000n) }), // 25 behind
      line({ unitCode: 'U1', projectCode: 'P2', amounts: amounts(1_000_000n, 0n, 650_000n) }), // ahead
      line({ unitCode: 'U2', projectCode: 'P3', amounts: amounts(9_999n, 0n, 0n) }), // 99.99 yuan
    ];
    const june2021 = report(6, lines, null, { ...DEFAULT_OPTIONS, warningMinBudget: '100.00' });
    expect(june2021.lines.map((l) => [l.projectCode, l.level])).toEqual([
      ['P1', 'red'],
      ['P2', null],
      ['P3', null],
    ]);
    expect(june2021.byUnit.map((u) => [u.unitCode, u.level])).toEqual([
      ['U1', null], // 45% at 50%
      ['U2', null], // below the floor
    ]);
    expect(june2021.byProject.map((p) => [p.projectCode, p.level, p.flags])).toEqual([
      ['P1', 'red', ['lagging']],
      ['P2', null, []],
      ['P3', null, []],
    ]);
    expect(june2021.warnings.map((w) => [w.code, w.projectCode, w.level])).toEqual([
      ['LAGGING', 'P1', 'red'],
    ]);
  });
});

describe('rankings', () => {
  const rules: ProgressRules = {
    timeProgress: ratio(1n, 2n),
    levels: DEFAULT_OPTIONS.warningLevels,
    minBudget: 0n,
  };
  const input = (code: string, budget: bigint, spent: bigint) => ({
    code,
    name: `单位${code}`,
    amounts: amounts(budget, 0n, spent),
  });

  it('orders by execution rate, shares a rank on equal rates and skips the next (1, 2, 2, 4)', () => {
    const ranked = rankUnits(
      [
        input('D', 1_000n, 300n),
        input('B', 1_000n, 600n),
        input('C', 2_000n, 1_200n), // 60% too: ties with B
        input('A', 1_000n, 900n),
        input('E', 0n, 50n), // no budget: unranked, last
      ],
      rules,
    );
    expect(ranked.map((r) => [r.rank, r.unitCode, r.executionRate, r.gapPoints, r.level])).toEqual([
      [1, 'A', 0.9, 40, null],
      [2, 'B', 0.6, 10, null],
      [2, 'C', 0.6, 10, null],
      [4, 'D', 0.3, -20, 'red'],
      [null, 'E', null, null, null],
    ]);
  });

  it('ties on the rate as published (4 decimals), and lists ties by code', () => {
    const ranked = rankProjects(
      [input('Z', 30_000n, 10_000n), input('Y', 3n, 1n), input('X', 10_000n, 3_333n)],
      rules,
    );
    expect(ranked.map((r) => [r.rank, r.projectCode, r.executionRate])).toEqual([
      [1, 'X', 0.3333],
      [1, 'Y', 0.3333],
      [1, 'Z', 0.3333],
    ]);
  });

  it('gives gaps as the printed time progress minus the printed rate', () => {
    // 61137426 / 129653700 = 47.1543…% prints 47.15%, against 50.00%: −2.85 points.
    expect(gapPoints(amounts(12_965_370_000n, 0n, 6_113_742_600n), ratio(1n, 2n))).toBe(-2.85);
    // 2/3 prints 66.67%, 7/12 prints 58.33%: +8.34 points, as a reader subtracts them.
    expect(gapPoints(amounts(3n, 0n, 2n), ratio(7n, 12n))).toBe(8.34);
    // The bulletin: 90,464,900.00 of 100,000,000.00 in November (rule "month"):
    // 90.46% against 91.67% (11/12 half up) is 1.21 behind, as a reader computes.
    expect(gapPoints(amounts(10_000_000_000n, 0n, 9_046_490_000n), ratio(11n, 12n))).toBe(-1.21);
  });

  it('ranks the Lechang units and projects of June 2021 against the checkpoints', async () => {
    const june = report(6, await lechangLines(6), null, { ...DEFAULT_OPTIONS, timeProgress: CHECKPOINTS });
    expect(june.timeProgress).toBe(0.5);
    expect(june.totals.executionRate).toBe(0.4715);
    expect(june.gapPoints).toBe(-2.85);
    expect(june.rankings.units).toHaveLength(4);
    // 人员经费 and 公用经费 (基本支出) are out of the project rankings (they were rank 3 in June).
    expect(june.rankings.projects).toHaveLength(11);
    expect(june.rankings.projects.map((p) => p.projectName)).not.toContain('人员经费');
    expect(june.rankings.projects.map((p) => p.projectName)).not.toContain('公用经费');
    for (const list of [june.rankings.units, june.rankings.projects]) {
      const rates = list.map((r) => r.executionRate ?? -Infinity);
      expect(rates).toEqual([...rates].sort((a, b) => b - a));
      expect(list[0]?.rank).toBe(1);
      for (const entry of list) {
        expect(entry.gapPoints).toEqual(
          entry.executionRate === null ? null : expect.closeTo((entry.executionRate - 0.5) * 100, 1),
        );
      }
    }
  });
});

describe('year over year', () => {
  it('compares with the same month a year earlier, in points from the published rates', () => {
    const result = yearOverYear(amounts(3n, 0n, 2n), {
      period: { year: 2020, month: 6 },
      totals: amounts(1_000n, 10n, 500n),
    });
    expect(result).toEqual({
      period: { year: 2020, month: 6 },
      totals: { budget: '10.00', spentThisMonth: '0.10', spentToDate: '5.00', executionRate: 0.5 },
      executionRate: 0.5,
      rateChangePoints: 16.67, // 66.67% − 50.00%, as printed
    });
    expect(
      yearOverYear(amounts(3n, 0n, 2n), { period: { year: 2020, month: 6 }, totals: amounts(0n, 0n, 0n) })
        .rateChangePoints,
    ).toBeNull();
  });

  it('appears in the report only when the previous year is given', async () => {
    const lines = await lechangLines(6);
    expect(report(6, lines).yearOverYear).toBeUndefined();
    const withPrevious = report(6, lines, null, DEFAULT_OPTIONS, {
      period: { year: 2020, month: 6 },
      totals: amounts(12_965_370_000n, 0n, 5_186_148_000n), // 40%
    });
    expect(withPrevious.yearOverYear?.executionRate).toBe(0.4);
    expect(withPrevious.yearOverYear?.rateChangePoints).toBe(7.15);
  });
});
