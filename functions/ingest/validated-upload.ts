/**
 * What ingest needs of a validated upload, whatever its kind: an export's groups and lines, or
 * an indicator file's sets. Both go through the same versioning (generation, period lease,
 * conflict check, conditional flip, cleanup), so replacement, deletion, idempotence and
 * convergence hold for indicator files exactly as for exports.
 */
import type { Amounts, ValidationResult } from '../../shared/domain-types';
import type { PublicIssue } from '../../shared/export/public-issue';
import { toValidateJson } from '../../shared/export/validate-json';
import { toIndicatorValidateJson } from '../../shared/indicators/indicator-validate-json';
import type { IndicatorValidationResult } from '../../shared/indicators/indicator-validation';
import { formatPeriodId, formatYearId } from '../../shared/period-id';
import { indicatorSetGroup } from '../store/dynamodb/indicator-set-item';
import type { PipelineWriter } from '../store/pipeline-writer';
import type { GroupKey } from '../store/source-head';
import { conflictIssue, indicatorSetConflictIssue } from './conflict-issue';

export interface ValidatedUpload {
  valid: boolean;
  /** `YYYY-MM` for an export, `YYYY` for an indicator file; null when it could not be read. */
  period: string | null;
  rows: number;
  totals: Amounts | null;
  errors: PublicIssue[];
  errorCount: number;
  warnings: PublicIssue[];
  /** The groups the file claims: an export's (unit, project, fund type), an indicator file's sets. */
  groups: GroupKey[];
  /** Writes the file's items as generation `gen` (invisible until the head flips to it). */
  write(store: PipelineWriter, key: string, gen: string, period: string): Promise<void>;
  /** The rejection when another file's live version holds one of the groups (`since`: its run start). */
  conflict(period: string, group: GroupKey, holder: string, since: string | null): PublicIssue;
}

export function exportUpload(result: ValidationResult): ValidatedUpload {
  // The same error objects `budget validate --json` prints.
  const published = toValidateJson(result);
  return {
    valid: result.valid,
    period: result.period === null ? null : formatPeriodId(result.period),
    rows: result.rows,
    totals: result.totals,
    errors: published.errors,
    errorCount: Math.max(result.errorCount, result.errors.length),
    warnings: published.warnings,
    groups: result.groups,
    write: (store, key, gen, period) => store.putLines(key, gen, period, result.groups),
    conflict: conflictIssue,
  };
}

export function indicatorUpload(result: IndicatorValidationResult): ValidatedUpload {
  const published = toIndicatorValidateJson(result);
  return {
    valid: result.valid,
    period: result.year === null ? null : formatYearId(result.year),
    rows: result.rows,
    totals: null,
    errors: published.errors,
    errorCount: Math.max(result.errorCount, result.errors.length),
    warnings: published.warnings,
    groups: result.sets.map((set) => indicatorSetGroup(set.projectCode)),
    write: (store, key, gen, period) => store.putIndicatorSets(key, gen, period, result.sets),
    conflict: indicatorSetConflictIssue,
  };
}
