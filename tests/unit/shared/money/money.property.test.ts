import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Amounts } from '../../../../shared/domain-types';
import { formatYuan } from '../../../../shared/format';
import { addAmounts, parseAmount, subtractAmounts, sumAmounts, zeroAmounts } from '../../../../shared/money';

const fenArb = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });
const amountsArb: fc.Arbitrary<Amounts> = fc.record({
  budget: fenArb,
  spentThisMonth: fenArb,
  spentToDate: fenArb,
});

function parsed(text: string, scale: 'yuan' | 'wan'): bigint {
  const result = parseAmount(text, scale);
  if (!result.ok) throw new Error(`${text}: ${result.message}`);
  return result.fen;
}

/** Groups an unsigned digit string in threes, the way Excel's "1,234.56" format does. */
function withThousands(yuan: string): string {
  const [int = '', frac = ''] = yuan.split('.');
  return `${int.replace(/\B(?=(\d{3})+$)/g, ',')}.${frac}`;
}

describe('money laws', () => {
  it('formatYuan then parseAmount is the identity', () => {
    fc.assert(
      fc.property(fenArb, (fen) => {
        expect(parsed(formatYuan(fen), 'yuan')).toBe(fen);
      }),
    );
  });

  it('thousands separators and accounting parentheses do not change the value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (fen) => {
        const plain = formatYuan(fen);
        expect(parsed(withThousands(plain), 'yuan')).toBe(fen);
        expect(parsed(`(${withThousands(plain)})`, 'yuan')).toBe(-fen);
      }),
    );
  });

  it('a value written in 万元 is 10,000 times the same digits in yuan', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }),
        fc.integer({ min: 0, max: 6 }),
        (units, places) => {
          // `units` hundredths-of-a-place digits written with `places` decimals.
          const negative = units < 0n;
          const digits = (negative ? -units : units).toString().padStart(places + 1, '0');
          const text = `${negative ? '-' : ''}${places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`}`;
          const wan = parsed(text, 'wan');
          expect(wan).toBe(units * 10n ** BigInt(6 - places));
          if (places <= 2) expect(wan).toBe(parsed(text, 'yuan') * 10_000n);
        },
      ),
    );
  });

  it('the order of a sum does not matter', () => {
    const itemsAndPermutation = fc
      .array(amountsArb, { maxLength: 30 })
      .chain((items) =>
        fc.tuple(
          fc.constant(items),
          fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }),
        ),
      );
    fc.assert(
      fc.property(itemsAndPermutation, ([items, permuted]) => {
        expect(sumAmounts(permuted)).toEqual(sumAmounts(items));
      }),
    );
  });

  it('addition is commutative and associative, zero is its identity, subtraction its inverse', () => {
    fc.assert(
      fc.property(amountsArb, amountsArb, amountsArb, (a, b, c) => {
        expect(addAmounts(a, b)).toEqual(addAmounts(b, a));
        expect(addAmounts(addAmounts(a, b), c)).toEqual(addAmounts(a, addAmounts(b, c)));
        expect(addAmounts(a, zeroAmounts())).toEqual(a);
        expect(subtractAmounts(addAmounts(a, b), b)).toEqual(a);
      }),
    );
  });

  it('plain digits read as the digit string says, at every length up to the size limit, in both scales', () => {
    // Short amounts are summed as safe integers, longer ones through a digit string: both agree.
    const digits = (min: number, max: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
    fc.assert(
      fc.property(
        digits(1, 17),
        fc.option(digits(1, 6), { nil: undefined }),
        fc.constantFrom('yuan', 'wan'),
        (int, frac, scale: 'yuan' | 'wan') => {
          const places = scale === 'yuan' ? 2 : 6;
          const text = frac === undefined ? int : `${int}.${frac}`;
          const padded = (frac ?? '').padEnd(places, '0');
          const tooPrecise = padded.length > places && /[1-9]/.test(padded.slice(places));
          const expected = BigInt(int + padded.slice(0, places));
          const result = parseAmount(text, scale);
          if (tooPrecise) expect(result.ok).toBe(false);
          else if (expected.toString().length > 17) expect(result.ok).toBe(false);
          else expect(result).toEqual({ ok: true, fen: expected });
        },
      ),
      { numRuns: 3000 },
    );
  });
});
