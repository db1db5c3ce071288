/**
 * A workbook cell as the text a CSV export would have held, so one set of rules reads both.
 * Numbers become the shortest decimal that reads back as the same double — what Excel shows
 * for `392.98305` even though the file stores `392.98304999999996` — written out in full,
 * never in exponent form, so that the amount rules (fen precision after scaling, no floating
 * point in sums) see exactly the digits a person typed.
 */

export type CellText = { ok: true; text: string } | { ok: false; problem: 'formulaWithoutValue' };

/** `1e-7` → `0.0000001`, `1.5e21` → `1500000000000000000000`; `-0` → `0`. */
export function plainDecimal(value: number): string {
  if (Object.is(value, -0)) return '0';
  const shortest = String(value);
  const e = shortest.indexOf('e');
  if (e === -1) return shortest;
  const negative = shortest.startsWith('-');
  const mantissa = shortest.slice(negative ? 1 : 0, e);
  const exponent = Number.parseInt(shortest.slice(e + 1), 10);
  const point = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const intLength = (point === -1 ? mantissa.length : point) + exponent;
  let text: string;
  if (intLength <= 0) text = `0.${'0'.repeat(-intLength)}${digits}`;
  else if (intLength >= digits.length) text = digits + '0'.repeat(intLength - digits.length);
  else text = `${digits.slice(0, intLength)}.${digits.slice(intLength)}`;
  return negative ? `-${text}` : text;
}

function isoDate(date: Date): string {
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

/** The value exceljs's streaming reader gives a cell, as text. */
export function cellText(value: unknown): CellText {
  if (value === null || value === undefined) return { ok: true, text: '' };
  if (typeof value === 'number') return { ok: true, text: Number.isFinite(value) ? plainDecimal(value) : '' };
  if (typeof value === 'string') return { ok: true, text: value };
  if (typeof value === 'boolean') return { ok: true, text: value ? 'TRUE' : 'FALSE' };
  // Dates are shown as dates, which no amount rule accepts: a date is not an amount.
  if (value instanceof Date) return { ok: true, text: isoDate(value) };
  if (typeof value === 'object') {
    const cell = value as Record<string, unknown>;
    if ('formula' in cell || 'sharedFormula' in cell || 'result' in cell) {
      const result = cell.result;
      if (result === undefined || result === null) return { ok: false, problem: 'formulaWithoutValue' };
      return cellText(result);
    }
    if (Array.isArray(cell.richText)) {
      return {
        ok: true,
        text: cell.richText.map((run) => String((run as { text?: unknown }).text ?? '')).join(''),
      };
    }
    if (typeof cell.error === 'string') return { ok: true, text: cell.error };
    if (typeof cell.text === 'string') return { ok: true, text: cell.text };
    if ('text' in cell) return cellText(cell.text);
  }
  return { ok: true, text: String(value) };
}
