/**
 * What the first bytes of an upload say about it: a renamed Excel workbook, a UTF-16 text
 * export, or a CSV with a byte-order mark. People rename `.xlsx` to `.csv` in good faith;
 * they deserve to be told so rather than see a wall of garbled-row errors.
 */
export type LeadingBytesVerdict =
  | { kind: 'text'; encoding: 'utf-8' | 'gb18030' | null; bomLength: number }
  | { kind: 'workbook'; format: 'xlsx' | 'xls' }
  | { kind: 'utf16' };

/** Bytes needed to recognise every signature below. */
export const SIGNATURE_BYTES = 8;

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  if (bytes.length < signature.length) return false;
  return signature.every((byte, i) => bytes[i] === byte);
}

/** `PK\x03\x04`: a zip container, which is what .xlsx (and .ods) files are. */
const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** OLE2 compound document: the pre-2007 .xls format. */
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const GB18030_BOM = [0x84, 0x31, 0x95, 0x33];
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];

export function inspectLeadingBytes(head: Uint8Array): LeadingBytesVerdict {
  if (startsWith(head, ZIP)) return { kind: 'workbook', format: 'xlsx' };
  if (startsWith(head, OLE)) return { kind: 'workbook', format: 'xls' };
  if (startsWith(head, UTF8_BOM)) return { kind: 'text', encoding: 'utf-8', bomLength: 3 };
  if (startsWith(head, GB18030_BOM)) return { kind: 'text', encoding: 'gb18030', bomLength: 4 };
  if (startsWith(head, UTF16LE_BOM) || startsWith(head, UTF16BE_BOM)) return { kind: 'utf16' };
  return { kind: 'text', encoding: null, bomLength: 0 };
}
