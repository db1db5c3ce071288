/**
 * How far spending stands from 序时进度, in 百分点 (percentage points): execution rate − time
 * progress, negative when behind. Computed on the exact fraction spentToDate/budget − time
 * progress and rounded once, so a rate shown as 47.15% at 50% reads −2.85 whatever the
 * fourth decimal of either side.
 */
import type { Amounts } from '../domain-types';
import { type Fraction, fraction, roundFraction, subtractFractions, toPoints } from './exact-fraction';

/** spentToDate / budget as an exact fraction; null when nothing can be measured (budget ≤ 0). */
export function executionFraction(amounts: Amounts): Fraction | null {
  return amounts.budget > 0n ? fraction(amounts.spentToDate, amounts.budget) : null;
}

/** (rate − time progress) × 100, exact; null at a budget of zero or below. */
export function progressGap(amounts: Amounts, timeProgress: Fraction): Fraction | null {
  const rate = executionFraction(amounts);
  return rate === null ? null : toPoints(subtractFractions(rate, timeProgress));
}

/** The gap rounded half up to 2 decimals (−2.85), as report.json and the bulletin give it. */
export function gapPoints(amounts: Amounts, timeProgress: Fraction): number | null {
  const gap = progressGap(amounts, timeProgress);
  return gap === null ? null : roundFraction(gap, 2);
}
