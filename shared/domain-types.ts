/**
 * The shared vocabulary of the pipeline: what a validated export aggregates to.
 * Pure types only; the functions live one concept per file next to this one.
 */

export type { GroupLine } from './group-line';
export type { Amounts, ExpenditureType, Fen, FundType, ProjectLevel } from './vocabulary';
export { EXPENDITURE_TYPES, FUND_TYPES, PROJECT_LEVELS } from './vocabulary';

import type { GroupLine } from './group-line';
import type { Amounts } from './vocabulary';

/** A budget period: one calendar month of one budget year. */
export interface Period {
  year: number;
  month: number;
}

/** One problem found in a file, located where an editor shows it. */
export interface ValidationIssue {
  /** Stable machine code, e.g. `AMOUNT_TOO_PRECISE`. Not part of the public JSON. */
  code: string;
  /** Physical line where the record starts (header = 1); 0 for file-level problems. */
  line: number;
  /** The header text of the column as written in the file, or null for row/file problems. */
  column: string | null;
  /** In a workbook, the cell as Excel names it (`G12`); absent for CSV. */
  cell?: string;
  /** The offending value (truncated to 200 characters), or null. */
  value: string | null;
  /** Plain message, Chinese first then English: `中文说明 / English explanation`. */
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  period: Period | null;
  /** Detail rows counted (totals rows excluded). */
  rows: number;
  totals: Amounts;
  /** At most the configured cap; `errorCount` tells how many there were in all. */
  errors: ValidationIssue[];
  errorCount: number;
  warnings: ValidationIssue[];
  /** Aggregated groups, sorted by (unitCode, projectCode, fundType). Empty when invalid. */
  groups: GroupLine[];
  /** Bytes read from the input. */
  bytes: number;
  /** Detected encoding of the input. */
  encoding: 'utf-8' | 'gb18030' | null;
  /** Which header text each field was read from (`budget → 调整后预算数`); absent without a usable header. */
  mapping?: Record<string, string>;
}
