/**
 * A problem found in an upload, in the public shape `budget validate --json` prints and the
 * status records and uploads page carry: `{line, column, value, message}` (the domain's
 * internal `code` stays internal).
 */
import { z } from 'zod';
import type { ValidationIssue } from '../../shared/domain-types';

export const publicIssueSchema = z.object({
  line: z.number().int().min(0),
  column: z.string().nullable(),
  value: z.string().nullable(),
  message: z.string(),
});

export type PublicIssue = z.infer<typeof publicIssueSchema>;

export function toPublicIssue(issue: ValidationIssue): PublicIssue {
  return { line: issue.line, column: issue.column, value: issue.value, message: issue.message };
}
