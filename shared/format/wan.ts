import type { Fen } from '../domain-types';
import { divRoundHalfUp } from '../money/round-half-up';
import { yuanToFen } from './yuan';

/** 0.01 万元 = 100 yuan = 10,000 fen. */
const FEN_PER_HUNDREDTH_WAN = 10_000n;

/**
 * An amount in 万元 as printed everywhere (sentences, cards, tables, documents): always two
 * decimals, as the seed writes 11580.80 and 1000.00, so figures in one column line up and a
 * reader never wonders whether a digit was dropped. Finer amounts are rounded half up (away
 * from zero): 46,233,350.00 yuan prints as "4623.34". Takes fen or a yuan string.
 */
export function formatWan(amount: Fen | string): string {
  const fen = typeof amount === 'string' ? yuanToFen(amount) : amount;
  return hundredthsText(divRoundHalfUp(fen, FEN_PER_HUNDREDTH_WAN));
}

function hundredthsText(hundredths: bigint): string {
  const negative = hundredths < 0n;
  const abs = negative ? -hundredths : hundredths;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/**
 * Parts of a whole in 万元 that add up in print to the whole as formatWan prints it (尾差调整):
 * each part is rounded down to 0.01 万元 and the hundredths still missing go to the parts with
 * the largest remainders (ties to the earlier part). Each part stays within 0.01 of its exact
 * value, and a reader who adds the printed parts finds the printed whole.
 */
export function formatWanParts(parts: readonly (Fen | string)[]): { parts: string[]; total: string } {
  const fen = parts.map((part) => (typeof part === 'string' ? yuanToFen(part) : part));
  const total = fen.reduce((sum, part) => sum + part, 0n);
  const floors = fen.map((part) => {
    const q = part / FEN_PER_HUNDREDTH_WAN;
    return q * FEN_PER_HUNDREDTH_WAN > part ? q - 1n : q;
  });
  const target = divRoundHalfUp(total, FEN_PER_HUNDREDTH_WAN);
  let missing = target - floors.reduce((sum, part) => sum + part, 0n);
  const order = fen
    .map((part, index) => ({ index, remainder: part - (floors[index] ?? 0n) * FEN_PER_HUNDREDTH_WAN }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  const printed = [...floors];
  for (const { index } of order) {
    if (missing <= 0n) break;
    printed[index] = (printed[index] ?? 0n) + 1n;
    missing--;
  }
  return { parts: printed.map(hundredthsText), total: hundredthsText(target) };
}

/**
 * Fen in 万元 as an exact decimal string (up to 6 places, trailing zeros dropped): the value a
 * workbook cell holds when the form is in 万元, so Excel sums the 分 exactly as exported
 * (4623330000n → "4623.33", 123456n → "0.123456"). The cell's display format shows 2 decimals.
 */
export function wanDecimal(fen: Fen): string {
  const negative = fen < 0n;
  const digits = (negative ? -fen : fen).toString().padStart(7, '0');
  const whole = digits.slice(0, -6);
  const decimals = digits.slice(-6).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${decimals === '' ? '' : `.${decimals}`}`;
}
