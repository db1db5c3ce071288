/**
 * How far spending stands from 序时进度, in 百分点 (percentage points): execution rate − time
 * progress, negative when behind. A reader checks the gap against the two figures printed
 * beside it, so it is computed from them: the published rate (rounded away from 100%,
 * execution-rate.ts) minus the published time progress (rounded half up to 4 decimals), both
 * in basis points, so the difference has exactly 2 decimals and needs no further rounding.
 * 执行率 90.46% at 序时进度 91.67% is −1.21, whatever the digits beyond.
 */
import type { Amounts } from '../domain-types';
import { type Ratio, scaledHalfUp } from '../rational';
import { ratioBasisPoints } from './execution-rate';

/** Time progress as report.json and every page print it, in basis points (half up). */
export function timeProgressBasisPoints(timeProgress: Ratio): bigint {
  return scaledHalfUp(timeProgress, 4);
}

/** The published rate in basis points where progress can be measured (budget > 0), else null. */
export function measuredRateBasisPoints(amounts: Amounts): bigint | null {
  return amounts.budget > 0n ? ratioBasisPoints(amounts.spentToDate, amounts.budget) : null;
}

/** Published rate − published time progress, in basis points (= hundredths of a 百分点); null at a budget ≤ 0. */
export function gapBasisPoints(amounts: Amounts, timeProgress: Ratio): bigint | null {
  const rate = measuredRateBasisPoints(amounts);
  return rate === null ? null : rate - timeProgressBasisPoints(timeProgress);
}

/** The gap in 百分点 with 2 decimals (−2.85), as report.json, the pages and the bulletin give it. */
export function gapPoints(amounts: Amounts, timeProgress: Ratio): number | null {
  const gap = gapBasisPoints(amounts, timeProgress);
  return gap === null ? null : Number(gap) / 100;
}
