import type { Fen } from '../domain-types';

/** Fen as a yuan string with exactly two places: 4623330000n → "46233300.00", -1200n → "-12.00". */
export function formatYuan(fen: Fen): string {
  const negative = fen < 0n;
  const digits = (negative ? -fen : fen).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
