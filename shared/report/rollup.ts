/**
 * What a roll-up ("by X", docs/contract.md §4) is, as data: what it groups a period's lines by,
 * what it keeps of them, in what order its rows come, how a row is published in report.json and
 * how its table is drawn (caption, key columns, the shared money columns). Every roll-up of the
 * report is one such declaration in `rollups.ts`; one accumulator (`rollup-accumulator.ts`) adds
 * the lines up for all of them and one table builder (`shared/render/rollup-table.ts`) draws
 * them, so a new breakdown is one declaration, not a new function, property and table by hand.
 */
import type { Amounts } from '../domain-types';
import type { MoneyFigures, PeriodFigures, SourcedGroupLine } from './period-report';
import type { ProgressRules } from './warning-levels';

/**
 * A share of a line's amounts counted under one key (a unit, a fund type, a code at one
 * level); `key: null` is what no key accounts for (a line without a code), the remainder row.
 * `first`: what the row keeps of the first line giving its key (a name, a level).
 */
/** A caption or label in both languages (the pages show both, Chinese first). */
type Bilingual = { zh: string; en: string };

export interface RollupPart<First> {
  key: string | null;
  amounts: Amounts;
  first: First;
}

/**
 * A count of the distinct values of a line field per key (a unit's projects). `runs`: the lines
 * of one (key, value) pair come one after the other in group order (unit, project, fund type),
 * so a change of value is a new value and memory holds the last value only; `set`: they need
 * not (a fund type's projects recur unit after unit), so the values are kept, as many as the
 * roll-up of that field has rows. `set` also gives the values (a project's fund types).
 */
export interface RollupDistinct {
  field: 'unitCode' | 'projectCode' | 'fundType';
  by: 'runs' | 'set';
}

/** One key's figures as accumulated: what the declaration's `row` turns into a report row. */
export interface RollupEntry<First> {
  key: string;
  amounts: Amounts;
  first: First;
  /** Per declared `distinct` name: how many values, and (for `set`) which, in first-seen order. */
  distinct: Record<string, { count: number; values: string[] }>;
}

/** What a row may need beyond its entry: the department total, the warning rules, names given by the exports. */
export interface RollupContext {
  total: Amounts;
  rules: ProgressRules;
  /** Names the lines gave to keys (`names` of the declaration), first one kept. */
  names: ReadonlyMap<string, string>;
}

/** The money columns every roll-up shares (`shared/render/figure-columns.ts`), by name. */
export type FigureColumnName = 'initial' | 'budget' | 'month' | 'spent' | 'rate';

/**
 * A column of a roll-up's table, drawn by kind: `code` in a monospace span (`none` where the
 * row has no code), `name` as pages show names (at most 200 characters), `term` as a bilingual
 * label (a list of them joined by 、; `—` for none), `count` a right-aligned number, `share` a
 * percentage of the department total, `flags` the row's line flags; a figure column by its
 * name. A footer (when the roll-up has one) shows 合计 in the first column, the department
 * total under each figure, 100% under a share and nothing under the rest.
 */
export type RollupColumn<Row> =
  | FigureColumnName
  | { kind: 'code'; label: Bilingual; value(row: Row): string | null; none?: Bilingual }
  | { kind: 'name'; label: Bilingual; value(row: Row): string | null }
  | { kind: 'term'; label: Bilingual; value(row: Row): Bilingual | readonly Bilingual[] | null }
  | { kind: 'count'; label: Bilingual; value(row: Row): number }
  | {
      kind: 'share';
      label: Bilingual;
      value(row: Row): number | null;
      of: keyof Pick<MoneyFigures, 'budget' | 'spentToDate'>;
    }
  | { kind: 'flags'; label: Bilingual; value(row: Row): PeriodFigures['byProject'][number]['flags'] };

/** The report.json properties holding a roll-up: an array of rows each. */
export type RollupProperty = {
  [P in keyof PeriodFigures]-?: NonNullable<PeriodFigures[P]> extends readonly MoneyFigures[] ? P : never;
}[keyof PeriodFigures];

export type RowOf<P extends RollupProperty> = NonNullable<PeriodFigures[P]>[number];

export interface Rollup<P extends RollupProperty = RollupProperty, First = unknown> {
  /** The report.json property holding its rows (typed there, in `PeriodFigures`). */
  property: P;
  caption: Bilingual;
  /** What a line adds, under which keys. */
  parts(line: SourcedGroupLine): Iterable<RollupPart<First>>;
  /**
   * `omit`: report.json leaves the property out and no table is drawn while no line of the
   * period `has` what the roll-up groups by (an export without the column); `always`: present,
   * its table drawn, in every period.
   */
  whenAbsent: 'omit' | 'always';
  /** For `omit`: whether a line carries what the roll-up groups by (default: a part with a key). */
  has?(line: SourcedGroupLine): boolean;
  /** Names a line gives to keys (the export's code names), the first one kept (`RollupContext.names`). */
  names?(line: SourcedGroupLine): Readonly<Record<string, string>> | undefined;
  distinct?: Readonly<Record<string, RollupDistinct>>;
  /** The order of the rows, by key; the remainder row (if any) comes last. */
  order(a: string, b: string): number;
  row(entry: RollupEntry<First>, context: RollupContext): RowOf<P>;
  /** The remainder row, drawn when the amounts no key accounts for are not all zero. */
  remainder?(amounts: Amounts): RowOf<P>;
  table: {
    columns: readonly RollupColumn<RowOf<P>>[];
    /** A footer row with the department total. */
    footer?: boolean;
    /** A note printed under the table (where the names come from). */
    note?: Bilingual;
    /** Drawn on `projects.html` instead of the period page when the period has one. */
    withProjects?: boolean;
  };
}

/** A declaration, checked against its property's row type (helps inference of `First`). */
export function rollup<P extends RollupProperty, First>(declaration: Rollup<P, First>): Rollup<P, First> {
  return declaration;
}
