import type { Fen } from '../domain-types';
import { divRoundHalfUp } from './round-half-up';

/** 1 万元 with two decimals = 100 yuan = 10,000 fen. */
const FEN_PER_HUNDREDTH_WAN = 10_000n;

/**
 * Fen in 万元 the way the self-evaluation reports print it: at most two decimals, trailing
 * zeros dropped ("4623.33", "6432.7", "100"). Amounts finer than 100 yuan are rounded half
 * up (away from zero), so 46,233,350.00 yuan prints as "4623.34".
 */
export function formatWan(fen: Fen): string {
  const hundredths = divRoundHalfUp(fen, FEN_PER_HUNDREDTH_WAN);
  const negative = hundredths < 0n;
  const abs = negative ? -hundredths : hundredths;
  const whole = (abs / 100n).toString();
  const cents = (abs % 100n).toString().padStart(2, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${cents === '' ? '' : `.${cents}`}`;
}

/**
 * Fen in 万元 as an exact decimal string (up to 6 places, trailing zeros dropped): the value a
 * workbook cell holds when the form is in 万元, so Excel sums the 分 exactly as exported
 * (4623330000n → "4623.33", 123456n → "0.123456").
 */
export function wanDecimal(fen: Fen): string {
  const negative = fen < 0n;
  const digits = (negative ? -fen : fen).toString().padStart(7, '0');
  const whole = digits.slice(0, -6);
  const decimals = digits.slice(-6).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${decimals === '' ? '' : `.${decimals}`}`;
}
