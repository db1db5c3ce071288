/**
 * An object version was created. On a versioned bucket the key is synced with the versions S3
 * holds (`syncVersions`: normally this version is the newest, and if valid it becomes live;
 * if not, the newest valid one below it does). On an unversioned bucket the current bytes are
 * validated and, if valid, made live; if not, the last accepted data stays.
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
import { settleAndRecheck } from './settle-and-recheck';
import { supersededByNewer } from './superseded-by-newer';
import { syncVersions } from './sync-versions';
import { isVersionId } from './upload-bucket';

export { IncompleteReadError, MAX_STORED_ISSUES } from './check-version';

export async function ingestCreated(deps: IngestDeps, event: ObjectEvent): Promise<FileResult> {
  const { key, sequencer } = event;
  const head = await deps.store.getHead(key);
  if (head?.sequencer != null && head.sequencer >= sequencer) {
    if (head.sequencer > sequencer) return supersededByNewer(deps.store, key);
    return finishRecorded(deps, head, sequencer, {
      outcome: 'duplicate',
      rows: head.rows,
      groups: head.groups,
      period: head.period,
    });
  }
  const step = isVersionId(event.versionId)
    ? await syncVersions(deps, key, sequencer, head, event.versionId)
    : await commitCurrent(deps, key, sequencer, { versionId: null, eTag: event.eTag });
  return settleAndRecheck(deps, key, step);
}
