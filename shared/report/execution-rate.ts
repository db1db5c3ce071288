/**
 * Rates as the report publishes them: fractions with 4 decimals (a percentage with 2), computed
 * exactly on integers and rounded half up (1/3 is 0.3333, 2/3 is 0.6667), with one exception so
 * that no printed statement is false about the rate (docs/contract.md §4 "Published rates"): a
 * rate short of 90% or of 100% never rounds up to it, and a rate above 100% never rounds down
 * to it. Those print truncated toward the side they are on: 99.995% is 99.99% (not 100%, which
 * would say the budget was spent in full), 89.99999% is 89.99% (so 「低于90%」 stays true),
 * 100.004% is 100.01% (an overspend never prints as 100%). The rounding stays monotone, so two
 * rates are never printed in the opposite order. Rates are plain numbers (not money), so a
 * double is fine once the rounding has been done exactly.
 */
import type { Amounts, Fen } from '../domain-types';
import { divRoundHalfUp } from '../money';

/** 4 decimals = basis points (1/10,000). */
export const BASIS_POINTS = 10_000n;

/** The rates statements compare against: 90% (需说明偏差原因) and 100% (完成预算), in basis points. */
const THRESHOLDS = [9_000n, 10_000n];

/** numerator / denominator in basis points, as published; null when the denominator is 0. */
export function ratioBasisPoints(numerator: Fen, denominator: Fen): bigint | null {
  if (denominator === 0n) return null;
  const n = denominator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const rounded = divRoundHalfUp(n * BASIS_POINTS, d);
  for (const threshold of THRESHOLDS) {
    const exact = n * BASIS_POINTS - threshold * d; // sign of (rate − threshold)
    if (exact < 0n && rounded >= threshold) return threshold - 1n;
    if (exact > 0n && rounded <= threshold) return threshold + 1n;
  }
  return rounded;
}

export function basisPointsToRate(basisPoints: bigint | null): number | null {
  return basisPoints === null ? null : Number(basisPoints) / 10_000;
}

/** numerator / denominator as a published 4-decimal fraction, or null when the denominator is 0. */
export function ratio(numerator: Fen, denominator: Fen): number | null {
  return basisPointsToRate(ratioBasisPoints(numerator, denominator));
}

/** spentToDate / budget: null at zero budget, never capped (130% is 1.3). */
export function executionRate(amounts: Amounts): number | null {
  return ratio(amounts.spentToDate, amounts.budget);
}
