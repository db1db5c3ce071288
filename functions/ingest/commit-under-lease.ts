/**
 * A valid version becomes its key's live data, or is found to conflict because another object
 * already holds one of its groups. The check and the commit happen under the period's lease, so
 * two files claiming the same group can never both pass the check before either commits.
 *
 *   register the generation (cleanup will know where its lines may be)
 *   → take the period's lease
 *       → re-read the head: a newer stamp (or this one, by a duplicate delivery) recorded
 *         meanwhile means there is nothing left to do
 *       → conflict check against the live lines of other keys: on a conflict nothing is
 *         written here (the caller may still make an older version live, then records)
 *       → write the lines of the new generation, then flip the head (the commit point)
 *   → give the lease back
 *
 * On an error the lease is given back unless this attempt took it over from an earlier attempt
 * at the same generation that may still be running: that one could still commit, so the lease
 * stays until it expires or a redelivery finishes the stamp.
 */

import { precedes } from '../common/holder-rule';
import {
  type Blocker,
  type CommitVersion,
  DISPLACED_GEN,
  type GroupConflict,
  type RecordOptions,
  type SourceHead,
  type VersionOutcome,
} from '../store/source-head';
import type { IngestDeps } from './ingest-deps';
import type { ValidatedUpload } from './validated-upload';

export type CommitAttempt =
  | { kind: 'accepted' }
  | { kind: 'conflict'; outcome: VersionOutcome; blocker: Blocker | null }
  | { kind: 'duplicate' | 'superseded'; reason: string };

export async function commitUnderLease(
  deps: IngestDeps,
  version: CommitVersion,
  upload: ValidatedUpload,
  options: RecordOptions = {},
): Promise<CommitAttempt> {
  const { store } = deps;
  const { key, sequencer: stamp, period } = version;
  const generation = { period, gen: version.gen ?? stamp };

  await store.registerGeneration(key, generation);
  const lease = await store.acquirePeriodLease(period, key, generation.gen);
  let attempt: CommitAttempt;
  try {
    attempt = await checkAndCommit(deps, version, upload, options);
  } catch (error) {
    if (!lease.tookOver) await store.releasePeriodLease(lease);
    throw error;
  }
  await store.releasePeriodLease(lease);
  // A lost flip leaves this attempt's own lines: remove them now (cleanup of a won flip and of
  // the previous generation is the caller's settle step).
  if (attempt.kind === 'superseded') await store.reconcileSource(key, generation);
  return attempt;
}

async function checkAndCommit(
  deps: IngestDeps,
  version: CommitVersion,
  upload: ValidatedUpload,
  options: RecordOptions,
): Promise<CommitAttempt> {
  const { store } = deps;
  const { key, sequencer: stamp, period } = version;

  const head = await store.getHead(key);
  if (head?.sequencer != null && head.sequencer >= stamp) {
    if (head.sequencer === stamp) return { kind: 'duplicate', reason: 'recorded by another delivery' };
    return { kind: 'superseded', reason: 'a newer version is recorded' };
  }

  // Under the lease a holder's live version is the one whose line was found (a removal may
  // still take it away: that only frees groups).
  const holders: { conflict: GroupConflict; head: SourceHead | null }[] = [];
  for (const conflict of await store.findHolders(key, period, upload.groups)) {
    holders.push({ conflict, head: await store.getHead(conflict.holder) });
  }
  const claimant = { key, runBegan: version.runBegan };
  const earlier = holders.find(({ conflict, head }) =>
    precedes({ key: conflict.holder, runBegan: head?.runBegan ?? null }, claimant),
  );
  if (earlier !== undefined) {
    const { conflict, head } = earlier;
    return {
      kind: 'conflict',
      outcome: {
        ...version,
        errors: [upload.conflict(period, conflict.group, conflict.holder, head?.runBegan ?? null)],
        errorCount: 1,
      },
      blocker:
        head?.active != null
          ? {
              key: conflict.holder,
              gen: head.active.gen,
              period: head.active.period,
              runBegan: head.runBegan,
            }
          : null,
    };
  }
  // This file precedes every holder: it takes their groups (docs/contract.md §3.1, the holder rule).
  for (const { head } of holders) await displaceHolder(deps, head, key);

  await upload.write(store, key, version.gen ?? stamp, period);
  if ((await store.commitVersion(version, options)) === 'superseded') {
    return { kind: 'superseded', reason: 'a newer version committed first' };
  }
  return { kind: 'accepted' };
}

/** A holder changed between the conflict check and its displacement; the message is retried. */
export class HolderChangedError extends Error {
  override name = 'HolderChangedError';
}

/**
 * Takes a later holder's live version away (under the period's lease). The note under the
 * claimant comes first: whatever happens next, the claimant's settle re-checks the holder, which
 * then keeps whatever of its versions the claimant leaves it, or is rejected naming it.
 */
async function displaceHolder(deps: IngestDeps, head: SourceHead | null, by: string): Promise<void> {
  // Retracted meanwhile (removals need no lease): its groups are free already.
  if (head?.active == null || head.sequencer === null) return;
  const { gen, period } = head.active;
  await deps.store.putWaiter(by, {
    key: head.key,
    stamp: head.sequencer,
    gen: DISPLACED_GEN,
    period,
    runBegan: null,
  });
  const write = await deps.store.displace({ holder: head.key, sequencer: head.sequencer, gen, period, by });
  if (write === 'superseded') {
    throw new HolderChangedError(
      `${head.key} changed while ${by} was taking its groups; the message is retried`,
    );
  }
  deps.telemetry.logger.info('holder displaced', { key: head.key, by, period, gen });
}
