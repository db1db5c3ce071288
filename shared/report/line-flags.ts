/**
 * The things a finance officer looks for in a progress review (docs/contract.md §4, §4.1): spending that
 * lags 序时进度 far enough to reach a warning level (执行滞后, red / yellow …), spending above
 * the budget, and spending where no budget exists.
 */
import type { Amounts } from '../domain-types';
import type { LineFlag } from './period-report';
import { gapBasisPoints } from './progress-gap';
import { type ProgressRules, warningLevelOf } from './warning-levels';

export interface LagAndFlags {
  /** Published time progress − published execution rate, 4 decimals; null when the budget is 0. */
  lag: number | null;
  /** The warning level reached, or null. */
  level: string | null;
  flags: LineFlag[];
}

export function lagAndFlags(amounts: Amounts, rules: ProgressRules): LagAndFlags {
  const flags: LineFlag[] = [];
  if (amounts.budget === 0n) {
    if (amounts.spentToDate !== 0n) flags.push('zeroBudgetSpending');
    return { lag: null, level: null, flags };
  }
  const gap = gapBasisPoints(amounts, rules.timeProgress);
  const lag = gap === null ? null : Number(-gap) / 10_000;
  const level = warningLevelOf(amounts, rules);
  if (level !== null) flags.push('lagging');
  // Compared on the amounts, not the rounded rate: 100.004% is over-execution too.
  if (amounts.budget > 0n && amounts.spentToDate > amounts.budget) flags.push('overExecuted');
  return { lag, level, flags };
}
