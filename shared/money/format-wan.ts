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
