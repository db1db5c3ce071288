/**
 * The public JSON of a validation (docs/contract.md §6), shared by `budget validate --json` and the
 * status records the pipeline writes next to each upload. Exactly these keys, nothing more:
 * stable codes and groups are internal.
 */
import type { ValidationResult } from '../domain-types';
import { formatYuan } from '../money';
import { type PublicIssue, toPublicIssue } from './public-issue';

export type ValidateJsonIssue = PublicIssue;

export interface ValidateJson {
  valid: boolean;
  period: { year: number; month: number } | null;
  rows: number;
  totals: { budget: string; spentThisMonth: string; spentToDate: string };
  errors: ValidateJsonIssue[];
  warnings: ValidateJsonIssue[];
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
    errors: result.errors.map(toPublicIssue),
    warnings: result.warnings.map(toPublicIssue),
  };
}
