/**
 * An object was removed: retract its contribution. With versioning, a removal event may be
 * the permanent deletion of an old version while a current one remains; the key still
 * exists then and its data stays.
 */
import type { ObjectEvent } from '../common/s3-notification';
import type { FileResult, IngestDeps } from './ingest-deps';
import { supersededByNewer } from './superseded-by-newer';
import { writeStatusIfCurrent } from './write-status';

export async function ingestRemoved(deps: IngestDeps, event: ObjectEvent): Promise<FileResult> {
  const { store } = deps;
  const { key, sequencer } = event;

  const head = await store.getHead(key);
  if (head?.sequencer != null && head.sequencer >= sequencer) {
    if (head.sequencer > sequencer) return supersededByNewer(store, key);
    await store.reconcileSource(key);
    await writeStatusIfCurrent(deps, key, sequencer);
    return { outcome: 'duplicate', rows: 0, groups: 0, period: null };
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
  await store.reconcileSource(key);
  if (write === 'superseded') {
    return { outcome: 'superseded', rows: 0, groups: 0, period: null, reason: 'a newer version is recorded' };
  }
  await writeStatusIfCurrent(deps, key, sequencer);
  return { outcome: 'deleted', rows: 0, groups: 0, period: head?.active?.period ?? null };
}
