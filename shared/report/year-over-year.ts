/**
 * Year over year (同比, docs/contract.md §4.1): the same month of the previous budget year beside this
 * one. The change in execution rate is in 百分点, the difference of the two published rates (as
 * printed side by side), so it has exactly 2 decimals.
 */
import type { Amounts, Period } from '../domain-types';
import { toMoneyFigures } from './money-figures';
import type { YearOverYear } from './period-report';
import { measuredRateBasisPoints } from './progress-gap';

export interface PreviousYearTotals {
  period: Period;
  totals: Amounts;
}

export function yearOverYear(current: Amounts, previous: PreviousYearTotals): YearOverYear {
  const now = measuredRateBasisPoints(current);
  const before = measuredRateBasisPoints(previous.totals);
  return {
    period: { year: previous.period.year, month: previous.period.month },
    totals: toMoneyFigures(previous.totals),
    executionRate: toMoneyFigures(previous.totals).executionRate,
    rateChangePoints: now === null || before === null ? null : Number(now - before) / 100,
  };
}
