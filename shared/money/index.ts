export { addAmounts, amountsEqual, subtractAmounts, sumAmounts, zeroAmounts } from './amounts';
export { FenLedger } from './fen-ledger';
export type { AmountErrorReason, AmountScale, ParseAmountResult } from './parse-amount';
export { parseAmount } from './parse-amount';
export { divRoundHalfUp } from './round-half-up';
