/**
 * A key whose newest valid version was kept out by another key's live version is checked again
 * once that holder let go (docs/contract.md §3.1, moves converge: `aws s3 mv` copies, the copy conflicts
 * with the original, then the original's deletion frees the groups). The re-check is recorded
 * under a stamp just above the key's recorded one (`recheckStamp`), so it can never displace a
 * later S3 event of the key, and a later event makes a pending re-check a no-op.
 */
import { recheckStamp } from '../common/sequencer';
import type { SourceHead } from '../store/source-head';
import { commitCurrent } from './commit-current';
import type { FileResult, IngestDeps } from './ingest-deps';
import { MAX_RECHECK_DEPTH, RecheckDepthError } from './settle-key';
import { syncVersions } from './sync-versions';
import { isVersionId } from './upload-bucket';

export async function recheckKey(deps: IngestDeps, head: SourceHead, depth: number): Promise<FileResult> {
  if (depth > MAX_RECHECK_DEPTH) {
    throw new RecheckDepthError(`re-checks nested ${depth} deep at ${head.key}; the message is retried`);
  }
  if (head.sequencer === null) throw new Error(`re-check of ${head.key} before any outcome was recorded`);
  const stamp = recheckStamp(head.sequencer);
  const result = isVersionId(head.versionId)
    ? await syncVersions(deps, head.key, stamp, head, null, depth)
    : await commitCurrent(deps, head.key, stamp, null, depth);
  deps.telemetry.logger.info('file re-checked', {
    key: head.key,
    sequencer: stamp,
    outcome: result.outcome,
    period: result.period,
    rows: result.rows,
    groups: result.groups,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
  });
  return result;
}
