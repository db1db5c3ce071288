/**
 * The shared vocabulary of the pipeline: what a validated export aggregates to.
 * Pure types only; the functions live one concept per file next to this one.
 */

/** Money as integer fen (0.01 yuan). Never a float. */
export type Fen = bigint;

export const FUND_TYPES = [
  '一般公共预算',
  '政府性基金预算',
  '国有资本经营预算',
  '社会保险基金预算',
  '财政专户管理资金',
  '其他资金',
] as const;
export type FundType = (typeof FUND_TYPES)[number];

export const PROJECT_LEVELS = ['一级', '二级'] as const;
export type ProjectLevel = (typeof PROJECT_LEVELS)[number];

export const EXPENDITURE_TYPES = ['基本支出', '项目支出'] as const;
export type ExpenditureType = (typeof EXPENDITURE_TYPES)[number];

/** A budget period: one calendar month of one budget year. */
export interface Period {
  year: number;
  month: number;
}

export interface Amounts {
  /**
   * 年初预算数, when the export states it (docs/contract.md §2.2). The rate always uses `budget`, the
   * adjusted full-year budget; this is shown beside it.
   */
  budgetInitial?: Fen;
  budget: Fen;
  spentThisMonth: Fen;
  spentToDate: Fen;
}

/**
 * One aggregation group of one export: all detail lines sharing
 * (period, unitCode, projectCode, fundType), summed.
 */
export interface GroupLine {
  unitCode: string;
  unitName: string;
  projectCode: string;
  projectName: string;
  projectLevel: ProjectLevel;
  fundType: FundType;
  /** Distinct function codes seen on the group's lines, sorted. */
  functionCodes: string[];
  amounts: Amounts;
  /** The same amounts split by expenditure type (a group's lines may mix both). */
  byExpenditureType: Partial<Record<ExpenditureType, Amounts>>;
  /** How many detail lines were summed into this group. */
  lineCount: number;
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
