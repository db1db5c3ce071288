import type { Amounts } from '../domain-types';
import { formatYuan } from '../format';
import { executionRate } from './execution-rate';
import type { MoneyFigures } from './period-report';

/**
 * The figures every table row of the report carries: yuan strings and the execution rate (on
 * the adjusted budget), plus the initial budget where the exports state it.
 */
export function toMoneyFigures(amounts: Amounts): MoneyFigures {
  return {
    ...(amounts.budgetInitial === undefined ? {} : { budgetInitial: formatYuan(amounts.budgetInitial) }),
    budget: formatYuan(amounts.budget),
    spentThisMonth: formatYuan(amounts.spentThisMonth),
    spentToDate: formatYuan(amounts.spentToDate),
    executionRate: executionRate(amounts),
  };
}
