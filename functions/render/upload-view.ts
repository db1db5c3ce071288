/** A head as the uploads page shows it. */
import type { UploadView } from '../../shared/render/uploads-page';
import type { SourceHead } from '../store/source-head';

export function uploadViewOf(head: SourceHead): UploadView {
  return {
    key: head.key,
    status: head.status ?? 'pending',
    period: head.period,
    livePeriod: head.active?.period ?? null,
    rows: head.rows,
    sha256: head.sha256,
    processedAt: head.processedAt,
    errors: head.errors,
    errorCount: head.errorCount,
    warnings: head.warnings,
  };
}
