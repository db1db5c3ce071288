import { describe, expect, it } from 'vitest';
import { divRoundHalfUp, formatWan, formatYuan } from '../../../../shared/money';

describe('formatYuan', () => {
  it.each([
    [4623330000n, '46233300.00'],
    [-1200n, '-12.00'],
    [0n, '0.00'],
    [5n, '0.05'],
    [-5n, '-0.05'],
    [12965370000n, '129653700.00'],
  ])('%s fen → %s', (fen, expected) => {
    expect(formatYuan(fen)).toBe(expected);
  });
});

describe('formatWan', () => {
  it.each([
    [4623330000n, '4623.33'],
    [6432700000n, '6432.7'],
    [12965370000n, '12965.37'],
    [100000000n, '100'],
    [0n, '0'],
    [-1200000n, '-1.2'],
    // Not exact in 万元 with two decimals: half up on the magnitude.
    [4623335000n, '4623.34'],
    [4623334999n, '4623.33'],
    [-4623335000n, '-4623.34'],
    [4999n, '0'],
    [5000n, '0.01'],
    [-4999n, '0'],
  ])('%s fen → %s 万元', (fen, expected) => {
    expect(formatWan(fen)).toBe(expected);
  });
});

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
