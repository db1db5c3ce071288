/**
 * Resident ID numbers are found however they are written (docs/contract.md §2.4) — whole, in
 * groups separated by spaces or dashes, followed by other characters, in full-width digits, and
 * in the old 15-digit form — and nothing a budget export ordinarily holds is taken for one:
 * project codes like 44028121A000001, 功能科目 codes, amounts and dates.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsResidentId } from '../../../../shared/export/personal-data';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const pad = (n: number, width: number) => String(n).padStart(width, '0');

const birth = fc.date({
  min: new Date('1920-01-01T00:00:00Z'),
  max: new Date('2020-12-31T00:00:00Z'),
  noInvalidDate: true,
});
const area = fc.tuple(fc.constantFrom(11, 31, 44, 51, 65), fc.integer({ min: 0, max: 9999 }));

/** A valid 18-digit number: province, area, birth date, sequence, check character. */
const residentId = fc
  .tuple(area, birth, fc.integer({ min: 0, max: 999 }))
  .map(([[province, rest], date, seq]) => {
    const body = `${province}${pad(rest, 4)}${date.toISOString().slice(0, 10).replace(/-/g, '')}${pad(seq, 3)}`;
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(body[i]) * (WEIGHTS[i] ?? 0);
    return `${body}${'10X98765432'[sum % 11]}`;
  });

/** A valid 15-digit number: province, area, YYMMDD in the 1900s, sequence. */
const shortResidentId = fc
  .tuple(
    area,
    fc.date({
      min: new Date('1920-01-01T00:00:00Z'),
      max: new Date('1999-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(
    ([[province, rest], date, seq]) =>
      `${province}${pad(rest, 4)}${date.toISOString().slice(2, 10).replace(/-/g, '')}${pad(seq, 3)}`,
  );

const fullWidth = (text: string) =>
  text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const grouped = (id: string, sizes: readonly number[], separator: string) => {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(id.slice(at, at + size));
    at += size;
  }
  if (at < id.length) parts.push(id.slice(at));
  return parts.join(separator);
};

describe('resident ID numbers are found however they are written', () => {
  it('whole, grouped by spaces or dashes, followed or preceded by text, full-width', () => {
    fc.assert(
      fc.property(
        residentId,
        fc.constantFrom([6, 8, 4], [4, 4, 4, 4, 2], [3, 3, 4, 4, 4], [6, 4, 4, 4]),
        fc.constantFrom(' ', '-', '－', '\u3000'),
        fc.constantFrom('', 'a', '号', '，低保对象', ' 12'),
        (id, sizes, separator, after) => {
          expect(containsResidentId(id)).toBe(true);
          expect(containsResidentId(`低保对象张三（身份证${id}${after}）`)).toBe(true);
          expect(containsResidentId(`${grouped(id, sizes, separator)}${after}`)).toBe(true);
          expect(containsResidentId(fullWidth(id))).toBe(true);
        },
      ),
    );
  });

  it('the 15-digit form, with a date that exists', () => {
    fc.assert(
      fc.property(shortResidentId, (id) => {
        expect(containsResidentId(`身份证 ${id}`)).toBe(true);
      }),
    );
    // 1990-02-30 does not exist.
    expect(containsResidentId('440281900230123')).toBe(false);
  });

  it('the examples of issue 19', () => {
    for (const cell of [
      '440281 19900101 1230',
      '4402-8119-9001-0112-30',
      '440281199001011230a',
      '440281900101123',
    ]) {
      expect(containsResidentId(cell)).toBe(true);
    }
  });
});

describe('what a budget export holds is not taken for an ID number', () => {
  const projectCode = fc
    .tuple(
      fc.integer({ min: 0, max: 99_999_999 }),
      fc.constantFrom('A', 'B', 'Y', 'Z'),
      fc.integer({ min: 0, max: 999_999 }),
    )
    .map(([head, letter, tail]) => `${pad(head, 8)}${letter}${pad(tail, 6)}`);
  // 类 201–231, 款 (5 digits), 项 (7 digits).
  const functionCode = fc
    .tuple(fc.integer({ min: 201, max: 231 }), fc.constantFrom(0, 2, 4), fc.integer({ min: 1, max: 9999 }))
    .map(([head, extra, tail]) => `${head}${extra === 0 ? '' : pad(tail % 10 ** extra, extra)}`);
  const amount = fc
    .tuple(fc.bigInt({ min: -999_999_999_999n, max: 999_999_999_999n }), fc.integer({ min: 0, max: 99 }))
    .map(([yuan, fen]) => `${yuan}.${pad(fen, 2)}`);
  const groupedAmount = fc
    .bigInt({ min: 0n, max: 999_999_999_999n })
    .map((yuan) => `${yuan.toLocaleString('en-US')}.00`);
  const date = fc
    .date({
      min: new Date('1990-01-01T00:00:00Z'),
      max: new Date('2030-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .chain((d) => {
      const iso = d.toISOString().slice(0, 10);
      return fc.constantFrom(
        iso,
        iso.replace(/-/g, ''),
        iso.replace(/-/g, '/'),
        `${iso.slice(0, 4)}年${iso.slice(5, 7)}月${iso.slice(8)}日`,
      );
    });
  const cell = fc.oneof(projectCode, functionCode, amount, groupedAmount, date);

  it('codes, amounts and dates, alone or listed in one cell', () => {
    fc.assert(
      fc.property(
        fc.array(cell, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('，', '、', '；', ' / '),
        (cells, separator) => {
          expect(containsResidentId(cells.join(separator))).toBe(false);
        },
      ),
      { numRuns: 2_000 },
    );
    expect(containsResidentId('44028121A000001')).toBe(false);
    // A code and a date side by side make 15 digits, but not one number.
    expect(containsResidentId('2100001 2030-10-01')).toBe(false);
  });
});
