/**
 * The status record is rendered from the head, never from in-memory results, so a redelivery
 * that finds the head already written can restore a status object whose write was lost.
 */
import { formatYuan } from '../../shared/format';
import type { StatusRecord } from '../common/status-record';
import type { SourceHead } from '../store/source-head';

export function statusFromHead(head: SourceHead): StatusRecord | null {
  if (head.sequencer === null || head.status === null || head.processedAt === null) return null;
  return {
    key: head.key,
    status: head.status,
    period: head.period,
    rows: head.rows,
    sha256: head.sha256,
    errors: head.errors,
    errorCount: head.errorCount,
    warnings: head.warnings,
    processedAt: head.processedAt,
    sequencer: head.sequencer,
    etag: head.etag,
    versionId: head.versionId,
    totals:
      head.totals === null
        ? null
        : {
            budget: formatYuan(head.totals.budget),
            spentThisMonth: formatYuan(head.totals.spentThisMonth),
            spentToDate: formatYuan(head.totals.spentToDate),
          },
  };
}
