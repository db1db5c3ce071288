/**
 * Exact rationals (bigint numerator / positive bigint denominator) for indicator values,
 * weights and points. Indicator targets are decimals typed by people (`95`, `98.5`, `1,200`);
 * scoring them with doubles would make 0.1 + 0.2 a matter of luck, and the contract wants each
 * indicator's points rounded exactly once, half up, to 2 decimals.
 */
import { divRoundHalfUp } from '../money';

export interface Ratio {
  readonly num: bigint;
  /** Always > 0. */
  readonly den: bigint;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;
/** Thousands separators as Excel writes them, only in the whole part: `1,234.5`. */
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function ratio(num: bigint, den: bigint = 1n): Ratio {
  if (den === 0n) throw new RangeError('ratio: zero denominator');
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den < 0n ? -den : den) || 1n;
  return { num: (sign * num) / g, den: (sign * den) / g };
}

/**
 * A decimal as written in a cell: optional sign, digits, optional fraction, optional thousands
 * separators, optional trailing `%` (the figure in percent: `95%` is 95, read with its unit).
 * Full-width digits are folded first. Anything else is null.
 */
export function parseDecimal(text: string): Ratio | null {
  let s = text.normalize('NFKC').trim().replace(/\s+/g, '');
  if (s.endsWith('%')) s = s.slice(0, -1);
  if (GROUPED.test(s)) s = s.replace(/,/g, '');
  const match = DECIMAL.exec(s);
  if (match === null) return null;
  const fraction = match[3] ?? '';
  const digits = BigInt(`${match[2]}${fraction}`);
  return ratio(match[1] === '-' ? -digits : digits, 10n ** BigInt(fraction.length));
}

/** An exact number from a JS number with at most a few decimals (city settings such as `scoreWeight`). */
export function ratioOfNumber(value: number): Ratio {
  const parsed = parseDecimal(String(value));
  if (parsed === null) throw new RangeError(`not a plain decimal: ${value}`);
  return parsed;
}

export const ZERO = ratio(0n);
export const ONE = ratio(1n);

export const add = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den + b.num * a.den, a.den * b.den);
export const sub = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den - b.num * a.den, a.den * b.den);
export const mul = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.num, a.den * b.den);
export const div = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den, a.den * b.num);
export const abs = (a: Ratio): Ratio => (a.num < 0n ? ratio(-a.num, a.den) : a);
export const compare = (a: Ratio, b: Ratio): number => {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};
export const isZero = (a: Ratio): boolean => a.num === 0n;
export const min = (a: Ratio, b: Ratio): Ratio => (compare(a, b) <= 0 ? a : b);
export const max = (a: Ratio, b: Ratio): Ratio => (compare(a, b) >= 0 ? a : b);

/** Rounded half up (away from zero) to hundredths, as an integer count of 0.01. */
export function toHundredths(a: Ratio): bigint {
  return divRoundHalfUp(a.num * 100n, a.den);
}

/** Hundredths as the JSON number the contract publishes (at most 2 decimals): 9950n → 99.5. */
export function hundredthsToNumber(hundredths: bigint): number {
  return Number(hundredths) / 100;
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
  const scaled = divRoundHalfUp(a.num * 10n ** BigInt(places), a.den);
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}
