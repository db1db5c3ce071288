/**
 * What the validation of one byte range of a CSV found, as plain data (it is posted from a
 * worker thread): a parallel reading (shared/csv/parallel-validation.ts) validates each range
 * on its own and `ExportValidation.absorb` adds them up in file order. Everything a later row's
 * verdict can depend on is here — the first period, the first name and level of each project
 * and unit and whether a conflict was already reported — so the merge can tell whether the
 * ranges read alone said exactly what one reading of the whole file says, and refuse otherwise.
 */
import type { Period, ProjectLevel, ValidationIssue } from '../domain-types';
import type { AggregatorState } from './aggregator-state';
import type { DetectedHeader } from './header-detection';
import type { PendingTotalsRow, TrackerState } from './totals-rows';

export interface IssuesSoFar {
  /** The first ones, up to the cap, with the range's own line numbers. */
  kept: ValidationIssue[];
  count: number;
}

export interface RangeState {
  /** The header the range was read under: found in it (the first range) or handed to it. */
  header: DetectedHeader | null;
  /** Reading stopped on a problem after which nothing more is read (the file's verdict is that). */
  fatal: boolean;
  rows: number;
  /** The period of the range's first detail row that has one. */
  period: Period | null;
  /** Per project code: the first non-empty name, that row's level, and whether a level conflict was reported. */
  projects: Map<string, { name: string; level: ProjectLevel; levelWarned: boolean }>;
  /** Per unit code: the first non-empty name, and whether a name conflict was reported. */
  unitNames: Map<string, { name: string; warned: boolean }>;
  errors: IssuesSoFar;
  warnings: IssuesSoFar;
  /** Totals rows met (checked against the rows above them: a later range alone cannot). */
  totalsRows: number;
  /** 合计 rows above every detail row, to be checked against the whole file. */
  waitingTotalsRows: PendingTotalsRow[];
  /** What the totals rows are checked against: the sums of the rows so far, and more. */
  totals: TrackerState;
  groups: AggregatorState;
}
