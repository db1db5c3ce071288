import { describe, expect, it } from 'vitest';
import {
  executionPoints,
  executionRate,
  formatPercent,
  lagAndFlags,
  projectSummaryEn,
  projectSummaryZh,
  ratio,
  timeProgressOf,
} from '../../../../shared/report';
import { fraction } from '../../../../shared/report/exact-fraction';
import type { ProgressRules } from '../../../../shared/report/warning-levels';
import { amounts } from './helpers';

describe('rates', () => {
  it('rounds exactly, half up, to 4 decimals', () => {
    expect(ratio(1n, 3n)).toBe(0.3333);
    expect(ratio(2n, 3n)).toBe(0.6667);
    expect(ratio(1n, 20000n)).toBe(0.0001); // 0.00005 rounds up
    expect(ratio(1n, 20001n)).toBe(0);
    expect(ratio(-1n, 3n)).toBe(-0.3333);
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

describe('formatPercent', () => {
  it.each([
    [1, '100%'],
    [0.985, '98.5%'],
    [0.9877, '98.77%'],
    [0.0833, '8.33%'],
    [0, '0%'],
    [1.3, '130%'],
    [-0.05, '-5%'],
  ])('%s → %s', (rate, text) => {
    expect(formatPercent(rate)).toBe(text);
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

  it('writes partial completion without needless decimals and does not double 项目', () => {
    expect(projectSummaryZh('养老服务设施建设项目', amounts(100000000n, 0n, 98500000n))).toBe(
      '养老服务设施建设项目：全年预算数为100万元，执行数为98.5万元，完成预算数的98.5%。',
    );
  });

  it('says so when there is no budget', () => {
    expect(projectSummaryZh('儿童福利', amounts(0n, 0n, 1000000n))).toBe(
      '儿童福利项目：全年预算数为0万元，执行数为1万元，未安排预算，不计算完成率。',
    );
    expect(projectSummaryEn('儿童福利', amounts(0n, 0n, 1000000n))).toContain('no budget');
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
