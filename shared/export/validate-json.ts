/**
 * The public JSON of a validation (docs/contract.md §6), shared by `budget validate --json` and the
 * status records the pipeline writes next to each upload. Exactly these keys, nothing more:
 * stable codes and groups are internal.
 */
import type { ValidationResult } from '../domain-types';
import { formatYuan } from '../format';
import { type PublicIssue, toPublicIssue } from './public-issue';

export type ValidateJsonIssue = PublicIssue;

export interface ValidateJson {
  valid: boolean;
  period: { year: number; month: number } | null;
  rows: number;
  /** `budgetInitial` only when the file has initial budgets (年初预算数). */
  totals: { budgetInitial?: string; budget: string; spentThisMonth: string; spentToDate: string };
  errors: ValidateJsonIssue[];
  warnings: ValidateJsonIssue[];
  /** Field → the header text it was read from, so a user sees how the file was understood. */
  mapping?: Record<string, string>;
}

export function toValidateJson(result: ValidationResult): ValidateJson {
  return {
    valid: result.valid,
    period: result.period === null ? null : { year: result.period.year, month: result.period.month },
    rows: result.rows,
    totals: {
      ...(result.totals.budgetInitial === undefined
        ? {}
        : { budgetInitial: formatYuan(result.totals.budgetInitial) }),
      budget: formatYuan(result.totals.budget),
      spentThisMonth: formatYuan(result.totals.spentThisMonth),
      spentToDate: formatYuan(result.totals.spentToDate),
    },
    errors: result.errors.map(toPublicIssue),
    warnings: result.warnings.map(toPublicIssue),
    ...(result.mapping === undefined ? {} : { mapping: result.mapping }),
  };
}
