/**
 * The same event again (S3 and SQS deliver at least once), after its outcome was recorded:
 * finish whatever a crashed earlier delivery left undone. No attempt at a recorded stamp can
 * commit any more, so leases it never gave back protect nothing and are freed.
 */
import { stampOfGeneration } from '../common/sequencer';
import type { SourceHead } from '../store/source-head';
import type { FileResult, IngestDeps } from './ingest-deps';
import { settledAt } from './key-step';
import { settleAndRecheck } from './settle-and-recheck';

export async function finishRecorded(
  deps: IngestDeps,
  head: SourceHead,
  stamp: string,
  result: FileResult,
): Promise<FileResult> {
  for (const generation of head.generations) {
    if (stampOfGeneration(generation.gen) === stamp) {
      await deps.store.releaseLeaseOf(generation.period, head.key, generation.gen);
    }
  }
  return settleAndRecheck(deps, head.key, settledAt(result, stamp));
}
