/**
 * One indicator's points (docs/contract.md §4.2), exact, rounded once half up to 2 decimals:
 *   ≥  met when actual ≥ target, else weight × actual ÷ target
 *   ≤  met when actual ≤ target, else weight × target ÷ actual (`reverseRule: "ratio"`, the
 *      default) or weight × (1 − (actual − target) ÷ target) (`"deviation"`)
 *   =  met when equal, else weight × max(0, 1 − |actual − target| ÷ |target|)
 *   定性 the officer's score when written (within the 办法's band of the rating), else the
 *      rating's share: 达成 100%, 基本达成 80%, 部分达成 60%, 未达成 0% (优/良/中/差 alike).
 * A met ≥ or ≤ indicator beyond the city's over-achievement factor (actual > factor × target;
 * for ≤, actual × factor < target) is flagged for analysis, and loses `deductionPercent` of its
 * weight (0 by default). A quotient the formula cannot give sensibly (a zero or negative divisor)
 * earns 0, and points are kept within [0, weight]: a missed target never scores more than a met one.
 */
import { DEFAULT_SCORING, type ScoringSettings } from '../city-settings';
import {
  abs,
  compare,
  div,
  isZero,
  max,
  min,
  mul,
  ONE,
  type Ratio,
  ratio,
  ratioOfNumber,
  sub,
  toHundredths,
  ZERO,
} from '../rational';
import type { IndicatorValues } from './indicator-set';
import { QUALITATIVE_SHARE_PERCENT, scoreShare } from './qualitative';

export interface IndicatorScore {
  met: boolean;
  /** Points in hundredths (0.01), rounded half up. */
  pointsHundredths: bigint;
  /** Beyond the over-achievement factor: the 办法 asks why (指标值设定是否偏低). */
  overAchieved: boolean;
  /** A 定性 indicator without the officer's score where the city scores by band. */
  scoreMissing: boolean;
}

interface Share {
  met: boolean;
  share: Ratio;
  overAchieved?: boolean;
  scoreMissing?: boolean;
}

function qualitativeShare(
  values: Extract<IndicatorValues, { operator: '定性' }>,
  weight: Ratio,
  scoring: ScoringSettings,
): Share {
  if (values.score !== null) {
    const share = scoreShare(values.score, weight);
    return { met: values.rating === '达成' || compare(share, ONE) >= 0, share };
  }
  const rating = values.rating ?? '未达成';
  return {
    met: rating === '达成',
    share: ratio(QUALITATIVE_SHARE_PERCENT[rating], 100n),
    scoreMissing: scoring.qualitative === 'bands' && rating !== '达成',
  };
}

/** The share of the weight earned, before bounds. */
function shareOf(values: IndicatorValues, weight: Ratio, scoring: ScoringSettings): Share {
  if (values.operator === '定性') return qualitativeShare(values, weight, scoring);
  const { target, actual } = values;
  const order = compare(actual, target);
  const factor = ratioOfNumber(scoring.overAchievement.factor);
  switch (values.operator) {
    case '≥':
      if (order >= 0)
        return {
          met: true,
          share: ONE,
          overAchieved: target.num > 0n && compare(actual, mul(factor, target)) > 0,
        };
      return { met: false, share: target.num > 0n ? div(actual, target) : ZERO };
    case '≤':
      if (order <= 0)
        return {
          met: true,
          share: ONE,
          overAchieved: actual.num >= 0n && compare(mul(factor, actual), target) < 0,
        };
      if (scoring.reverseRule === 'deviation')
        return { met: false, share: target.num > 0n ? sub(ONE, div(sub(actual, target), target)) : ZERO };
      return { met: false, share: actual.num > 0n ? div(target, actual) : ZERO };
    case '=':
      if (order === 0) return { met: true, share: ONE };
      return {
        met: false,
        share: isZero(target) ? ZERO : sub(ONE, div(abs(sub(actual, target)), abs(target))),
      };
  }
}

export function scoreIndicator(
  values: IndicatorValues,
  weight: Ratio,
  scoring: ScoringSettings = DEFAULT_SCORING,
): IndicatorScore {
  const { met, share, overAchieved = false, scoreMissing = false } = shareOf(values, weight, scoring);
  let bounded = min(ONE, max(ZERO, share));
  if (overAchieved)
    bounded = sub(
      bounded,
      ratio(
        ratioOfNumber(scoring.overAchievement.deductionPercent).num,
        ratioOfNumber(scoring.overAchievement.deductionPercent).den * 100n,
      ),
    );
  const points = mul(weight, max(ZERO, bounded));
  return { met, pointsHundredths: toHundredths(points), overAchieved, scoreMissing };
}
