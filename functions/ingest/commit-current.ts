/**
 * On an unversioned bucket (s3rver in local mode) a key holds only its current bytes: the
 * version an ObjectCreated event is about (its ETag must still match), or — for a re-check —
 * whatever the key holds now.
 *
 *   read + validate → valid: commit under the period's lease
 *                   → invalid or conflicting: the rejection is recorded and the last accepted
 *                     data stays live (its bytes are gone, so nothing older can be looked at).
 *
 * The caller settles what was recorded (`settle-and-recheck.ts`).
 *
 * Versioned buckets go through `syncVersions` instead.
 */
import { createHash } from 'node:crypto';
import { generationId, VERSION_TAG_LENGTH } from '../common/sequencer';
import type { Blocker, VersionOutcome } from '../store/source-head';
import { checkVersion } from './check-version';
import { commitUnderLease } from './commit-under-lease';
import type { IngestDeps } from './ingest-deps';
import { type KeyStep, settledAt, unfinishedStep, unsettled } from './key-step';
import { detailOf } from './write-status';

export interface EventVersion {
  versionId: string | null;
  eTag: string | null;
}

export async function commitCurrent(
  deps: IngestDeps,
  key: string,
  stamp: string,
  event: EventVersion | null,
): Promise<KeyStep> {
  const check = await checkVersion(deps, key, stamp, event?.versionId ?? null, event?.eTag ?? null);
  if (check.kind === 'gone') return skipped('object no longer exists');
  // Unversioned: the bytes are not the event's; the newer event processes them.
  if (check.kind === 'replaced') return skipped('object replaced since the event');

  let rejected: { outcome: VersionOutcome; blockedBy: Blocker[] };
  if (check.kind === 'valid') {
    // A re-check reads whatever is current: tag its generation with the bytes it read, so two
    // re-checks at one stamp that read different bytes never share a generation.
    const tag =
      event === null
        ? createHash('sha256').update(check.version.sha256).digest('hex').slice(0, VERSION_TAG_LENGTH)
        : null;
    const version = { ...check.version, gen: generationId(stamp, tag) };
    const attempt = await commitUnderLease(deps, version, check.upload, { blockedBy: [] });
    if (attempt.kind === 'accepted') {
      return settledAt(
        { outcome: 'accepted', rows: version.rows, groups: check.groups.length, period: version.period },
        stamp,
        detailOf(version),
      );
    }
    if (attempt.kind !== 'conflict') return unfinishedStep(attempt, version.period, stamp);
    rejected = { outcome: attempt.outcome, blockedBy: attempt.blocker === null ? [] : [attempt.blocker] };
  } else {
    rejected = { outcome: check.outcome, blockedBy: [] };
  }

  const write = await deps.store.recordRejection(rejected.outcome, { blockedBy: rejected.blockedBy });
  if (write === 'superseded') return skipped('a newer version is recorded');
  return settledAt(
    {
      outcome: check.kind === 'valid' ? 'conflict' : 'rejected',
      rows: rejected.outcome.rows,
      groups: 0,
      period: rejected.outcome.period,
    },
    stamp,
    detailOf(rejected.outcome),
  );
}

function skipped(reason: string): KeyStep {
  return unsettled({ outcome: 'superseded', rows: 0, groups: 0, period: null, reason });
}
