/**
 * One indicator's points (docs/contract.md §4.2), exact, rounded once half up to 2 decimals:
 *   ≥  met when actual ≥ target, else weight × actual ÷ target
 *   ≤  met when actual ≤ target, else weight × target ÷ actual
 *   =  met when equal, else weight × max(0, 1 − |actual − target| ÷ |target|)
 *   定性 达成 100%, 基本达成 80%, 部分达成 60%, 未达成 0% of the weight.
 * A quotient that the formula cannot give sensibly (a zero or negative divisor) earns 0, and
 * points are kept within [0, weight]: a missed target never scores more than a met one.
 */
import {
  abs,
  compare,
  div,
  isZero,
  max,
  min,
  ONE,
  type Ratio,
  ratio,
  sub,
  toHundredths,
  ZERO,
} from './exact-ratio';
import { type IndicatorValues, QUALITATIVE_SHARE_PERCENT } from './indicator-set';

export interface IndicatorScore {
  met: boolean;
  /** Points in hundredths (0.01), rounded half up. */
  pointsHundredths: bigint;
}

/** The share of the weight earned, in [0, 1]. */
function shareOf(values: IndicatorValues): { met: boolean; share: Ratio } {
  if (values.operator === '定性') {
    const share = ratio(QUALITATIVE_SHARE_PERCENT[values.actual], 100n);
    return { met: values.actual === '达成', share };
  }
  const { target, actual } = values;
  const order = compare(actual, target);
  switch (values.operator) {
    case '≥':
      if (order >= 0) return { met: true, share: ONE };
      return { met: false, share: target.num > 0n ? div(actual, target) : ZERO };
    case '≤':
      if (order <= 0) return { met: true, share: ONE };
      return { met: false, share: actual.num > 0n ? div(target, actual) : ZERO };
    case '=':
      if (order === 0) return { met: true, share: ONE };
      return {
        met: false,
        share: isZero(target) ? ZERO : sub(ONE, div(abs(sub(actual, target)), abs(target))),
      };
  }
}

export function scoreIndicator(values: IndicatorValues, weight: Ratio): IndicatorScore {
  const { met, share } = shareOf(values);
  const bounded = min(ONE, max(ZERO, share));
  const points = ratio(weight.num * bounded.num, weight.den * bounded.den);
  return { met, pointsHundredths: toHundredths(points) };
}
