/**
 * One reading of an amount cell for every kind of row (detail and totals alike), so the same
 * text always gets the same verdict and the same code wherever it stands.
 */
import { type AmountScale, parseAmount } from '../money';
import { type AmountField, CSV_FIELD_SPECS } from './export-fields';
import type { IssueCode } from './issue-codes';
import { messages } from './issue-messages';

export type AmountReading =
  | { ok: true; fen: bigint }
  | { ok: false; code: Extract<IssueCode, 'INVALID_AMOUNT' | 'AMOUNT_TOO_PRECISE'>; message: string };

export function readAmount(field: AmountField, raw: string, scale: AmountScale): AmountReading {
  const result = parseAmount(raw, scale);
  if (result.ok) return result;
  const spec = CSV_FIELD_SPECS[field];
  return {
    ok: false,
    code: result.reason === 'TOO_PRECISE' ? 'AMOUNT_TOO_PRECISE' : 'INVALID_AMOUNT',
    message: messages.invalidAmount(spec.zh, spec.en, result.message),
  };
}
