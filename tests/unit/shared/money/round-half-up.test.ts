import { describe, expect, it } from 'vitest';
import { divRoundHalfUp } from '../../../../shared/money';

describe('divRoundHalfUp', () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [5n, -2n, -3n],
    [4n, 3n, 1n],
    [7n, 7n, 1n],
    [0n, 9n, 0n],
  ])('%s / %s → %s', (n, d, q) => {
    expect(divRoundHalfUp(n, d)).toBe(q);
  });

  it('refuses division by zero', () => {
    expect(() => divRoundHalfUp(1n, 0n)).toThrow(RangeError);
  });
});
