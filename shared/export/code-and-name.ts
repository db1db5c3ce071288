/**
 * Codes and names as budget systems write them in one cell — `101001 乐昌市民政局`,
 * `[101001]乐昌市民政局`, `101001-乐昌市民政局`, `2081901 最低生活保障` — and the normalisation
 * every code and name gets before it is compared or grouped (docs/contract.md §2.4): Unicode NFKC
 * (full-width digits and letters), invisible characters removed, surrounding spaces trimmed.
 */

/** Zero-width spaces and joiners, word joiner, BOMs inside cells, soft hyphens. */
const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD\u180E]/g;

/** A code as it is grouped: NFKC (full-width `１０１００１` is `101001`), no invisible characters, trimmed. */
export function normalizeCode(text: string): string {
  const folded = /^[\x20-\x7e]*$/.test(text) ? text : text.normalize('NFKC').replace(INVISIBLE, '');
  return folded.trim();
}

/**
 * A name as it is shown: invisible characters removed and trimmed, but its full-width
 * punctuation kept (`最低生活保障（城市）` stays as the user wrote it). Names are compared
 * by `normalizeCode` of each, so width never makes two names differ.
 */
export function normalizeName(text: string): string {
  return (/^[\x20-\x7e]*$/.test(text) ? text : text.replace(INVISIBLE, '')).trim();
}

const BRACKETED = /^[[【(（]\s*([0-9A-Za-z][0-9A-Za-z.-]*)\s*[\]】)）]\s*[-–—_:：]?\s*(.*)$/u;
const SEPARATED = /^([0-9A-Za-z][0-9A-Za-z.]*?)(?:\s*[-–—_:：]\s*|\s+|(?=[^\u0020-\u007e]))(.*)$/u;

/**
 * Splits a cell into its code and name. A code has a digit in it; a cell without one is
 * all name (code ''), a cell of just a code is all code (name '').
 */
export function splitCodeAndName(cell: string): { code: string; name: string } {
  const text = normalizeName(cell);
  const match = BRACKETED.exec(text) ?? SEPARATED.exec(text);
  if (match !== null && /\d/.test(match[1] ?? '')) {
    return { code: normalizeCode(match[1] ?? ''), name: (match[2] ?? '').trim() };
  }
  if (/^[0-9A-Za-z.]+$/.test(normalizeCode(text)) && /\d/.test(text))
    return { code: normalizeCode(text), name: '' };
  return { code: '', name: text };
}
