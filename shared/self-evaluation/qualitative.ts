/**
 * 定性 indicators (docs/contract.md §4.2): the officer's judgement, written in 实际完成值 as a
 * rating (达成 / 基本达成 / 部分达成 / 未达成, or the grades 优 / 良 / 中 / 差 for the same four), a
 * score (points `8.5`, `8.5分`, or a share of the points `85%`), or both (`良 8.5`, `部分达成（7分）`).
 *
 * The 办法 grades a 定性 indicator in three bands of its points: 100–80% (80 included), 80–60%
 * (60 included), 60–0%. A rating's fixed share (100, 80, 60, 0%) is the top of band 1 and the
 * lowest share of each band below; a score must lie in its rating's band when both are given.
 */
import { compare, type Ratio, ratio, ZERO } from '../rational';

export const QUALITATIVE_RATINGS = ['达成', '基本达成', '部分达成', '未达成'] as const;
export type QualitativeRating = (typeof QUALITATIVE_RATINGS)[number];

/** The grades officers also write, read as the four ratings in order. */
export const GRADE_RATINGS: Readonly<Record<string, QualitativeRating>> = {
  优: '达成',
  良: '基本达成',
  中: '部分达成',
  差: '未达成',
};

/** The share of the points each rating earns when no score is written (the contract's default rule). */
export const QUALITATIVE_SHARE_PERCENT: Readonly<Record<QualitativeRating, bigint>> = {
  达成: 100n,
  基本达成: 80n,
  部分达成: 60n,
  未达成: 0n,
};

export interface Band {
  /** Lowest share, included. */
  from: Ratio;
  /** Highest share: included for band 1 (100%), excluded below. */
  to: Ratio;
  label: string;
}

const pct = (n: bigint): Ratio => ratio(n, 100n);
export const BANDS: readonly Band[] = [
  { from: pct(80n), to: pct(100n), label: '100%–80%' },
  { from: pct(60n), to: pct(80n), label: '80%–60%' },
  { from: ZERO, to: pct(60n), label: '60%–0%' },
];

/** The band a rating's judgement falls in. */
export const RATING_BAND: Readonly<Record<QualitativeRating, Band>> = {
  达成: BANDS[0] as Band,
  基本达成: BANDS[0] as Band,
  部分达成: BANDS[1] as Band,
  未达成: BANDS[2] as Band,
};

/** Whether `share` lies in `band` (band 1 includes both ends; the others include their lowest). */
export function inBand(share: Ratio, band: Band): boolean {
  const upper = band === BANDS[0] ? compare(share, band.to) <= 0 : compare(share, band.to) < 0;
  return compare(share, band.from) >= 0 && upper;
}

/** The officer's score: points, or a share of the points written as a percentage. */
export interface QualitativeScore {
  value: Ratio;
  percent: boolean;
}

export interface QualitativeJudgement {
  rating: QualitativeRating | null;
  score: QualitativeScore | null;
}

const RATING = '(达成|基本达成|部分达成|未达成|优|良|中|差)';
const SCORE = '(\\d+(?:\\.\\d+)?)\\s*(分|%)?';
const PATTERN = new RegExp(`^${RATING}?\\s*[（(：:，,]?\\s*(?:${SCORE})?\\s*[)）]?$`);

/** A 定性 实际完成值 cell (already NFKC-normalized), or null when it is none of the forms above. */
export function parseQualitative(text: string): QualitativeJudgement | null {
  const match = PATTERN.exec(text.trim());
  if (match === null) return null;
  const [, word, number, unit] = match;
  if (word === undefined && number === undefined) return null;
  const rating = word === undefined ? null : (GRADE_RATINGS[word] ?? (word as QualitativeRating));
  if (number === undefined) return { rating, score: null };
  const [whole = '0', decimals = ''] = number.split('.');
  const value = ratio(BigInt(`${whole}${decimals}`), 10n ** BigInt(decimals.length));
  return { rating, score: { value, percent: unit === '%' } };
}

/** The score as a share of the weight: 85% → 0.85; 8.5 points of 10 → 0.85. */
export function scoreShare(score: QualitativeScore, weight: Ratio): Ratio {
  if (score.percent) return ratio(score.value.num, score.value.den * 100n);
  return ratio(score.value.num * weight.den, score.value.den * weight.num);
}
