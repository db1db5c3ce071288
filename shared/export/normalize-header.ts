/**
 * Header cells as typed by hand in Excel vary in width, case, spacing and brackets:
 * `全年预算数（万元）`, ` Budget (元) `, `UNIT_CODE`, `spent-ytd`. This reduces a cell to a key
 * for alias lookup and reads the unit off it.
 */
import type { AmountScale } from '../money';

export interface NormalizedHeader {
  /** Lower case, half width, no spaces/underscores/hyphens, unit suffix removed. */
  key: string;
  /** The unit the header states, if any. */
  scale: AmountScale | null;
}

/** `(元)`, `(单位:万元)`, `[yuan]`, `(10k yuan)` after NFKC; `【】` is not folded by NFKC. */
const UNIT_SUFFIX = /[([](?:单位:?|unit:?)?(万元|元|yuan|cny|rmb|wan|10kyuan|10,000yuan)[)\]]$/;

export function normalizeHeader(text: string): NormalizedHeader {
  let s = text
    .normalize('NFKC')
    // Zero-width spaces and joiners, BOMs, soft hyphens: invisible, but they would break a match.
    .replace(/[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD\u180E]/g, '')
    .replace(/[【〔]/g, '[')
    .replace(/[】〕]/g, ']')
    .toLowerCase()
    .replace(/[\s_\-·]+/g, '');
  let scale: AmountScale | null = null;
  const unit = UNIT_SUFFIX.exec(s);
  if (unit !== null) {
    const word = unit[1];
    scale = word === '万元' || word === 'wan' || word === '10kyuan' || word === '10,000yuan' ? 'wan' : 'yuan';
    s = s.slice(0, unit.index);
  }
  return { key: s, scale };
}
