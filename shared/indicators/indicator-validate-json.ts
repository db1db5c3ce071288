/**
 * The public JSON of an indicator file's validation: what `budget validate --json` prints for
 * one, and where the status record's errors and warnings come from. The issues have the very
 * shape of an export's (`{line, column, value, message}`).
 */
import { toPublicIssue } from '../export/public-issue';
import type { ValidateJsonIssue } from '../export/validate-json';
import { add, ratioToDecimalString, ZERO } from '../rational';
import type { IndicatorValidationResult } from './indicator-validation';

export interface IndicatorValidateJson {
  valid: boolean;
  kind: 'indicators';
  year: number | null;
  rows: number;
  /** Each set: its project code (`部门整体` for the department), name, indicator count and weight sum. */
  sets: { projectCode: string; projectName: string; indicators: number; weight: string }[];
  errors: ValidateJsonIssue[];
  warnings: ValidateJsonIssue[];
}

export function toIndicatorValidateJson(result: IndicatorValidationResult): IndicatorValidateJson {
  return {
    valid: result.valid,
    kind: 'indicators',
    year: result.year,
    rows: result.rows,
    sets: result.sets.map((set) => ({
      projectCode: set.projectCode,
      projectName: set.projectName,
      indicators: set.indicators.length,
      weight: ratioToDecimalString(set.indicators.reduce((sum, row) => add(sum, row.weight), ZERO)),
    })),
    errors: result.errors.map(toPublicIssue),
    warnings: result.warnings.map(toPublicIssue),
  };
}
