import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FenLedger } from '../../../../shared/money';

describe('FenLedger', () => {
  it('keeps separate exact sums per row and column, growing as rows are added', () => {
    const ledger = new FenLedger(3, 1);
    const rows = Array.from({ length: 100 }, () => ledger.addRow());
    for (const row of rows) {
      ledger.add(row, 0, BigInt(row));
      ledger.add(row, 2, -5n);
      ledger.add(row, 2, -5n);
    }
    expect(ledger.rows).toBe(100);
    expect(rows.map((row) => ledger.get(row, 0))).toEqual(rows.map(BigInt));
    expect(ledger.get(57, 1)).toBe(0n);
    expect(ledger.get(57, 2)).toBe(-10n);
  });

  it('stays exact beyond the int64 range', () => {
    const ledger = new FenLedger(1);
    const row = ledger.addRow();
    const big = 10n ** 17n;
    for (let i = 0; i < 200; i++) ledger.add(row, 0, big);
    expect(ledger.get(row, 0)).toBe(200n * big);
    for (let i = 0; i < 400; i++) ledger.add(row, 0, -big);
    expect(ledger.get(row, 0)).toBe(-200n * big);
  });

  it('equals a plain bigint sum for any sequence of additions', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), { maxLength: 50 }), (values) => {
        const ledger = new FenLedger(1);
        const row = ledger.addRow();
        for (const value of values) ledger.add(row, 0, value);
        expect(ledger.get(row, 0)).toBe(values.reduce((a, b) => a + b, 0n));
      }),
    );
  });
});

describe('FenLedger.reset', () => {
  it('zeroes one row, overflow included, and leaves the others', () => {
    const ledger = new FenLedger(2);
    const a = ledger.addRow();
    const b = ledger.addRow();
    for (let i = 0; i < 200; i++) ledger.add(a, 1, 10n ** 17n);
    ledger.add(b, 1, 7n);
    ledger.reset(a);
    expect([ledger.get(a, 0), ledger.get(a, 1), ledger.get(b, 1)]).toEqual([0n, 0n, 7n]);
    ledger.add(a, 1, 3n);
    expect(ledger.get(a, 1)).toBe(3n);
  });
});
