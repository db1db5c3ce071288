/**
 * An object version was created: validate it and, if valid, make it the key's live data; if
 * not, the key's other current versions decide (versioned buckets) or the last accepted data
 * stays (unversioned).
 *
 * Order (each step idempotent, the head update the only commit point):
 *   head check → stream + validate → register the generation → under the period's lease:
 *   conflict check, write lines of the new generation, conditional head flip → give the
 *   lease back → settle (cleanup, conflict notes and re-checks, status object).
 * A crash anywhere leaves either the old data live or the new data live, and a redelivery
 * of the same event finishes the job.
 */
import type { ObjectEvent } from '../common/s3-notification';
import { commitCurrent } from './commit-current';
import { finishRecorded } from './finish-recorded';
import type { FileResult, IngestDeps } from './ingest-deps';
import { supersededByNewer } from './superseded-by-newer';

export { IncompleteReadError, MAX_STORED_ISSUES } from './check-version';

export async function ingestCreated(deps: IngestDeps, event: ObjectEvent): Promise<FileResult> {
  const { key, sequencer } = event;
  const head = await deps.store.getHead(key);
  if (head?.sequencer != null && head.sequencer >= sequencer) {
    if (head.sequencer > sequencer) return supersededByNewer(deps.store, key);
    await finishRecorded(deps, head, sequencer);
    return { outcome: 'duplicate', rows: head.rows, groups: head.groups, period: head.period };
  }
  return commitCurrent(deps, key, sequencer, { versionId: event.versionId, eTag: event.eTag });
}
