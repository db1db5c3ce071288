/**
 * A problem found in an upload, in the public shape `budget validate --json` prints and the
 * status records and uploads page carry: `{line, column, value, message}`, produced by
 * `toValidateJson` (shared/export); this schema reads them back from the table.
 */
import * as z from 'zod';

export const publicIssueSchema = z.object({
  line: z.number().int().min(0),
  column: z.string().nullable(),
  /** Workbooks only: the cell as Excel names it (`G12`). */
  cell: z.string().optional(),
  value: z.string().nullable(),
  message: z.string(),
});

export type PublicIssue = z.infer<typeof publicIssueSchema>;
