/**
 * The three things a finance officer looks for in a progress review (docs/contract.md §4): spending that
 * lags the calendar by more than the city's threshold (执行滞后), spending above the budget,
 * and spending where no budget exists.
 */
import type { Amounts } from '../domain-types';
import { BASIS_POINTS, ratioBasisPoints } from './execution-rate';
import type { LineFlag } from './period-report';

export interface LagAndFlags {
  /** timeProgress − executionRate, 4 decimals; null when the budget is 0. */
  lag: number | null;
  flags: LineFlag[];
}

/**
 * @param timeProgressBp month/12 in basis points
 * @param lagThreshold a fraction (0.10 = 10 points); lag strictly above it is flagged
 */
export function lagAndFlags(amounts: Amounts, timeProgressBp: bigint, lagThreshold: number): LagAndFlags {
  const rateBp = ratioBasisPoints(amounts.spentToDate, amounts.budget);
  const flags: LineFlag[] = [];
  if (rateBp === null) {
    if (amounts.spentToDate !== 0n) flags.push('zeroBudgetSpending');
    return { lag: null, flags };
  }
  const lagBp = timeProgressBp - rateBp;
  if (lagBp > BigInt(Math.round(lagThreshold * 10_000))) flags.push('lagging');
  // Compared on the amounts, not the rounded rate: 100.004% is over-execution too.
  if (amounts.budget > 0n && amounts.spentToDate > amounts.budget) flags.push('overExecuted');
  return { lag: Number(lagBp) / Number(BASIS_POINTS), flags };
}
