/**
 * Exact running sums of fen for many accounts (rows) × a few figures (columns), kept in a
 * BigInt64Array.
 *
 * Why not bigint fields on objects: every `sum += x` makes a new BigInt. When the holder is
 * long-lived (a group that is updated once every 50,000 lines), each new BigInt lives long
 * enough to be promoted to the old generation and then dies there, so the heap and the RSS
 * grow with the file. Stored in a typed array, the temporaries die young and are swept for free.
 *
 * Still exact: a sum that would leave the int64 range moves into a bigint overflow cell, so
 * a value is always `cell + overflow`, never wrapped.
 */
import type { Fen } from '../domain-types';

export class FenLedger {
  private cells: BigInt64Array;
  private overflow: Map<number, bigint> | null = null;
  private rowCount = 0;

  constructor(
    readonly columns: number,
    initialRows = 64,
  ) {
    this.cells = new BigInt64Array(columns * Math.max(1, initialRows));
  }

  get rows(): number {
    return this.rowCount;
  }

  /** Opens a new account with every column at zero; returns its row index. */
  addRow(): number {
    if ((this.rowCount + 1) * this.columns > this.cells.length) {
      const grown = new BigInt64Array(this.cells.length * 2);
      grown.set(this.cells);
      this.cells = grown;
    }
    return this.rowCount++;
  }

  add(row: number, column: number, fen: Fen): void {
    const index = row * this.columns + column;
    const next = (this.cells[index] as bigint) + fen;
    // Fits in int64 iff truncating to 64 bits changes nothing (5x faster than two comparisons).
    if (BigInt.asIntN(64, next) === next) {
      this.cells[index] = next;
      return;
    }
    this.overflow ??= new Map();
    this.overflow.set(index, (this.overflow.get(index) ?? 0n) + next);
    this.cells[index] = 0n;
  }

  /** Sets every column of a row back to zero. */
  reset(row: number): void {
    const start = row * this.columns;
    this.cells.fill(0n, start, start + this.columns);
    if (this.overflow !== null) {
      for (let index = start; index < start + this.columns; index++) this.overflow.delete(index);
    }
  }

  get(row: number, column: number): Fen {
    const index = row * this.columns + column;
    return (this.cells[index] as bigint) + (this.overflow?.get(index) ?? 0n);
  }
}
