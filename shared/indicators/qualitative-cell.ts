/**
 * The checks a 定性 score needs once its weight is known: never above the weight, and within
 * the 办法's band of the rating written with it (`self-evaluation/qualitative.ts`).
 */
import { compare, mul, ONE, type Ratio, ratioToDecimalString } from '../rational';
import {
  inBand,
  type QualitativeRating,
  type QualitativeScore,
  RATING_BAND,
  scoreShare,
} from '../self-evaluation/qualitative';
import { indicatorMessages } from './indicator-messages';

/** The bilingual problem with a 定性 score, or null. */
export function judgementProblem(
  rating: QualitativeRating | null,
  score: QualitativeScore,
  weight: Ratio,
  weightText: string,
): string | null {
  const share = scoreShare(score, weight);
  const written = `${ratioToDecimalString(score.value)}${score.percent ? '%' : ''}`;
  if (compare(share, ONE) > 0) return indicatorMessages.scoreAboveWeight(written, weightText);
  if (rating === null) return null;
  const band = RATING_BAND[rating];
  if (inBand(share, band)) return null;
  const points = (r: Ratio) => ratioToDecimalString(mul(r, weight));
  return indicatorMessages.scoreOutsideBand(rating, band.label, points(band.from), points(band.to));
}
