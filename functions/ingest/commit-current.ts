/**
 * One version made live if it can be: the version an ObjectCreated event is about, or — for a
 * re-check on an unversioned bucket — whatever bytes the key holds now.
 *
 *   read + validate → valid: commit under the period's lease → settle
 *                   → invalid or conflicting: on a versioned bucket the key's other current
 *                     versions decide (`syncVersions`); on an unversioned one the rejection is
 *                     recorded and the last accepted data stays live (its bytes are gone).
 */
import { createHash } from 'node:crypto';
import { generationId } from '../common/sequencer';
import type { Blocker, VersionOutcome } from '../store/source-head';
import { checkVersion } from './check-version';
import { commitUnderLease } from './commit-under-lease';
import type { FileResult, IngestDeps } from './ingest-deps';
import { isVersionId } from './recheck-key';
import { settleKey } from './settle-key';
import { detailOf, syncVersions } from './sync-versions';

export interface EventVersion {
  versionId: string | null;
  eTag: string | null;
}

export async function commitCurrent(
  deps: IngestDeps,
  key: string,
  stamp: string,
  event: EventVersion | null,
  depth = 0,
): Promise<FileResult> {
  const check = await checkVersion(deps, key, stamp, event?.versionId ?? null, event?.eTag ?? null);
  if (check.kind === 'gone') return skipped('object no longer exists');
  // Unversioned: the bytes are not the event's; the newer event processes them.
  if (check.kind === 'replaced') return skipped('object replaced since the event');

  let rejected: { outcome: VersionOutcome; blocker: Blocker | null };
  if (check.kind === 'valid') {
    // A re-check reads whatever is current: tag its generation with the bytes it read, so two
    // re-checks at one stamp that read different bytes never share a generation.
    const tag =
      event === null ? createHash('sha256').update(check.version.sha256).digest('hex').slice(0, 16) : null;
    const version = { ...check.version, gen: generationId(stamp, tag) };
    const attempt = await commitUnderLease(deps, version, check.groups, { blockedBy: null });
    if (attempt.kind === 'accepted') {
      await settleKey(deps, key, stamp, depth, detailOf(version));
      return { outcome: 'accepted', rows: version.rows, groups: check.groups.length, period: version.period };
    }
    if (attempt.kind !== 'conflict') {
      if (attempt.kind === 'duplicate') await settleKey(deps, key, stamp, depth);
      return { outcome: attempt.kind, rows: 0, groups: 0, period: version.period, reason: attempt.reason };
    }
    rejected = { outcome: attempt.outcome, blocker: attempt.blocker };
  } else {
    rejected = { outcome: check.outcome, blocker: null };
  }

  const versionId = check.kind === 'valid' ? check.version.versionId : rejected.outcome.versionId;
  if (isVersionId(versionId)) {
    const head = await deps.store.getHead(key);
    return syncVersions(
      deps,
      key,
      stamp,
      head,
      { versionId, conflict: check.kind === 'valid', ...rejected },
      depth,
    );
  }
  const write = await deps.store.recordRejection(rejected.outcome, { blockedBy: rejected.blocker });
  if (write === 'superseded') return skipped('a newer version is recorded');
  await settleKey(deps, key, stamp, depth, detailOf(rejected.outcome));
  return {
    outcome: check.kind === 'valid' ? 'conflict' : 'rejected',
    rows: rejected.outcome.rows,
    groups: 0,
    period: rejected.outcome.period,
  };
}

function skipped(reason: string): FileResult {
  return { outcome: 'superseded', rows: 0, groups: 0, period: null, reason };
}
