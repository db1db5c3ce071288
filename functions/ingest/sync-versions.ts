/**
 * On a versioned bucket the live version of a key is derived from what S3 holds for it now,
 * never from one event alone (docs/contract.md §3.1):
 *
 *   the key's current run = its versions newer than its newest delete marker, newest first
 *   (empty: the key is deleted) → walk it: the live version already → it stays; a valid version
 *   that no other key's live version conflicts with → it becomes live; anything else (invalid,
 *   conflicting) → the next older one. Nothing found → nothing of the key is live.
 *   The status describes the newest version.
 *
 * Everything is recorded under the stamp of the event (or re-check) being handled, with the
 * usual newer-stamp-wins condition, and every outcome that changes anything records its stamp:
 * the handling of a key's last change reads the final state and records, and any older event
 * handled after it finds a newer stamp and does nothing. That is what makes the table converge
 * to a rebuild whatever the order of events.
 */
import { createHash } from 'node:crypto';
import { runBeganOf } from '../common/holder-rule';
import { generationId, VERSION_TAG_LENGTH } from '../common/sequencer';
import type { Blocker, SourceHead, VersionOutcome } from '../store/source-head';
import { checkVersion, type VersionCheck } from './check-version';
import { commitUnderLease } from './commit-under-lease';
import type { IngestDeps } from './ingest-deps';
import { type KeyStep, settledAt, unfinishedStep, unsettled } from './key-step';
import { detailOf } from './write-status';

/** Versions looked at, newest first; older ones are treated as if they did not exist. */
export const MAX_VERSIONS_WALKED = 50;

/** Distinguishes the lines of different versions written at one stamp. */
const versionTag = (versionId: string) =>
  createHash('sha256').update(versionId).digest('hex').slice(0, VERSION_TAG_LENGTH);

/**
 * @param ownVersionId the version an ObjectCreated event is about: its lines are generation
 *   `stamp` itself; any other version's get `stamp~<tag>` (two deliveries at one stamp that
 *   found different versions never share a generation).
 */
export async function syncVersions(
  deps: IngestDeps,
  key: string,
  stamp: string,
  head: SourceHead | null,
  ownVersionId: string | null,
): Promise<KeyStep> {
  const { store } = deps;
  const listing = await deps.uploads.versions(key);
  const markerAt = listing.findIndex((entry) => entry.deleteMarker);
  const run = (markerAt === -1 ? listing : listing.slice(0, markerAt)).slice(0, MAX_VERSIONS_WALKED);
  // The whole run counts for when it began, not only the versions walked.
  const runBegan = runBeganOf(listing);

  if (run.length === 0) {
    // Recorded even when nothing was ever live: an older event handled later must find this stamp.
    const write = await store.recordDeletion(key, stamp, deps.now().toISOString());
    if (write === 'superseded') return skipped('a newer version is recorded');
    return settledAt({ outcome: 'deleted', rows: 0, groups: 0, period: head?.active?.period ?? null }, stamp);
  }
  const activeId = head?.active?.versionId ?? null;
  if (
    activeId !== null &&
    run[0]?.versionId === activeId &&
    head?.versionId === activeId &&
    head.runBegan === runBegan
  ) {
    // A noncurrent version went away (or came back below the current one): nothing changes.
    return unsettled({
      outcome: 'ignored',
      rows: 0,
      groups: 0,
      period: null,
      reason: 'the live version is the current one',
    });
  }

  let latest: VersionOutcome | null = null;
  // Every version kept out names its holder: any of them letting go may make one live.
  const blockers: Blocker[] = [];
  // Whether the newest version lost to a conflict rather than being invalid.
  let conflicted = false;
  for (const [index, entry] of run.entries()) {
    // The live version is still current below rejected newer ones: it stays.
    if (index > 0 && entry.versionId === activeId) {
      return record(deps, stamp, latest, blockers, conflicted, false);
    }
    const check = withRun(await checkVersion(deps, key, stamp, entry.versionId, null), runBegan);
    if (check.kind === 'gone' || check.kind === 'replaced') continue;
    if (check.kind === 'rejected') {
      latest ??= check.outcome;
      continue;
    }
    const tag = entry.versionId === ownVersionId ? null : versionTag(entry.versionId);
    const version = { ...check.version, gen: generationId(stamp, tag) };
    const attempt = await commitUnderLease(deps, version, check.upload, {
      ...(latest === null ? {} : { latest }),
      blockedBy: blockers,
    });
    if (attempt.kind === 'accepted') {
      const shown = latest ?? version;
      return settledAt(
        {
          outcome: latest === null ? 'accepted' : conflicted ? 'conflict' : 'rejected',
          rows: shown.rows,
          groups: check.groups.length,
          period: version.period,
          ...(latest === null ? {} : { reason: 'an older valid version is live' }),
        },
        stamp,
        detailOf(shown),
      );
    }
    if (attempt.kind !== 'conflict') return unfinishedStep(attempt, version.period, stamp);
    if (latest === null) conflicted = true;
    latest ??= attempt.outcome;
    const { blocker } = attempt;
    if (blocker !== null && !blockers.some((known) => known.key === blocker.key)) blockers.push(blocker);
  }
  // No version of the current run can be live: whatever was live is not among them any more.
  return record(deps, stamp, latest, blockers, conflicted, head?.active != null);
}

async function record(
  deps: IngestDeps,
  stamp: string,
  latest: VersionOutcome | null,
  blockers: Blocker[],
  conflicted: boolean,
  retract: boolean,
): Promise<KeyStep> {
  // Every version went away while it was read: their removals' events follow.
  if (latest === null) return skipped('every version went away meanwhile');
  const write = await deps.store.recordRejection(latest, { blockedBy: blockers, retract });
  if (write === 'superseded') return skipped('a newer version is recorded');
  return settledAt(
    { outcome: conflicted ? 'conflict' : 'rejected', rows: latest.rows, groups: 0, period: latest.period },
    stamp,
    detailOf(latest),
  );
}

/** Every version of the run is judged as part of the run: its start decides who holds a group. */
function withRun(check: VersionCheck, runBegan: string | null): VersionCheck {
  if (check.kind === 'rejected') return { ...check, outcome: { ...check.outcome, runBegan } };
  if (check.kind === 'valid') return { ...check, version: { ...check.version, runBegan } };
  return check;
}

function skipped(reason: string): KeyStep {
  return unsettled({ outcome: 'superseded', rows: 0, groups: 0, period: null, reason });
}
