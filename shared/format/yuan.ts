/**
 * Fen ↔ yuan: the one conversion between the integer fen every computation uses and the yuan
 * strings report.json, status records and workbooks carry ("46233300.00"), and the one
 * printed form of an amount in 元 ("46,233,300.00": thousands separators, always two places).
 * Digits only, never a float.
 */
import type { Fen } from '../domain-types';

const YUAN = /^(-?)(\d+)\.(\d{2})$/;

export class InvalidYuanError extends Error {
  override name = 'InvalidYuanError';
}

/** Fen as a yuan string with exactly two places: 4623330000n → "46233300.00", -1200n → "-12.00". */
export function formatYuan(fen: Fen): string {
  const negative = fen < 0n;
  const digits = (negative ? -fen : fen).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** "46233300.00" → 4623330000n. */
export function yuanToFen(yuan: string): Fen {
  const match = YUAN.exec(yuan);
  if (match === null) throw new InvalidYuanError(`not a yuan amount: ${JSON.stringify(yuan)}`);
  const fen = BigInt(`${match[2]}${match[3]}`);
  return match[1] === '-' ? -fen : fen;
}

/** An amount in 元 as printed: 4623330000n or "46233300.00" → "46,233,300.00". */
export function groupedYuan(amount: Fen | string): string {
  const yuan = typeof amount === 'string' ? formatYuan(yuanToFen(amount)) : formatYuan(amount);
  const [, sign = '', whole = '', cents = ''] = YUAN.exec(yuan) ?? [];
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}
