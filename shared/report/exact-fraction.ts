/**
 * Exact fractions for the spending-progress figures (序时进度, gaps, levels). Settings such as a
 * checkpoint of 0.9 or a threshold of 7.5 points arrive as JSON numbers; they are read back
 * through their shortest decimal form ("0.9"), never through their binary value, so 0.9 is
 * 9/10 and every comparison or gap computed from it is exact until the one final rounding.
 */
import { divRoundHalfUp } from '../money';

export interface Fraction {
  numerator: bigint;
  /** Always > 0. */
  denominator: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** numerator / denominator in lowest terms, so equal values are equal objects. */
export function fraction(numerator: bigint, denominator: bigint): Fraction {
  if (denominator === 0n) throw new RangeError('fraction: zero denominator');
  const sign = denominator < 0n ? -1n : 1n;
  const divisor = gcd(numerator, denominator);
  return { numerator: (sign * numerator) / divisor, denominator: (sign * denominator) / divisor };
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/** 0.9 → 9/10, 7.5 → 15/2, 1e-7 → 1/10000000. Throws on NaN and infinities. */
export function fractionOfNumber(value: number): Fraction {
  const match = DECIMAL.exec(String(value));
  if (match === null) throw new RangeError(`not a finite decimal: ${value}`);
  const [, sign = '', whole = '0', decimals = '', exponentText = '0'] = match;
  let numerator = BigInt(`${whole}${decimals}`);
  let denominator = 10n ** BigInt(decimals.length);
  const exponent = Number(exponentText);
  if (exponent > 0) numerator *= 10n ** BigInt(exponent);
  else if (exponent < 0) denominator *= 10n ** BigInt(-exponent);
  return fraction(sign === '-' ? -numerator : numerator, denominator);
}

export function subtractFractions(a: Fraction, b: Fraction): Fraction {
  return fraction(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator);
}

/** −1, 0 or 1 as a is below, equal to or above b. */
export function compareFractions(a: Fraction, b: Fraction): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** value × 10^decimals, rounded half away from zero once, back as a plain number. */
export function roundFraction(value: Fraction, decimals: number): number {
  const scale = 10n ** BigInt(decimals);
  return Number(divRoundHalfUp(value.numerator * scale, value.denominator)) / Number(scale);
}

/** A fraction of 1 expressed in 百分点 (percentage points): ×100. */
export function toPoints(value: Fraction): Fraction {
  return fraction(value.numerator * 100n, value.denominator);
}
