/**
 * The answer to an upload that is neither CSV nor `.xlsx` (docs/contract.md §2.1, §2.3): a
 * rejection like any other, in the same shape, so the CLI, the status record and the uploads
 * page all say what to do. Nothing of the file is parsed (ingest only hashes it): legacy `.xls`
 * in particular is never handed to a parser (the maintained readers of that format have known vulnerabilities).
 */
import type { ValidationResult } from '../domain-types';
import { zeroAmounts } from '../money';
import { IssueCollector } from './issue-collector';
import { messages } from './issue-messages';

export function unsupportedFileResult(name: string): ValidationResult {
  const errors = new IssueCollector(1);
  errors.add('UNSUPPORTED_FILE_TYPE', 0, null, null, messages.unsupportedFileType(name));
  return {
    valid: false,
    period: null,
    rows: 0,
    totals: zeroAmounts(),
    errors: errors.kept,
    errorCount: 1,
    warnings: [],
    groups: [],
    bytes: 0,
    encoding: null,
  };
}
