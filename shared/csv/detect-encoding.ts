/**
 * UTF-8 or GB18030, decided from the bytes. Chinese Windows Excel writes "CSV" in GBK/GB18030;
 * everything else writes UTF-8. GB18030 text is almost never valid UTF-8 (its trail bytes are
 * rarely UTF-8 continuation bytes), so the first stretch of non-ASCII text that is not valid
 * UTF-8 decides. When it is damaged either way, the reading with fewer replacement
 * characters wins, and the damaged cells are reported by the caller.
 */
import { isUtf8 } from 'node:buffer';

export type TextEncoding = 'utf-8' | 'gb18030';

function countReplacements(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) count++;
  return count;
}

/** Decides the encoding of a run of whole lines that contains non-ASCII bytes. */
export function detectEncoding(bytes: Uint8Array): TextEncoding {
  if (isUtf8(bytes)) return 'utf-8';
  const asUtf8 = countReplacements(new TextDecoder('utf-8').decode(bytes));
  const asGb = countReplacements(new TextDecoder('gb18030').decode(bytes));
  return asGb < asUtf8 ? 'gb18030' : 'utf-8';
}
