/**
 * Sums detail rows into groups (the group key: the field table's `key` fields) as they stream
 * past, keeping for each group what the field table says to carry: first-line values, distinct
 * codes (with amounts per code once a group has several), names of codes, and amounts per value
 * of the split fields. The only state that grows is one accumulator per group, never per row.
 */

import { compareGroupKeys, compareText } from '../group-key';
import type { GroupLine } from '../group-line';
import { FenLedger, sumAmounts } from '../money';
import type { Amounts } from '../vocabulary';
import { type AggregatorState, AggregatorStateBuilder, FigureReader } from './aggregator-state';
import {
  type FieldsWhere,
  type FieldValue,
  fieldsWhere,
  isWhenPresent,
  listProperty,
  namesOf,
  splitProperty,
} from './export-fields';

/** The fields of one validated detail row that reach its group, as the field table declares them. */
export type DetailRow = { [F in FieldsWhere<'key' | 'first' | 'split'>]: FieldValue<F> } & {
  [F in FieldsWhere<'codes' | 'names'>]: string;
} & {
  /** Null when the export has no 年初预算数 column. */
  budgetInitial: bigint | null;
  budget: bigint;
  spentThisMonth: bigint;
  spentToDate: bigint;
};

export type KeyField = FieldsWhere<'key'>;
const KEY_FIELDS = fieldsWhere('key');
const FIRST_FIELDS = fieldsWhere('first');
const CODE_FIELDS = fieldsWhere('codes');
const NAME_FIELDS = fieldsWhere('names');
const SPLIT_FIELDS = fieldsWhere('split');
/** The fields kept in parts, codes first: `GroupAccumulator.parts` follows this order. */
const PART_FIELDS = [...CODE_FIELDS, ...SPLIT_FIELDS];
/** The fields of `GroupAccumulator.values`. */
const VALUE_FIELDS = [...KEY_FIELDS, ...FIRST_FIELDS];
const NEAR_KEY_FIELD = KEY_FIELDS[KEY_FIELDS.length - 2] as KeyField;
const LAST_KEY_FIELD = KEY_FIELDS[KEY_FIELDS.length - 1] as KeyField;

/** Sums of one group's lines under one attribute (a code, a split value) that has several values. */
interface Parts {
  values: string[];
  /** Ledger rows per value (the first value's row started as the group's total so far). */
  rows: number[];
}

/**
 * A group's values of one part field: none yet (null), its one value (the usual case: its sums
 * are the group's total, and it costs no object), or, once a second value shows up, `Parts`.
 */
type PartSlot = string | Parts | null;

function valuesOf(slot: PartSlot): string[] {
  return slot === null ? [] : typeof slot === 'string' ? [slot] : slot.values;
}

/** Under the next-to-last key field's value: its group, or its groups by the last key field. */
type GroupSlot = GroupAccumulator | Map<string, GroupAccumulator>;

interface GroupAccumulator {
  /** Key and first-line values, in the shape of the group line. */
  values: Record<string, unknown>;
  /** The group's total in the aggregator's ledger. */
  ledgerRow: number;
  /** Per `codes` field (in CODE_FIELDS order), then per `split` field. */
  parts: PartSlot[];
  /** Per `names` field: code → name. */
  names: (Map<string, string> | null)[];
  lineCount: number;
}

/** Ledger columns: budget, this month, to date, initial. */
const COLUMNS = 4;

/** Sums of the groups per value of a key field: what totals rows are checked against. */
export interface GroupSums {
  sumFor(field: KeyField, value: string): Amounts;
}

export class GroupAggregator implements GroupSums {
  /** Nested by the key's fields, in order; the last level holds the group. */
  private readonly tree = new Map<string, unknown>();
  private readonly groups: GroupAccumulator[] = [];
  private readonly ledger = new FenLedger(COLUMNS, 1024);
  /** The export states initial budgets: every group's amounts carry `budgetInitial`. */
  private withInitial = false;
  private readonly byKeyValue = new Map<KeyField, Map<string, GroupAccumulator[]>>(
    KEY_FIELDS.map((field) => [field, new Map()]),
  );

  get size(): number {
    return this.groups.length;
  }

  add(row: DetailRow): void {
    const group = this.groupOf(row);
    group.lineCount++;
    for (let i = 0; i < PART_FIELDS.length; i++) {
      // An empty code is kept apart too (a group's lines may be coded in part), but listed as no code.
      this.addPart(group, i, row[PART_FIELDS[i] as (typeof PART_FIELDS)[number]] as string, row);
    }
    for (let i = 0; i < NAME_FIELDS.length; i++) {
      const field = NAME_FIELDS[i] as (typeof NAME_FIELDS)[number];
      const name = row[field];
      if (name === '') continue;
      const code = row[namesOf(field)];
      let names = group.names[i];
      if (names === undefined || names === null) {
        names = new Map();
        group.names[i] = names;
      }
      if (!names.has(code)) names.set(code, name);
    }
    this.addAmounts(group.ledgerRow, row);
  }

  private groupOf(row: DetailRow): GroupAccumulator {
    let level: Map<string, unknown> = this.tree;
    for (let i = 0; i < KEY_FIELDS.length - 2; i++) {
      const value = row[KEY_FIELDS[i] as KeyField];
      let next = level.get(value) as Map<string, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(value, next);
      }
      level = next;
    }
    // The next-to-last field's value holds its one group itself, or (once a second value of the
    // last field shows up) a map of them: most have one, and a Map per group cost ~200 bytes.
    const near = row[NEAR_KEY_FIELD];
    const last = row[LAST_KEY_FIELD];
    const slot = level.get(near) as GroupSlot | undefined;
    if (slot instanceof Map) {
      const found = slot.get(last);
      if (found !== undefined) return found;
    } else if (slot !== undefined && slot.values[LAST_KEY_FIELD] === last) return slot;
    const group = this.newGroup(row);
    if (slot === undefined) level.set(near, group);
    else if (slot instanceof Map) slot.set(last, group);
    else
      level.set(
        near,
        new Map([
          [slot.values[LAST_KEY_FIELD] as string, slot],
          [last, group],
        ]),
      );
    return group;
  }

  private newGroup(row: DetailRow): GroupAccumulator {
    const values: Record<string, unknown> = {};
    for (const field of KEY_FIELDS) values[field] = row[field];
    for (const field of FIRST_FIELDS) values[field] = row[field];
    const group: GroupAccumulator = {
      values,
      ledgerRow: this.ledger.addRow(),
      parts: PART_FIELDS.map(() => null),
      names: NAME_FIELDS.map(() => null),
      lineCount: 0,
    };
    this.groups.push(group);
    for (const field of KEY_FIELDS) {
      const index = this.byKeyValue.get(field) as Map<string, GroupAccumulator[]>;
      const list = index.get(row[field]);
      if (list === undefined) index.set(row[field], [group]);
      else list.push(group);
    }
    return group;
  }

  /** Called before the row is added to the group's total (a first split copies the total so far). */
  private addPart(group: GroupAccumulator, part: number, value: string, row: DetailRow): void {
    const ledgerRow = this.partRow(group, part, value);
    if (ledgerRow !== null) this.addAmounts(ledgerRow, row);
  }

  private copyRow(from: number): number {
    const row = this.ledger.addRow();
    for (let column = 0; column < COLUMNS; column++)
      this.ledger.add(row, column, this.ledger.get(from, column));
    return row;
  }

  private addAmounts(ledgerRow: number, row: DetailRow): void {
    this.ledger.add(ledgerRow, 0, row.budget);
    this.ledger.add(ledgerRow, 1, row.spentThisMonth);
    this.ledger.add(ledgerRow, 2, row.spentToDate);
    if (row.budgetInitial !== null) {
      this.withInitial = true;
      this.ledger.add(ledgerRow, 3, row.budgetInitial);
    }
  }

  sumFor(field: KeyField, value: string): Amounts {
    return sumAmounts(
      (this.byKeyValue.get(field)?.get(value) ?? []).map((group) => this.amounts(group.ledgerRow)),
    );
  }

  private amounts(ledgerRow: number): Amounts {
    const amounts: Amounts = {
      budget: this.ledger.get(ledgerRow, 0),
      spentThisMonth: this.ledger.get(ledgerRow, 1),
      spentToDate: this.ledger.get(ledgerRow, 2),
    };
    if (this.withInitial) amounts.budgetInitial = this.ledger.get(ledgerRow, 3);
    return amounts;
  }

  /**
   * Amounts per value; a group with one value shares its total (the usual case). Lines without
   * a code are left out: what the codes do not account for has no code.
   */
  private partAmounts(slot: PartSlot, total: Amounts): Record<string, Amounts> {
    const out: Record<string, Amounts> = {};
    if (typeof slot === 'string') {
      if (slot !== '') out[slot] = total;
    } else if (slot !== null) {
      slot.values.forEach((value, i) => {
        if (value !== '') out[value] = this.amounts(slot.rows[i] as number);
      });
    }
    return out;
  }

  /**
   * The groups so far as flat arrays, for another aggregator to `absorb` (a parallel reading:
   * each byte range of a file is aggregated on a thread of its own, see
   * shared/csv/parallel-validation.ts).
   */
  state(): AggregatorState {
    const built = new AggregatorStateBuilder(this.ledger.rows, COLUMNS, {
      groups: this.groups.length,
      valueFields: VALUE_FIELDS.length,
      partFields: PART_FIELDS.length,
      nameFields: NAME_FIELDS.length,
    });
    const figures = (ledgerRow: number) => (column: number) => this.ledger.get(ledgerRow, column);
    for (const [g, group] of this.groups.entries()) {
      for (const field of VALUE_FIELDS) built.values.push(built.text(group.values[field] as string));
      built.row(figures(group.ledgerRow));
      for (const slot of group.parts) {
        for (const value of valuesOf(slot)) built.partValues.push(built.text(value));
        built.partStarts.push(built.partValues.length);
        // Each value's sums: its row, or the group's total when it is the only value.
        for (const row of slot === null ? [] : typeof slot === 'string' ? [group.ledgerRow] : slot.rows) {
          built.row(figures(row));
        }
      }
      for (const names of group.names) {
        for (const [code, name] of names ?? []) {
          built.nameCodes.push(built.text(code));
          built.nameTexts.push(built.text(name));
        }
        built.nameStarts.push(built.nameCodes.length);
      }
      built.lineCounts[g] = group.lineCount;
    }
    return built.finish(this.withInitial, this.groups.length);
  }

  /**
   * Adds the groups of the lines that come after this aggregator's (a later byte range of the
   * file), making of them what `add` would have made had they come one by one: a group keeps
   * its first line's values, codes and names keep their first-seen order, and its sums per
   * value split where `add` splits them (every line has a value, an empty code included, so a
   * value's sums in the range are exact).
   */
  absorb(state: AggregatorState): void {
    const figures = new FigureReader(state);
    const text = (index: number | undefined) => state.texts[index as number] as string;
    const row: Record<string, unknown> = {};
    for (let g = 0; g < state.groups; g++) {
      VALUE_FIELDS.forEach((field, i) => {
        row[field] = text(state.values[g * VALUE_FIELDS.length + i]);
      });
      const group = this.groupOf(row as unknown as DetailRow);
      const total = figures.row();
      for (let p = 0; p < PART_FIELDS.length; p++) {
        const j = g * PART_FIELDS.length + p;
        // Every value first (a split copies the group's total so far, before this range's lines,
        // as `add` would have at the range's first line of a second value), then their sums.
        const values = Array.from(
          state.partValues.subarray(state.partStarts[j], state.partStarts[j + 1]),
          text,
        );
        for (const value of values) this.partRow(group, p, value);
        for (const value of values) this.addFigures(this.partRow(group, p, value), figures.row());
      }
      for (let n = 0; n < NAME_FIELDS.length; n++) {
        const j = g * NAME_FIELDS.length + n;
        for (let k = state.nameStarts[j] as number; k < (state.nameStarts[j + 1] as number); k++) {
          let names = group.names[n];
          if (names === undefined || names === null) {
            names = new Map();
            group.names[n] = names;
          }
          const code = text(state.nameCodes[k]);
          if (!names.has(code)) names.set(code, text(state.nameTexts[k]));
        }
      }
      group.lineCount += state.lineCounts[g] as number;
      this.addFigures(group.ledgerRow, total);
    }
    this.withInitial ||= state.withInitial;
  }

  /**
   * Where a value's sums go, as `addPart` decides: nowhere of its own while it is the group's
   * only value (the total holds them), else its row (made at the split, the first value's row
   * from the total so far). Null: the total only.
   */
  private partRow(group: GroupAccumulator, part: number, value: string): number | null {
    const slot = group.parts[part] as PartSlot;
    if (slot === null) {
      group.parts[part] = value;
      return null;
    }
    if (typeof slot === 'string') {
      if (slot === value) return null;
      const rows = [this.copyRow(group.ledgerRow), this.ledger.addRow()];
      group.parts[part] = { values: [slot, value], rows };
      return rows[1] as number;
    }
    // A group has a handful of values: a short array beats a Set in time and memory.
    let at = slot.values.indexOf(value);
    if (at === -1) {
      slot.values.push(value);
      slot.rows.push(this.ledger.addRow());
      at = slot.values.length - 1;
    }
    return slot.rows[at] as number;
  }

  private addFigures(ledgerRow: number | null, figures: bigint[]): void {
    if (ledgerRow === null) return;
    for (let column = 0; column < COLUMNS; column++)
      this.ledger.add(ledgerRow, column, figures[column] as bigint);
  }

  /**
   * The groups as the domain type, sorted by `compareGroupKeys`. Called once, at the end: it
   * hands the accumulators' values over instead of copying them, and then drops the
   * accumulators, because at 50,000 groups a second copy is what pushes the ingest function's
   * peak memory up.
   */
  toGroupLines(): GroupLine[] {
    const lines: GroupLine[] = [];
    for (const group of this.groups) {
      const line = group.values;
      const amounts = this.amounts(group.ledgerRow);
      CODE_FIELDS.forEach((field, i) => {
        const slot = group.parts[i] as PartSlot;
        if (slot !== null && typeof slot !== 'string')
          line[splitProperty(field)] = this.partAmounts(slot, amounts);
        const codes = valuesOf(slot).filter((code) => code !== '');
        if (codes.length > 0 || !isWhenPresent(field)) line[listProperty(field)] = codes.sort(compareText);
      });
      SPLIT_FIELDS.forEach((field, i) => {
        const byValue = this.partAmounts(group.parts[CODE_FIELDS.length + i] as PartSlot, amounts);
        if (Object.keys(byValue).length > 0 || !isWhenPresent(field)) line[splitProperty(field)] = byValue;
      });
      NAME_FIELDS.forEach((field, i) => {
        const names = group.names[i];
        if (names !== null && names !== undefined) line[listProperty(field)] = Object.fromEntries(names);
      });
      line.amounts = amounts;
      line.lineCount = group.lineCount;
      lines.push(line as unknown as GroupLine);
    }
    this.groups.length = 0;
    this.tree.clear();
    for (const index of this.byKeyValue.values()) index.clear();
    return lines.sort(compareGroupKeys);
  }
}
