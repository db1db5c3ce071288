/**
 * An object (or one version of it) was removed, or a delete marker was created or removed.
 * On a versioned bucket the event alone does not say what is live now — deleting the current
 * version or removing a delete marker brings an older version back — so the key is synced with
 * what S3 holds (`syncVersions`). On an unversioned bucket a removal retracts, unless the key
 * was uploaded again since (its own event follows).
 */
import type { ObjectEvent } from '../common/s3-notification';
import { finishRecorded } from './finish-recorded';
import type { FileResult, IngestDeps } from './ingest-deps';
import { settledAt } from './key-step';
import { settleAndRecheck } from './settle-and-recheck';
import { supersededByNewer } from './superseded-by-newer';
import { syncVersions } from './sync-versions';
import { isVersionId } from './upload-bucket';

export async function ingestRemoved(deps: IngestDeps, event: ObjectEvent): Promise<FileResult> {
  const { store } = deps;
  const { key, sequencer } = event;

  const head = await store.getHead(key);
  if (head?.sequencer != null && head.sequencer >= sequencer) {
    if (head.sequencer > sequencer) return supersededByNewer(store, key);
    return finishRecorded(deps, head, sequencer, { outcome: 'duplicate', rows: 0, groups: 0, period: null });
  }
  if (isVersionId(event.versionId)) {
    return settleAndRecheck(deps, key, await syncVersions(deps, key, sequencer, head, null));
  }

  if (await deps.uploads.exists(key)) {
    return {
      outcome: 'ignored',
      rows: 0,
      groups: 0,
      period: null,
      reason: 'the key still has a current object',
    };
  }
  const write = await store.recordDeletion(key, sequencer, deps.now().toISOString());
  if (write === 'superseded') {
    await store.reconcileSource(key);
    return { outcome: 'superseded', rows: 0, groups: 0, period: null, reason: 'a newer version is recorded' };
  }
  return settleAndRecheck(
    deps,
    key,
    settledAt({ outcome: 'deleted', rows: 0, groups: 0, period: head?.active?.period ?? null }, sequencer),
  );
}
