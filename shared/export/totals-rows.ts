/**
 * Totals rows: exports often carry 合计 / 小计 / 总计 lines between or after the detail lines.
 * They are not data (counting them would double the money); they are checked against the
 * detail rows instead, since a mismatch means rows were lost or edited by hand.
 *
 * What a totals row must equal (any one reading is enough, since the file does not say which
 * one its author meant):
 * - 合计 / 总计: every detail row above it; or, when its label names a fund type
 *   (一般公共预算合计), every row of that fund type. A 合计 placed before any detail row (a
 *   summary line under the header) is checked against the whole file at the end instead.
 * - 小计: the detail rows since the previous totals row; or all rows so far of the unit, the
 *   project or the fund type of the detail row just above it; or of the fund type its label names.
 * Only the amount cells the totals row fills are compared; empty cells are not checked.
 */

import { GROUP_KEY_FIELDS } from '../group-key';
import { FenLedger } from '../money';
import type { Amounts } from '../vocabulary';
import { EXPORT_FIELDS, type FieldSpec } from './export-fields';
import type { GroupSums, KeyField } from './group-aggregator';

/** The figures a totals row is checked on (an initial-budget total is read but not compared). */
const CHECKED_FIELDS = ['budget', 'spentThisMonth', 'spentToDate'] as const;
type CheckedField = (typeof CHECKED_FIELDS)[number];

import type { DetectedHeader } from './header-detection';
import type { IssueSink } from './issue-collector';
import { messages } from './issue-messages';
import { readAmount } from './read-amount';
import type { TotalsCandidate, TotalsKind, TotalsScope } from './totals-scope';

/** 小计 wins over 合计 ("小计合计" is still a subtotal). */
export function totalsKindOf(texts: readonly string[]): TotalsKind | null {
  let grand = false;
  for (const text of texts) {
    if (text.includes('小计')) return 'sub';
    if (text.includes('合计') || text.includes('总计')) grand = true;
  }
  return grand ? 'grand' : null;
}

export type TotalsCheck =
  | { status: 'match' }
  /** Some detail rows in scope had unreadable amounts: their errors are reported already. */
  | { status: 'unverifiable' }
  /** A 合计 above all detail rows: check it with `checkDeferred` once the file has been read. */
  | { status: 'deferred' }
  | { status: 'mismatch'; candidates: TotalsCandidate[] };

/** One key field's value per detail row; null where the row's value is unreadable. */
export type RowKey = Record<KeyField, string | null>;

/**
 * The key field whose values a totals row's label may name (一般公共预算合计): the one with a
 * fixed vocabulary (the fund type).
 */
const LABELLED_FIELD = GROUP_KEY_FIELDS.find(
  (field) => (EXPORT_FIELDS[field] as FieldSpec).values !== undefined,
);
const LABEL_VALUES: readonly string[] =
  LABELLED_FIELD === undefined ? [] : ((EXPORT_FIELDS[LABELLED_FIELD] as FieldSpec).values ?? []);

/**
 * Ledger rows of the running sums (see FenLedger for why not bigint fields): the blocks of
 * detail rows closed by a totals row, and the current block. The whole file's sums are the two
 * added, so a detail row is added once, not twice (every row of a million-row file).
 */
const CLOSED = 0;
const SEGMENT = 1;
const COLUMNS = 3;

/** A `TotalsTracker`'s state as plain data (see `TotalsTracker.state`). */
export interface TrackerState {
  /** The whole file's so far, then the current block's: budget, this month, to date. */
  sums: bigint[];
  allTainted: boolean;
  detailRows: number;
  segmentTainted: boolean;
  last: RowKey | null;
  tainted: [KeyField, string[]][];
}

function matches(stated: Partial<Amounts>, expected: Amounts): boolean {
  for (const field of ['budget', 'spentThisMonth', 'spentToDate'] as const) {
    const value = stated[field];
    if (value !== undefined && value !== expected[field]) return false;
  }
  return true;
}

export class TotalsTracker {
  /** Two accounts (CLOSED, SEGMENT) × (budget, spentThisMonth, spentToDate). */
  private readonly sums = new FenLedger(COLUMNS, 2);
  private allTainted = false;
  private detailRows = 0;
  private segmentTainted = false;
  /** The key of the detail row just above (a 小计 may total its unit, project, fund type ...). */
  private last: RowKey | null = null;
  private readonly tainted = new Map<KeyField, Set<string>>(
    GROUP_KEY_FIELDS.map((field) => [field, new Set()]),
  );

  constructor() {
    this.sums.addRow(); // CLOSED
    this.sums.addRow(); // SEGMENT
  }

  /** What the tracker has seen, as plain data (a byte range read alone, see `absorb`). */
  state(): TrackerState {
    const all = this.snapshot('all');
    const segment = this.snapshot('segment');
    const sums = [
      all.budget,
      all.spentThisMonth,
      all.spentToDate,
      segment.budget,
      segment.spentThisMonth,
      segment.spentToDate,
    ];
    return {
      sums,
      allTainted: this.allTainted,
      detailRows: this.detailRows,
      segmentTainted: this.segmentTainted,
      last: this.last,
      tainted: [...this.tainted].map(([field, values]) => [field, [...values]]),
    };
  }

  /**
   * Adds what a later byte range's tracker saw, as if its rows had come after this one's: the
   * range must have had no totals row (its block of detail rows goes on from this one's).
   */
  absorb(state: TrackerState): void {
    for (let column = 0; column < COLUMNS; column++) {
      const all = state.sums[column] as bigint;
      const segment = state.sums[COLUMNS + column] as bigint;
      this.sums.add(CLOSED, column, all - segment);
      this.sums.add(SEGMENT, column, segment);
    }
    this.allTainted ||= state.allTainted;
    this.detailRows += state.detailRows;
    this.segmentTainted ||= state.segmentTainted;
    if (state.last !== null) this.last = state.last;
    for (const [field, values] of state.tainted)
      for (const value of values) this.tainted.get(field)?.add(value);
  }

  /** A detail row with readable amounts. Sums per key value come from the groups. */
  addDetail(budget: bigint, spentThisMonth: bigint, spentToDate: bigint, key: RowKey): void {
    this.detailRows++;
    this.sums.add(SEGMENT, 0, budget);
    this.sums.add(SEGMENT, 1, spentThisMonth);
    this.sums.add(SEGMENT, 2, spentToDate);
    this.last = key;
  }

  /** A detail row whose amounts could not be read: no sum that includes it can be checked. */
  taint(key: RowKey): void {
    this.detailRows++;
    this.allTainted = true;
    this.segmentTainted = true;
    this.taintGroup(key);
  }

  /**
   * A detail row with readable amounts whose group could not be formed (a bad code or fund
   * type): the block and file sums include it, the sums per key value cannot.
   */
  taintGroup(key: RowKey): void {
    for (const field of GROUP_KEY_FIELDS) this.tainted.get(field)?.add(key[field] ?? '');
    this.last = key;
  }

  /**
   * Checks a totals row and starts a new block of detail rows.
   * @param labelValue a value of the labelled key field (a fund type) named in the row's label cells, if any
   */
  check(
    kind: TotalsKind,
    stated: Partial<Amounts>,
    groups: GroupSums,
    labelValue: string | null,
  ): TotalsCheck {
    let result: TotalsCheck;
    if (kind === 'grand' && this.detailRows === 0) result = { status: 'deferred' };
    else result = this.evaluate(this.candidates(kind, groups, labelValue), stated);
    for (let column = 0; column < COLUMNS; column++)
      this.sums.add(CLOSED, column, this.sums.get(SEGMENT, column));
    this.sums.reset(SEGMENT);
    this.segmentTainted = false;
    return result;
  }

  /** A deferred 合计 (see `check`), against the whole file. */
  checkDeferred(stated: Partial<Amounts>, groups: GroupSums, labelValue: string | null): TotalsCheck {
    return this.evaluate(this.candidates('grand', groups, labelValue), stated);
  }

  private candidates(kind: TotalsKind, groups: GroupSums, labelValue: string | null): LazyCandidate[] {
    const list: LazyCandidate[] = [];
    if (kind === 'grand') {
      const all = this.snapshot('all');
      list.push({ scope: 'all', code: null, tainted: this.allTainted, expected: () => all });
    } else {
      const segment = this.snapshot('segment');
      list.push({ scope: 'segment', code: null, tainted: this.segmentTainted, expected: () => segment });
      // Every key field's value of the row just above, in the key's order.
      for (const field of GROUP_KEY_FIELDS) {
        const value = this.last?.[field] ?? null;
        if (value === null || (field === LABELLED_FIELD && value === labelValue)) continue;
        list.push(this.candidate(field, value, groups));
      }
    }
    if (labelValue !== null && LABELLED_FIELD !== undefined)
      list.push(this.candidate(LABELLED_FIELD, labelValue, groups));
    return list;
  }

  private candidate(field: KeyField, value: string, groups: GroupSums): LazyCandidate {
    const tainted = this.tainted.get(field);
    return {
      scope: field,
      code: value,
      // An unreadable fund type could be any: it taints every fund type's sum.
      tainted: tainted?.has(value) === true || (field === LABELLED_FIELD && tainted?.has('') === true),
      expected: () => groups.sumFor(field, value),
    };
  }

  private snapshot(scope: 'all' | 'segment'): Amounts {
    const sum = (column: number) =>
      this.sums.get(SEGMENT, column) + (scope === 'all' ? this.sums.get(CLOSED, column) : 0n);
    return { budget: sum(0), spentThisMonth: sum(1), spentToDate: sum(2) };
  }

  /** Candidates are summed lazily: most totals rows match the first one, and the others cost a scan. */
  private evaluate(list: LazyCandidate[], stated: Partial<Amounts>): TotalsCheck {
    for (const candidate of list) if (matches(stated, candidate.expected())) return { status: 'match' };
    if (list.some((candidate) => candidate.tainted)) return { status: 'unverifiable' };
    return {
      status: 'mismatch',
      candidates: list.map(({ scope, code, expected }) => ({ scope, code, expected: expected() })),
    };
  }
}

interface LazyCandidate {
  scope: TotalsScope;
  code: string | null;
  tainted: boolean;
  expected: () => Amounts;
}

/** The first amount the totals row states that differs from `expected`. */
export function firstDifference(stated: Partial<Amounts>, expected: Amounts): CheckedField | null {
  for (const field of ['budget', 'spentToDate', 'spentThisMonth'] as const) {
    const value = stated[field];
    if (value !== undefined && value !== expected[field]) return field;
  }
  return null;
}

/** 合计 rows above the detail rows, kept for the end-of-file check; a real file has one or two. */
const MAX_DEFERRED_TOTALS = 20;

export interface PendingTotalsRow {
  kind: TotalsKind;
  stated: Partial<Amounts>;
  labelValue: string | null;
  line: number;
  record: string[];
}

/**
 * Recognises totals rows among the rows without codes, and checks each against the detail rows
 * (through the tracker and the groups summed so far), reporting mismatches.
 */
export class TotalsRows {
  readonly tracker = new TotalsTracker();
  private readonly deferred: PendingTotalsRow[] = [];
  /** Totals rows met so far (each is checked against the rows above it). */
  seen = 0;

  /** 合计 rows above the detail rows, waiting for the end of the file. */
  get waiting(): readonly PendingTotalsRow[] {
    return this.deferred;
  }

  /**
   * Takes over the waiting 合计 rows and what the tracker saw of a byte range read alone (the
   * file's first range: `first`), or adds a later range's rows to the tracker (see
   * `TotalsTracker.absorb`).
   */
  absorb(state: TrackerState, waiting: readonly PendingTotalsRow[]): void {
    this.tracker.absorb(state);
    this.deferred.push(...waiting);
  }

  constructor(
    private readonly header: DetectedHeader,
    private readonly groups: GroupSums,
    private readonly issues: IssueSink,
  ) {}

  /** @returns true when the row was a totals row (checked, not counted). */
  offer(record: string[], line: number, unitCode: string, projectCode: string): boolean {
    const { columns, scales, textColumns } = this.header;
    // Any text cell may carry the label: 合计 under 单位名称, 小计 under 资金性质, ...
    const labels = textColumns.map((index) => record[index] as string);
    const kind = totalsKindOf(labels);
    if (kind === null) return false;
    // A code cell may hold the label (合计) but never a real code.
    if (
      (unitCode !== '' && totalsKindOf([unitCode]) === null) ||
      (projectCode !== '' && totalsKindOf([projectCode]) === null)
    ) {
      return false;
    }
    const stated: Partial<Amounts> = {};
    let readable = true;
    for (const field of CHECKED_FIELDS) {
      const index = columns[field];
      if (index === -1) continue;
      const raw = record[index] as string;
      if (raw.trim() === '') continue;
      const reading = readAmount(field, raw, scales[field]);
      if (reading.ok) {
        stated[field] = reading.fen;
      } else {
        readable = false;
        this.issues.error(reading.code, line, index, raw, reading.message);
      }
    }
    const labelValue = LABEL_VALUES.find((value) => labels.some((text) => text.includes(value))) ?? null;
    this.seen++;
    const check = this.tracker.check(kind, readable ? stated : {}, this.groups, labelValue);
    const row: PendingTotalsRow = { kind, stated, labelValue, line, record };
    if (check.status === 'mismatch') this.reportMismatch(row, check.candidates);
    else if (check.status === 'deferred' && this.deferred.length < MAX_DEFERRED_TOTALS) {
      // Copy only what the message needs; the record array is not kept.
      this.deferred.push({ ...row, record: [...record] });
    }
    return true;
  }

  /** 合计 rows above all detail rows are checked against the whole file once it has been read. */
  finish(): void {
    for (const row of this.deferred) {
      const check = this.tracker.checkDeferred(row.stated, this.groups, row.labelValue);
      if (check.status === 'mismatch') this.reportMismatch(row, check.candidates);
    }
    this.deferred.length = 0;
  }

  private reportMismatch(row: PendingTotalsRow, candidates: TotalsCandidate[]): void {
    const primary = candidates[0];
    if (primary === undefined) return;
    const field = firstDifference(row.stated, primary.expected) ?? 'budget';
    const index = this.header.columns[field];
    this.issues.error(
      'TOTALS_MISMATCH',
      row.line,
      index,
      row.record[index] ?? null,
      messages.totalsMismatch(row.kind, field, row.stated[field] ?? 0n, candidates),
    );
  }
}
