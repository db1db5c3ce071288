/**
 * Display forms of the report's figures. The report carries money as exact yuan strings
 * ("46233300.00"); these helpers only regroup digits or convert through integer fen, so no
 * float ever touches an amount.
 */
import { formatWan } from '../money';
import { formatPercent } from '../report/format-percent';

const YUAN = /^(-?)(\d+)\.(\d{2})$/;

export class InvalidYuanError extends Error {
  override name = 'InvalidYuanError';
}

/** "46233300.00" → 4623330000n. */
export function yuanToFen(yuan: string): bigint {
  const match = YUAN.exec(yuan);
  if (match === null) throw new InvalidYuanError(`not a yuan amount: ${JSON.stringify(yuan)}`);
  const fen = BigInt(`${match[2]}${match[3]}`);
  return match[1] === '-' ? -fen : fen;
}

/** "46233300.00" → "46,233,300.00". */
export function groupedYuan(yuan: string): string {
  const match = YUAN.exec(yuan);
  if (match === null) throw new InvalidYuanError(`not a yuan amount: ${JSON.stringify(yuan)}`);
  const whole = (match[2] ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${match[1]}${whole}.${match[3]}`;
}

/** "46233300.00" → "4623.33" (万元, as the self-evaluation reports print it). */
export function wanOf(yuan: string): string {
  return formatWan(yuanToFen(yuan));
}

/** A fraction as a percentage with up to two decimals: 1 → "100%", 0.98765 → "98.77%"; null → "—". */
export function percent(rate: number | null): string {
  return rate === null ? '—' : formatPercent(rate);
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function periodLabel(period: { year: number; month: number }): { zh: string; en: string } {
  return {
    zh: `${period.year}年${period.month}月`,
    en: `${MONTHS[period.month - 1] ?? period.month} ${period.year}`,
  };
}
