import { describe, expect, it } from 'vitest';
import { ratio as fraction } from '../../../../shared/rational';
import {
  executionPoints,
  executionRate,
  lagAndFlags,
  projectSummaryEn,
  projectSummaryZh,
  ratio,
  timeProgressOf,
} from '../../../../shared/report';
import type { ProgressRules } from '../../../../shared/report/warning-levels';
import { amounts } from './helpers';

describe('rates', () => {
  it('rounds exactly, half up, to 4 decimals', () => {
    expect(ratio(1n, 3n)).toBe(0.3333);
    expect(ratio(2n, 3n)).toBe(0.6667);
    expect(ratio(1n, 20000n)).toBe(0.0001); // 0.00005 rounds up
    expect(ratio(1n, 20001n)).toBe(0);
    expect(ratio(-1n, 3n)).toBe(-0.3333);
    expect(ratio(3n, 4n)).toBe(0.75);
    expect(ratio(5n, 5n)).toBe(1);
  });

  // docs/contract.md §4: a rate short of 90% or 100% never rounds up to it, one above 100% never
  // rounds down to it (the issue's 「完成预算数的100%」 for 9,999,500.00 of 10,000,000.00).
  it('never publishes 90% or 100% for a rate that is not', () => {
    expect(ratio(9_999_500n, 10_000_000n)).toBe(0.9999);
    expect(ratio(999_999_999n, 1_000_000_000n)).toBe(0.9999);
    expect(ratio(8_999_999n, 10_000_000n)).toBe(0.8999);
    expect(ratio(89_995n, 100_000n)).toBe(0.8999);
    expect(ratio(10_000_400n, 10_000_000n)).toBe(1.0001);
    expect(ratio(9_000_000n, 10_000_000n)).toBe(0.9);
    expect(ratio(8_999_400n, 10_000_000n)).toBe(0.8999); // rounds down anyway
    expect(ratio(9_000_400n, 10_000_000n)).toBe(0.9001); // above 90% never rounds down to it either
  });

  it('is null at zero budget and never capped', () => {
    expect(executionRate(amounts(0n, 0n, 500n))).toBeNull();
    expect(executionRate(amounts(1000n, 0n, 1300n))).toBe(1.3);
  });

  it('time progress is month / 12 to 4 decimals', () => {
    const timeProgress = (month: number) => timeProgressOf('month', { year: 2021, month });
    expect(timeProgress(1)).toBe(0.0833);
    expect(timeProgress(6)).toBe(0.5);
    expect(timeProgress(8)).toBe(0.6667);
    expect(timeProgress(12)).toBe(1);
  });
});

describe('lag and flags', () => {
  // June: time progress 0.5; one level at `points` behind it.
  const half = (points: number): ProgressRules => ({
    timeProgress: fraction(1n, 2n),
    levels: [{ level: 'yellow', lagPoints: points }],
    minBudget: 0n,
  });

  // docs/contract.md §4.1: a line gets the level whose threshold it *reaches*, so a lag exactly at the
  // threshold is flagged (the single `lagThreshold` of before flagged only lags above it).
  it('flags a line whose lag reaches the threshold, not one short of it', () => {
    expect(lagAndFlags(amounts(10000n, 0n, 3999n), half(10))).toEqual({
      lag: 0.1001,
      level: 'yellow',
      flags: ['lagging'],
    });
    expect(lagAndFlags(amounts(10000n, 0n, 4000n), half(10))).toEqual({
      lag: 0.1,
      level: 'yellow',
      flags: ['lagging'],
    });
    expect(lagAndFlags(amounts(10000n, 0n, 4001n), half(10))).toEqual({
      lag: 0.0999,
      level: null,
      flags: [],
    });
    expect(lagAndFlags(amounts(10000n, 0n, 3000n), half(25))).toEqual({ lag: 0.2, level: null, flags: [] });
  });

  it('flags over-execution on the exact amounts, and a negative lag is fine', () => {
    expect(lagAndFlags(amounts(10000n, 0n, 10001n), half(10))).toEqual({
      lag: -0.5001,
      level: null,
      flags: ['overExecuted'],
    });
  });

  it('flags spending without a budget, and says nothing when there is neither', () => {
    expect(lagAndFlags(amounts(0n, 0n, 1n), half(10))).toEqual({
      lag: null,
      level: null,
      flags: ['zeroBudgetSpending'],
    });
    expect(lagAndFlags(amounts(0n, 0n, 0n), half(10))).toEqual({ lag: null, level: null, flags: [] });
  });
});

describe('project summary sentences', () => {
  it('matches the seed report word for word', () => {
    expect(projectSummaryZh('最低生活保障', amounts(4623330000n, 0n, 4623330000n))).toBe(
      '最低生活保障项目：全年预算数为4623.33万元，执行数为4623.33万元，完成预算数的100%。',
    );
    expect(projectSummaryZh('临时救助', amounts(210370000n, 0n, 210370000n))).toBe(
      '临时救助项目：全年预算数为210.37万元，执行数为210.37万元，完成预算数的100%。',
    );
  });

  it('writes 万元 with two decimals, a rate that is not a whole percentage with two, and does not double 项目', () => {
    expect(projectSummaryZh('养老服务设施建设项目', amounts(100000000n, 0n, 98500000n))).toBe(
      '养老服务设施建设项目：全年预算数为100.00万元，执行数为98.50万元，完成预算数的98.50%。',
    );
  });

  it('says so when there is no budget', () => {
    expect(projectSummaryZh('儿童福利', amounts(0n, 0n, 1000000n))).toBe(
      '儿童福利项目：全年预算数为0.00万元，执行数为1.00万元，未安排预算，不计算完成率。',
    );
    expect(projectSummaryEn('儿童福利', amounts(0n, 0n, 1000000n))).toContain('no budget');
  });

  it('never says 100% of a budget that was not spent in full', () => {
    // The example: 9,999,500.00 of 10,000,000.00 printed 「完成预算数的100%」.
    expect(projectSummaryZh('示例', amounts(1_000_000_000n, 0n, 999_950_000n))).toBe(
      '示例项目：全年预算数为1000.00万元，执行数为999.95万元，完成预算数的99.99%。',
    );
  });

  it('has an English sentence with grouped yuan', () => {
    expect(projectSummaryEn('残疾人补贴', amounts(2155890000n, 0n, 2155890000n))).toBe(
      '残疾人补贴: full-year budget 21,558,900.00 yuan, executed 21,558,900.00 yuan, 100% of the budget.',
    );
  });
});

describe('execution points', () => {
  it('is weight × min(rate, 1) to 2 decimals, exact', () => {
    expect(executionPoints(amounts(3n, 0n, 2n), 10)).toBe(6.67);
    expect(executionPoints(amounts(100n, 0n, 130n), 10)).toBe(10);
    expect(executionPoints(amounts(100n, 0n, 50n), 7.5)).toBe(3.75);
    expect(executionPoints(amounts(0n, 0n, 50n), 10)).toBe(0);
    expect(executionPoints(amounts(100n, 0n, -5n), 10)).toBe(0);
  });
});
