/**
 * The status object is written last: its creation triggers render, so by then the head and
 * lines it describes are in place. Only the version the head records gets to write it.
 */
import type { IngestDeps } from './ingest-deps';
import { statusFromHead } from './status-from-head';

export async function writeStatusIfCurrent(
  deps: IngestDeps,
  key: string,
  sequencer: string,
): Promise<boolean> {
  const head = await deps.store.getHead(key);
  if (head === null || head.sequencer !== sequencer || head.statusSequencer === sequencer) return false;
  const record = statusFromHead(head);
  if (record === null) return false;
  await deps.uploads.putStatus(record);
  await deps.store.markStatusWritten(key, sequencer);
  return true;
}
