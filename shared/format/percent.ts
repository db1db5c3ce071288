/**
 * Rates and 百分点 as printed. Every rate reaching a page is already a published 4-decimal
 * fraction (shared/report/execution-rate.ts decides how it is rounded, so that no printed rate
 * states something false); printing only moves the decimal point, from integer basis points,
 * so 0.9877 never prints as 98.77000000000001%.
 */

/** Basis points of a published 4-decimal figure (the double is only a carrier here). */
function basisPoints(rate: number): number {
  return Math.round(rate * 10_000);
}

/** Hundredths as "-12.34": always two decimals. */
function twoDecimals(hundredths: number): string {
  const negative = hundredths < 0;
  const abs = Math.abs(hundredths);
  return `${negative ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A rate in tables, cards and charts: 1 → "100.00%", 0.5786 → "57.86%"; null → "—". */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${twoDecimals(basisPoints(rate))}%`;
}

/**
 * A rate inside a sentence in the seed's wording (「完成预算数的100%」): the whole percentage
 * only when `numerator / denominator` is exactly that whole percentage, else the table form
 * ("99.99%"). `rate` is the published rate of the same quotient.
 */
export function sentencePercent(rate: number, numerator: bigint, denominator: bigint): string {
  const exactWhole = denominator !== 0n && (numerator * 100n) % denominator === 0n;
  return exactWhole ? `${(numerator * 100n) / denominator}%` : percent(rate);
}

/** 百分点 (percentage points), already rounded to 2 decimals: −2.85 → "-2.85", 3 → "3.00". */
export function formatPoints(points: number): string {
  return twoDecimals(Math.round(points * 100));
}

/**
 * A threshold a city set, in 百分点, inside a sentence (「落后序时进度10个百分点及以上」): a whole
 * number as written, otherwise two decimals. Only for settings, never for a measured gap.
 */
export function settingPoints(points: number): string {
  return Number.isInteger(points) ? String(points) : formatPoints(points);
}
