/**
 * One roll-up (a declaration of `rollups.ts`) added up line by line as a period's lines stream
 * past (docs/contract.md §8): memory holds one entry per row of the roll-up (and, for a `set`
 * count, the values counted), never the lines. Lines come in group order (unit, project, fund
 * type), which `runs` counts rely on.
 */
import type { Amounts } from '../domain-types';
import { addAmounts, zeroAmounts } from '../money';
import type { SourcedGroupLine } from './period-report';
import type { Rollup, RollupContext, RollupDistinct, RollupEntry, RollupProperty, RowOf } from './rollup';

interface DistinctState {
  count: number;
  last: string | null;
  /** Only for `set` counts. */
  seen: Set<string> | null;
}

interface Entry<First> {
  amounts: Amounts;
  first: First;
  distinct: Record<string, DistinctState>;
}

function isZero(amounts: Amounts): boolean {
  return (
    amounts.budget === 0n &&
    amounts.spentThisMonth === 0n &&
    amounts.spentToDate === 0n &&
    (amounts.budgetInitial ?? 0n) === 0n
  );
}

export class RollupAccumulator<P extends RollupProperty = RollupProperty, First = unknown> {
  private readonly entries = new Map<string, Entry<First>>();
  private readonly names = new Map<string, string>();
  private remainderAmounts = zeroAmounts();
  private present = false;
  private readonly distinct: [string, RollupDistinct][];

  constructor(readonly rollup: Rollup<P, First>) {
    this.distinct = Object.entries(rollup.distinct ?? {});
  }

  /** Adds the next line, in group order. */
  add(line: SourcedGroupLine): void {
    const rollup = this.rollup;
    let keyed = false;
    for (const part of rollup.parts(line)) {
      if (part.key === null) {
        this.remainderAmounts = addAmounts(this.remainderAmounts, part.amounts);
        continue;
      }
      keyed = true;
      let entry = this.entries.get(part.key);
      if (entry === undefined) {
        entry = { amounts: zeroAmounts(), first: part.first, distinct: {} };
        for (const [name, spec] of this.distinct)
          entry.distinct[name] = { count: 0, last: null, seen: spec.by === 'set' ? new Set() : null };
        this.entries.set(part.key, entry);
      }
      entry.amounts = addAmounts(entry.amounts, part.amounts);
      for (const [name, spec] of this.distinct) {
        const state = entry.distinct[name] as DistinctState;
        const value = line[spec.field];
        if (state.seen !== null) {
          if (!state.seen.has(value)) {
            state.seen.add(value);
            state.count++;
          }
        } else if (state.last !== value) {
          state.count++;
          state.last = value;
        }
      }
    }
    if (rollup.has === undefined ? keyed : rollup.has(line)) this.present = true;
    const names = rollup.names?.(line);
    for (const [key, name] of Object.entries(names ?? {}))
      if (!this.names.has(key)) this.names.set(key, name);
  }

  /** Whether the period has what the roll-up groups by (a declaration with `whenAbsent: 'omit'`). */
  isPresent(): boolean {
    return this.present;
  }

  /** Each key's entry, in the order keys first came (the rankings take units this way). */
  *keyed(): Iterable<RollupEntry<First>> {
    for (const [key, entry] of this.entries) yield this.entryOf(key, entry);
  }

  /** The rows: every key in the declared order, then the remainder when not all zero. */
  rows(context: Omit<RollupContext, 'names'>): RowOf<P>[] {
    const full: RollupContext = { ...context, names: this.names };
    const rows = [...this.entries]
      .sort(([a], [b]) => this.rollup.order(a, b))
      .map(([key, entry]) => this.rollup.row(this.entryOf(key, entry), full));
    if (this.rollup.remainder !== undefined && !isZero(this.remainderAmounts))
      rows.push(this.rollup.remainder(this.remainderAmounts));
    return rows;
  }

  private entryOf(key: string, entry: Entry<First>): RollupEntry<First> {
    const distinct: RollupEntry<First>['distinct'] = {};
    for (const [name, state] of Object.entries(entry.distinct))
      distinct[name] = { count: state.count, values: state.seen === null ? [] : [...state.seen] };
    return { key, amounts: entry.amounts, first: entry.first, distinct };
  }
}
