/**
 * A valid file becomes its key's live data, or is rejected because another object already
 * holds one of its groups. The check and the commit happen under the period's lease, so two
 * files claiming the same group can never both pass the check before either commits.
 *
 *   register the generation (cleanup will know where its lines may be)
 *   → take the period's lease
 *       → re-read the head: a newer version (or this one, by a duplicate delivery) recorded
 *         meanwhile means there is nothing left to do
 *       → conflict check against the live lines of other keys
 *       → write the lines of the new generation, then flip the head (the commit point)
 *         — or record the conflict as the rejection
 *   → give the lease back → cleanup → status object
 *
 * On an error the lease is given back unless this attempt took it over from an earlier attempt
 * at the same version that may still be running: that one could still commit, so the lease
 * stays until it expires or a redelivery finishes the version.
 */

import type { GroupLine } from '../../shared/domain-types';
import type { CommitVersion } from '../store/source-head';
import { conflictIssue } from './conflict-issue';
import type { FileResult, IngestDeps } from './ingest-deps';
import { writeStatusIfCurrent } from './write-status';

export async function commitUnderLease(
  deps: IngestDeps,
  version: CommitVersion,
  groups: GroupLine[],
): Promise<FileResult> {
  const { store } = deps;
  const { key, sequencer: gen, period } = version;
  const generation = { period, gen };

  await store.registerGeneration(key, generation);
  const lease = await store.acquirePeriodLease(period, key, gen);
  let result: FileResult;
  try {
    result = await checkAndCommit(deps, version, groups);
  } catch (error) {
    if (!lease.tookOver) await store.releasePeriodLease(lease);
    throw error;
  }
  await store.releasePeriodLease(lease);

  // After a lost flip or a conflict this removes this attempt's own lines; after a won flip,
  // the previous generation's.
  await store.reconcileSource(key, generation);
  if (result.outcome === 'accepted' || result.outcome === 'conflict' || result.outcome === 'duplicate') {
    await writeStatusIfCurrent(deps, key, gen);
  }
  return result;
}

async function checkAndCommit(
  deps: IngestDeps,
  version: CommitVersion,
  groups: GroupLine[],
): Promise<FileResult> {
  const { store } = deps;
  const { key, sequencer: gen, period } = version;

  const head = await store.getHead(key);
  if (head?.sequencer != null && head.sequencer >= gen) {
    if (head.sequencer === gen) return { outcome: 'duplicate', rows: head.rows, groups: head.groups, period };
    return { outcome: 'superseded', rows: 0, groups: 0, period, reason: 'a newer version is recorded' };
  }

  const conflict = await store.findConflict(key, period, groups);
  if (conflict !== null) {
    const rejection = {
      ...version,
      errors: [conflictIssue(period, conflict.group, conflict.holder)],
      errorCount: 1,
    };
    if ((await store.recordRejection(rejection)) === 'superseded') {
      return { outcome: 'superseded', rows: 0, groups: 0, period, reason: 'a newer version is recorded' };
    }
    return { outcome: 'conflict', rows: version.rows, groups: 0, period };
  }

  await store.putLines(key, gen, period, groups);
  if ((await store.commitVersion(version)) === 'superseded') {
    return { outcome: 'superseded', rows: 0, groups: 0, period, reason: 'a newer version committed first' };
  }
  return { outcome: 'accepted', rows: version.rows, groups: groups.length, period };
}
