/**
 * What a cell's number format says about its number, from styles.xml: a date (a serial day
 * count, shown as a date, never an amount) or a percentage (a fraction shown ×100 with `%`).
 * A cell's `s` attribute indexes `cellXfs`; each xf names a number format, built in (by id) or
 * declared in `numFmts` (by its format code).
 */
import { parseXmlPart } from './xml-part';
import type { GuardedZip, ZipPart } from './zip-guard';

export const NUMBER = 0;
export const DATE = 1;
export const PERCENT = 2;
export type NumberKind = typeof NUMBER | typeof DATE | typeof PERCENT;

/** Built-in format ids that are dates or times (ECMA-376 18.8.30, with the CJK ids 27–36 and 50–58). */
function builtInKind(id: number): NumberKind {
  if (id === 9 || id === 10) return PERCENT;
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58))
    return DATE;
  return NUMBER;
}

/** A format code's kind: quoted text, escapes and `[…]` sections (colours, locales) aside. */
export function formatCodeKind(code: string): NumberKind {
  // The first section is the one for positive numbers, which decides.
  const plain = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/_./g, '')
    .replace(/\*./g, '')
    .replace(/\[(?:h+|m+|s+)\]/gi, 'h')
    .replace(/\[[^\]]*\]/g, '')
    .split(';')[0] as string;
  if (plain.includes('%')) return PERCENT;
  if (/[ymdhs]/i.test(plain.replace(/General/gi, '').replace(/E[+-]/gi, ''))) return DATE;
  return NUMBER;
}

/** Kinds by style index (`s`); styles beyond the list are plain numbers. */
export async function readCellStyles(zip: GuardedZip, part: ZipPart | null): Promise<Uint8Array> {
  if (part === null) return new Uint8Array(0);
  const custom = new Map<number, NumberKind>();
  const kinds: NumberKind[] = [];
  let inCellXfs = false;
  await parseXmlPart(part.name, zip.read(part, 'styles'), {
    open(name, attributes) {
      if (name === 'numFmt') {
        const id = Number(attributes.numFmtId);
        if (Number.isInteger(id)) custom.set(id, formatCodeKind(attributes.formatCode ?? ''));
      } else if (name === 'cellXfs') {
        inCellXfs = true;
      } else if (name === 'xf' && inCellXfs) {
        const id = Number(attributes.numFmtId ?? 0);
        kinds.push(custom.get(id) ?? builtInKind(id));
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return Uint8Array.from(kinds);
}
