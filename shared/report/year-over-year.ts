/**
 * Year over year (同比, docs/contract.md §4.1): the same month of the previous budget year beside this
 * one. The change in execution rate is in 百分点, computed on the exact rates and rounded once.
 */
import type { Amounts, Period } from '../domain-types';
import { roundFraction, subtractFractions, toPoints } from './exact-fraction';
import { toMoneyFigures } from './money-figures';
import type { YearOverYear } from './period-report';
import { executionFraction } from './progress-gap';

export interface PreviousYearTotals {
  period: Period;
  totals: Amounts;
}

export function yearOverYear(current: Amounts, previous: PreviousYearTotals): YearOverYear {
  const now = executionFraction(current);
  const before = executionFraction(previous.totals);
  return {
    period: { year: previous.period.year, month: previous.period.month },
    totals: toMoneyFigures(previous.totals),
    executionRate: toMoneyFigures(previous.totals).executionRate,
    rateChangePoints:
      now === null || before === null ? null : roundFraction(toPoints(subtractFractions(now, before)), 2),
  };
}
