import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  compare,
  div,
  mul,
  parseDecimal,
  ratio,
  ratioOfNumber,
  ratioToDecimalString,
  roundRatio,
  sub,
  toHundredths,
  toPoints,
} from '../../../shared/rational';

describe('one rational module', () => {
  it('reads settings numbers through their decimal text, exponents included', () => {
    expect(ratioOfNumber(0.9)).toEqual({ num: 9n, den: 10n });
    expect(ratioOfNumber(7.5)).toEqual({ num: 15n, den: 2n });
    expect(ratioOfNumber(1e-7)).toEqual({ num: 1n, den: 10_000_000n });
    expect(ratioOfNumber(1.5e-7)).toEqual({ num: 3n, den: 20_000_000n });
    expect(ratioOfNumber(1e21)).toEqual({ num: 10n ** 21n, den: 1n });
    expect(ratioOfNumber(-0.25)).toEqual({ num: -1n, den: 4n });
    expect(() => ratioOfNumber(Number.NaN)).toThrow(RangeError);
    expect(() => ratioOfNumber(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('reads cells as people type them, and no exponent there', () => {
    expect(parseDecimal('95%')).toEqual({ num: 95n, den: 1n });
    expect(parseDecimal('1,234.5')).toEqual({ num: 2469n, den: 2n });
    expect(parseDecimal('９８．５')).toEqual({ num: 197n, den: 2n });
    expect(parseDecimal('1e-7')).toBeNull();
    expect(parseDecimal('12,34')).toBeNull();
  });

  it('keeps lowest terms with a positive denominator, and rounds once, half away from zero', () => {
    expect(ratio(2n, -4n)).toEqual({ num: -1n, den: 2n });
    expect(roundRatio(ratio(1n, 200n), 2)).toBe(0.01);
    expect(roundRatio(ratio(-1n, 200n), 2)).toBe(-0.01);
    expect(toHundredths(ratio(5n, 1000n))).toBe(1n);
    expect(toPoints(ratio(1n, 3n))).toEqual({ num: 100n, den: 3n });
    expect(ratioToDecimalString(ratio(1n, 3n))).toBe('0.333333');
    expect(ratioToDecimalString(ratio(-15n, 2n))).toBe('-7.5');
  });

  it('is exact where doubles are not: 0.1 + 0.2 = 0.3', () => {
    expect(compare(add(ratioOfNumber(0.1), ratioOfNumber(0.2)), ratioOfNumber(0.3))).toBe(0);
  });

  it('obeys field laws on random decimals', () => {
    const decimal = fc
      .tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 8 }))
      .map(([n, places]) => ratio(n, 10n ** BigInt(places)));
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        expect(sub(add(a, b), b)).toEqual(a);
        if (b.num !== 0n) expect(div(mul(a, b), b)).toEqual(a);
        expect(parseDecimal(ratioToDecimalString(a))).toEqual(a);
        expect(compare(a, b) + compare(b, a)).toBe(0);
      }),
    );
  });
});
