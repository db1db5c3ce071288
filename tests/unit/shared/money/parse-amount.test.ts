import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../../../shared/money';

function fen(text: string, scale: 'yuan' | 'wan' = 'yuan'): bigint {
  const result = parseAmount(text, scale);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.message}`);
  return result.fen;
}

function reason(text: string, scale: 'yuan' | 'wan' = 'yuan'): string {
  const result = parseAmount(text, scale);
  if (result.ok) throw new Error(`expected ${text} to be rejected, got ${result.fen}`);
  return result.reason;
}

describe('parseAmount (yuan)', () => {
  it.each([
    ['1234.5', 123450n],
    ['1,234.56', 123456n],
    ['1,234,567.89', 123456789n],
    ['-12.00', -1200n],
    ['(1,200.00)', -120000n],
    ['（1,200.00）', -120000n],
    ['  42  ', 4200n],
    ['\t7.1 ', 710n],
    ['+3', 300n],
    ['0', 0n],
    ['-0.00', 0n],
    ['1.000', 100n],
    ['007.50', 750n],
    ['46233300.00', 4623330000n],
  ])('%j → %s fen', (text, expected) => {
    expect(fen(text)).toBe(expected);
  });

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['abc', 'NOT_A_NUMBER'],
    ['12,34', 'NOT_A_NUMBER'],
    ['1,2345.00', 'NOT_A_NUMBER'],
    [',123', 'NOT_A_NUMBER'],
    ['1.2.3', 'NOT_A_NUMBER'],
    ['.5', 'NOT_A_NUMBER'],
    ['5.', 'NOT_A_NUMBER'],
    ['-', 'NOT_A_NUMBER'],
    ['(-5)', 'NOT_A_NUMBER'],
    ['--5', 'NOT_A_NUMBER'],
    ['1 000', 'NOT_A_NUMBER'],
    ['¥100', 'NOT_A_NUMBER'],
    ['1.2E+07', 'SCIENTIFIC'],
    ['0.001', 'TOO_PRECISE'],
    ['1.011', 'TOO_PRECISE'],
    ['123456789012345678', 'TOO_LARGE'],
  ])('%j is rejected (%s)', (text, expected) => {
    expect(reason(text)).toBe(expected);
  });

  it('gives a bilingual message that says how to fix it', () => {
    const result = parseAmount('0.001');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/分.* \/ .*fen/);
  });
});

describe('parseAmount (万元)', () => {
  it.each([
    ['4623.33', 4623330000n],
    ['6432.7', 6432700000n],
    ['1.000000', 1000000n],
    ['1.0000000', 1000000n],
    ['0.000001', 1n],
    ['(1,200.5)', -1200500000n],
  ])('%j 万元 → %s fen', (text, expected) => {
    expect(fen(text, 'wan')).toBe(expected);
  });

  it('rejects more than fen precision after scaling', () => {
    expect(reason('1.0000001', 'wan')).toBe('TOO_PRECISE');
  });
});

describe('parseAmount size limit', () => {
  it('accepts up to 10^15 yuan and rejects more, however it is written', () => {
    expect(parseAmount('999999999999999.99').ok).toBe(true);
    expect(parseAmount('1000000000000000').ok).toBe(false);
    expect(parseAmount('1,000,000,000,000,000.00').ok).toBe(false);
    expect(parseAmount('100000000000', 'wan').ok).toBe(false);
    expect(parseAmount('00000000000000000001.00').ok).toBe(true);
  });
});
