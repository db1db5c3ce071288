/**
 * A workbook cell as the text a CSV export would have held, so one set of rules reads both.
 * Numbers become the shortest decimal that reads back as the same double — what Excel shows
 * for `392.98305` even though the file stores `392.98304999999996` — written out in full,
 * never in exponent form, so that the amount rules (fen precision after scaling, no floating
 * point in sums) see exactly the digits a person typed.
 */

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
