/**
 * A numeric cell's text (shared/xlsx/sheet-scanner.ts): the usual number is told to be its own
 * text from its bytes (`isShortestDecimal`), before any string is made; every value must read
 * exactly as `numberText` reads its text — shortest decimals as written, anything else (`-0`,
 * `1.50`, `007`, `1e5`, 16 digits, blanks, signs) through the number it denotes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberText, type ScannedRow, SheetScanner } from '../../../../shared/xlsx/sheet-scanner';

function cellText(raw: string): string {
  const rows: ScannedRow[] = [];
  const scanner = new SheetScanner({
    strings: { count: 0, get: () => '' },
    styles: new Uint8Array(1),
    date1904: false,
    maxPendingBytes: 1 << 20,
    onRow: (row) => rows.push(row),
  });
  scanner.push(
    Buffer.from(`<worksheet><sheetData><row r="1"><c r="A1"><v>${raw}</v></c></row></sheetData></worksheet>`),
  );
  scanner.end();
  return rows[0]?.cells[0] ?? '';
}

describe('a numeric cell', () => {
  it('reads as numberText reads its text, for the usual numbers and the odd ones', () => {
    for (const raw of [
      '0',
      '-0',
      '1',
      '-1',
      '10',
      '0.5',
      '-0.5',
      '1.50',
      '1.',
      '.5',
      '007',
      '00',
      '1e5',
      '-',
      '',
      '123456789012345',
      '1234567890123456',
      '-123456789012345',
      '12345678901234.5',
      '1234567890123.45',
      '4976159.48',
      '-961137',
      ' 12',
      '12 ',
      '+3',
      '1.0',
      '100.25',
      '9007199254740993',
    ])
      expect(cellText(raw), raw).toBe(numberText(raw));
  });

  it('reads as numberText reads its text, for any short string of digits, signs, points and exponents', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('0', '1', '5', '9', '-', '.', 'e', '+'), { minLength: 0, maxLength: 20 }),
        (chars) => {
          const raw = chars.join('');
          expect(cellText(raw)).toBe(numberText(raw));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
