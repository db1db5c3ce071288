/**
 * The public JSON of a validation (docs/contract.md §6), shared by `budget validate --json` and the
 * status records the pipeline writes next to each upload. Exactly these keys, nothing more:
 * stable codes and groups are internal.
 */
import type { ValidationIssue, ValidationResult } from '../domain-types';
import { formatYuan } from '../money';

export interface ValidateJsonIssue {
  line: number;
  column: string | null;
  /** Workbooks only: the cell as Excel names it (`G12`). */
  cell?: string;
  value: string | null;
  message: string;
}

export interface ValidateJson {
  valid: boolean;
  period: { year: number; month: number } | null;
  rows: number;
  totals: { budget: string; spentThisMonth: string; spentToDate: string };
  errors: ValidateJsonIssue[];
  warnings: ValidateJsonIssue[];
}

function toJsonIssue(issue: ValidationIssue): ValidateJsonIssue {
  const { line, column, cell, value, message } = issue;
  return cell === undefined ? { line, column, value, message } : { line, column, cell, value, message };
}

export function toValidateJson(result: ValidationResult): ValidateJson {
  return {
    valid: result.valid,
    period: result.period === null ? null : { year: result.period.year, month: result.period.month },
    rows: result.rows,
    totals: {
      budget: formatYuan(result.totals.budget),
      spentThisMonth: formatYuan(result.totals.spentThisMonth),
      spentToDate: formatYuan(result.totals.spentToDate),
    },
    errors: result.errors.map(toJsonIssue),
    warnings: result.warnings.map(toJsonIssue),
  };
}
