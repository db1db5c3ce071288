/**
 * `status/<key>.json` in the upload bucket: what became of an upload. Written by ingest as its
 * last step (its creation is what triggers render); read by `budget upload` and people.
 */
import * as z from 'zod';
import { publicIssueSchema } from '../../shared/export/public-issue';

const yuan = z.string().regex(/^-?\d+\.\d{2}$/);

export const uploadStatusSchema = z.enum(['accepted', 'rejected', 'superseded', 'deleted']);
export type UploadStatus = z.infer<typeof uploadStatusSchema>;

export const statusRecordSchema = z.object({
  key: z.string(),
  status: uploadStatusSchema,
  /** `YYYY-MM` of the file, null when it could not be determined or the object was deleted. */
  period: z.string().nullable(),
  rows: z.number().int().min(0),
  sha256: z.string().nullable(),
  errors: z.array(publicIssueSchema),
  /** How many errors there were in all; `errors` holds at most a capped number. */
  errorCount: z.number().int().min(0),
  warnings: z.array(publicIssueSchema),
  processedAt: z.string(),
  sequencer: z.string(),
  etag: z.string().nullable(),
  versionId: z.string().nullable(),
  totals: z.object({ budget: yuan, spentThisMonth: yuan, spentToDate: yuan }).nullable(),
});

export type StatusRecord = z.infer<typeof statusRecordSchema>;
