/** An upload's view as render files it in the table, checked on the way back in. */
import * as z from 'zod';
import { publicIssueSchema } from '../../shared/export/public-issue';
import type { UploadView } from '../../shared/render/uploads-page';

export const uploadViewSchema: z.ZodType<UploadView> = z.object({
  key: z.string(),
  status: z.enum(['accepted', 'rejected', 'superseded', 'deleted', 'pending']),
  period: z.string().nullable(),
  livePeriod: z.string().nullable(),
  rows: z.number().int(),
  sha256: z.string().nullable(),
  processedAt: z.string().nullable(),
  errors: z.array(publicIssueSchema),
  errorCount: z.number().int(),
  warnings: z.array(publicIssueSchema),
});
