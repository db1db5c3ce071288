/**
 * A problem found in an upload, in its public shape: `{line, column, value, message}`, what
 * `budget validate --json` prints and what status records, the table's heads and the uploads
 * page carry. The stable `code` of a `ValidationIssue` stays internal.
 */
import * as z from 'zod';
import type { ValidationIssue } from '../domain-types';

export const publicIssueSchema = z.object({
  line: z.number().int().min(0),
  column: z.string().nullable(),
  /** Workbooks only: the cell as Excel names it (`G12`). */
  cell: z.string().optional(),
  value: z.string().nullable(),
  message: z.string(),
});

export type PublicIssue = z.infer<typeof publicIssueSchema>;

export function toPublicIssue(issue: ValidationIssue): PublicIssue {
  const { line, column, cell, value, message } = issue;
  return cell === undefined ? { line, column, value, message } : { line, column, cell, value, message };
}
