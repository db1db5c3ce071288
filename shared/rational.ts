/**
 * Exact rationals (bigint numerator / positive bigint denominator), the one home for every
 * figure that must not pass through binary floating point before its single final rounding:
 * 序时进度 and gaps, warning thresholds, indicator targets and actuals, weights and points.
 *
 * Two ways in, one representation:
 * - `parseDecimal` reads a decimal as a person typed it in a cell (`95`, `98.5`, `1,200`,
 *   `95%`); no exponent, since nobody types `1e-7` into a form and such a cell is more
 *   likely a mistake than a number.
 * - `ratioOfNumber` reads a JSON number from the settings (a checkpoint of 0.9, a threshold
 *   of 7.5 points, a weight) through its shortest decimal text (`String(0.9)` is "0.9"), never
 *   through its binary value, so 0.9 is 9/10. JSON numbers may print with an exponent
 *   (`1e-7`, `1e21`): that is still an exact decimal, so it is accepted.
 */
import { divRoundHalfUp } from './money/round-half-up';

export interface Ratio {
  readonly num: bigint;
  /** Always > 0. */
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** num / den in lowest terms with a positive denominator, so equal values are equal objects. */
export function ratio(num: bigint, den: bigint = 1n): Ratio {
  if (den === 0n) throw new RangeError('ratio: zero denominator');
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den) || 1n;
  return { num: (sign * num) / g, den: (sign * den) / g };
}

const CELL_DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;
/** Thousands separators as Excel writes them, only in the whole part: `1,234.5`. */
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

function decimal(sign: string, whole: string, fraction: string, exponent = 0): Ratio {
  let num = BigInt(`${whole}${fraction}`);
  let den = 10n ** BigInt(fraction.length);
  if (exponent > 0) num *= 10n ** BigInt(exponent);
  else if (exponent < 0) den *= 10n ** BigInt(-exponent);
  return ratio(sign === '-' ? -num : num, den);
}

/**
 * A decimal as written in a cell: optional sign, digits, optional fraction, optional thousands
 * separators, optional trailing `%` (the figure in percent: `95%` is 95, read with its unit).
 * Full-width digits are folded first. Anything else (an exponent included) is null.
 */
export function parseDecimal(text: string): Ratio | null {
  let s = text.normalize('NFKC').trim().replace(/\s+/g, '');
  if (s.endsWith('%')) s = s.slice(0, -1);
  if (GROUPED.test(s)) s = s.replace(/,/g, '');
  const match = CELL_DECIMAL.exec(s);
  if (match === null) return null;
  return decimal(match[1] ?? '', match[2] ?? '0', match[3] ?? '');
}

const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/** A finite JSON number, exactly as its shortest decimal reads: 0.9 → 9/10, 7.5 → 15/2, 1e-7 → 1/10⁷. */
export function ratioOfNumber(value: number): Ratio {
  const match = NUMBER_TEXT.exec(String(value));
  if (match === null) throw new RangeError(`not a finite decimal: ${value}`);
  return decimal(match[1] ?? '', match[2] ?? '0', match[3] ?? '', Number(match[4] ?? '0'));
}

export const ZERO = ratio(0n);
export const ONE = ratio(1n);

export const add = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den + b.num * a.den, a.den * b.den);
export const sub = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den - b.num * a.den, a.den * b.den);
export const mul = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.num, a.den * b.den);
export const div = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den, a.den * b.num);
export const neg = (a: Ratio): Ratio => ratio(-a.num, a.den);
export const abs = (a: Ratio): Ratio => (a.num < 0n ? neg(a) : a);
/** −1, 0 or 1 as a is below, equal to or above b. */
export const compare = (a: Ratio, b: Ratio): number => {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};
export const isZero = (a: Ratio): boolean => a.num === 0n;
export const min = (a: Ratio, b: Ratio): Ratio => (compare(a, b) <= 0 ? a : b);
export const max = (a: Ratio, b: Ratio): Ratio => (compare(a, b) >= 0 ? a : b);

/** A fraction of 1 in 百分点 (percentage points): × 100. */
export const toPoints = (a: Ratio): Ratio => ratio(a.num * 100n, a.den);

/** a × 10^decimals rounded half away from zero, as an integer (the one rounding). */
export function scaledHalfUp(a: Ratio, decimals: number): bigint {
  return divRoundHalfUp(a.num * 10n ** BigInt(decimals), a.den);
}

/** Rounded half up (away from zero) to hundredths, as an integer count of 0.01. */
export function toHundredths(a: Ratio): bigint {
  return scaledHalfUp(a, 2);
}

/** Hundredths as the JSON number the contract publishes (at most 2 decimals): 9950n → 99.5. */
export function hundredthsToNumber(hundredths: bigint): number {
  return Number(hundredths) / 100;
}

/** Rounded once, half away from zero, to `decimals` places, back as a plain number. */
export function roundRatio(a: Ratio, decimals: number): number {
  return Number(scaledHalfUp(a, decimals)) / 10 ** decimals;
}

/** The shortest decimal text of a ratio that is a terminating decimal, else 6 places half up. */
export function ratioToDecimalString(a: Ratio): string {
  let den = a.den;
  let places = 0;
  while (den % 10n === 0n) {
    den /= 10n;
    places++;
  }
  while (den % 2n === 0n || den % 5n === 0n) {
    den = den % 2n === 0n ? den / 2n : den / 5n;
    places++;
  }
  if (den !== 1n) places = 6;
  const scaled = scaledHalfUp(a, places);
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}
