import type { PipelineWriter } from '../store/pipeline-writer';
import type { FileResult } from './ingest-deps';

/**
 * An event older than what the key's head records, created or removed alike: nothing of it
 * can become live any more, so only cleanup runs, removing what a crashed attempt at it may
 * have left.
 */
export async function supersededByNewer(store: PipelineWriter, key: string): Promise<FileResult> {
  await store.reconcileSource(key);
  return { outcome: 'superseded', rows: 0, groups: 0, period: null, reason: 'a newer version is recorded' };
}
