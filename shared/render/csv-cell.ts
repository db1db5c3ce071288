/**
 * Cells of downloadable CSV. A text cell that starts with = + - @ (or a tab / carriage
 * return, which some spreadsheets skip before reading a formula) would run as a formula in
 * Excel (`=HYPERLINK(...)` exfiltrating data), so it gets a leading apostrophe, the
 * convention OWASP recommends. Amount cells are written as plain numbers, negatives included:
 * they are produced by this code from integers, never copied from the upload.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) || field !== field.trim() ? `"${field.replace(/"/g, '""')}"` : field;
}

/** A cell holding text from an upload. */
export function textCell(text: string): string {
  return quote(neutraliseFormula(text));
}

/** A cell holding a number this code formatted (yuan amount, rate, count). */
export function numberCell(value: string | number): string {
  const text = String(value);
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new TypeError(`not a plain number: ${JSON.stringify(text)}`);
  return text;
}

/** UTF-8 BOM: without it Excel on Chinese Windows opens the file as GBK and shows mojibake. */
export const BOM = '\uFEFF';

/** One record and its line end: CRLF, as RFC 4180 and Excel expect. */
export function csvRecord(cells: readonly string[]): string {
  return `${cells.join(',')}\r\n`;
}

/** The BOM and the header record: how a CSV download starts, written before its rows stream. */
export function csvHead(header: readonly string[]): string {
  return `${BOM}${csvRecord(header.map(textCell))}`;
}

export function csvDocument(header: string[], rows: string[][]): string {
  return `${csvHead(header)}${rows.map(csvRecord).join('')}`;
}
