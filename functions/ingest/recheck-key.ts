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
import type { IngestDeps } from './ingest-deps';
import type { KeyStep } from './key-step';
import { syncVersions } from './sync-versions';
import { isVersionId } from './upload-bucket';

export async function recheckKey(deps: IngestDeps, head: SourceHead): Promise<KeyStep> {
  if (head.sequencer === null) throw new Error(`re-check of ${head.key} before any outcome was recorded`);
  const stamp = recheckStamp(head.sequencer);
  const step = isVersionId(head.versionId)
    ? await syncVersions(deps, head.key, stamp, head, null)
    : await commitCurrent(deps, head.key, stamp, null);
  const { result } = step;
  deps.telemetry.logger.info('file re-checked', {
    key: head.key,
    sequencer: stamp,
    outcome: result.outcome,
    period: result.period,
    rows: result.rows,
    groups: result.groups,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
  });
  return step;
}
