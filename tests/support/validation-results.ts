/**
 * Scripted validator results for handler unit tests, which test what ingest does with a
 * result, not validation itself (that is shared/export's, tested there and end to end).
 */

import type { ValidateExport } from '../../functions/ingest/ingest-deps';
import type { GroupLine, ValidationIssue, ValidationResult } from '../../shared/domain-types';

export function validResult(groups: GroupLine[], period = { year: 2021, month: 12 }): ValidationResult {
  return {
    valid: true,
    period,
    rows: groups.length,
    totals: { budget: 0n, spentThisMonth: 0n, spentToDate: 0n },
    errors: [],
    errorCount: 0,
    warnings: [],
    groups,
    bytes: 0,
    encoding: 'utf-8',
  };
}

export function invalidResult(errors: ValidationIssue[]): ValidationResult {
  return {
    valid: false,
    period: { year: 2021, month: 12 },
    rows: 2,
    totals: { budget: 0n, spentThisMonth: 0n, spentToDate: 0n },
    errors,
    errorCount: errors.length,
    warnings: [],
    groups: [],
    bytes: 0,
    encoding: 'utf-8',
  };
}

/** A validator that reads the whole input, as the real one does for a file it accepts. */
export function scriptedValidator(result: ValidationResult): ValidateExport & { bytesRead: () => number } {
  let bytes = 0;
  const validate = async (input: AsyncIterable<Uint8Array>) => {
    for await (const chunk of input) bytes += chunk.byteLength;
    return result;
  };
  return Object.assign(validate, { bytesRead: () => bytes });
}
