/**
 * Rates as the report shows them: fractions rounded half up to 4 decimals, computed exactly
 * on integers first so 1/3 is 0.3333 and 2/3 is 0.6667 on every machine. Rates are plain
 * numbers (not money), so a double is fine once the rounding has been done exactly.
 */
import type { Amounts, Fen } from '../domain-types';
import { divRoundHalfUp } from '../money';

/** 4 decimals = basis points (1/10,000). */
export const BASIS_POINTS = 10_000n;

/** numerator / denominator in basis points, rounded half up; null when the denominator is 0. */
export function ratioBasisPoints(numerator: Fen, denominator: Fen): bigint | null {
  if (denominator === 0n) return null;
  return divRoundHalfUp(numerator * BASIS_POINTS, denominator);
}

export function basisPointsToRate(basisPoints: bigint | null): number | null {
  return basisPoints === null ? null : Number(basisPoints) / 10_000;
}

/** numerator / denominator as a 4-decimal fraction, or null when the denominator is 0. */
export function ratio(numerator: Fen, denominator: Fen): number | null {
  return basisPointsToRate(ratioBasisPoints(numerator, denominator));
}

/** spentToDate / budget: null at zero budget, never capped (130% is 1.3). */
export function executionRate(amounts: Amounts): number | null {
  return ratio(amounts.spentToDate, amounts.budget);
}
