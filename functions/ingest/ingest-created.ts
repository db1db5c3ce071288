/**
 * An object version was created: validate it and, if valid, make it the key's live data.
 *
 * Order (each step idempotent, the head update the only commit point):
 *   head check → stream + validate → register the generation → under the period's lease:
 *   conflict check, write lines of the new generation, conditional head flip → give the
 *   lease back → cleanup of older generations → status object.
 * A crash anywhere leaves either the old data live or the new data live, and a redelivery
 * of the same event finishes the job.
 */
import { toValidateJson } from '../../shared/export/validate-json';
import { formatPeriodId } from '../../shared/period-id';
import type { ObjectEvent } from '../common/s3-notification';
import type { VersionOutcome } from '../store/source-head';
import { commitUnderLease } from './commit-under-lease';
import { hashingStream } from './hashing-stream';
import type { FileResult, IngestDeps } from './ingest-deps';
import { supersededByNewer } from './superseded-by-newer';
import { writeStatusIfCurrent } from './write-status';

/** Issues kept on the head and in the status object; `errorCount` keeps the full number. */
export const MAX_STORED_ISSUES = 100;

export class IncompleteReadError extends Error {
  override name = 'IncompleteReadError';
}

export async function ingestCreated(deps: IngestDeps, event: ObjectEvent): Promise<FileResult> {
  const { store } = deps;
  const { key, sequencer } = event;

  const head = await store.getHead(key);
  if (head?.sequencer != null && head.sequencer >= sequencer) {
    if (head.sequencer > sequencer) return supersededByNewer(store, key);
    // The same version again: finish whatever a crashed earlier delivery left undone. Its
    // outcome is recorded, so a lease it never gave back protects nothing any more.
    if (head.period !== null) await store.releaseLeaseOf(head.period, key, sequencer);
    await store.reconcileSource(key);
    await writeStatusIfCurrent(deps, key, sequencer);
    return { outcome: 'duplicate', rows: head.rows, groups: head.groups, period: head.period };
  }

  const object = await deps.uploads.open(key, event.versionId);
  if (object === null) {
    return { outcome: 'superseded', rows: 0, groups: 0, period: null, reason: 'object no longer exists' };
  }
  // Unversioned buckets serve only the latest bytes: if they are not the bytes this event is
  // about, a newer event for the key is on its way and will process them under its sequencer.
  if (event.versionId === null && event.eTag !== null && object.etag !== null && object.etag !== event.eTag) {
    object.abort();
    return {
      outcome: 'superseded',
      rows: 0,
      groups: 0,
      period: null,
      reason: 'object replaced since the event',
    };
  }

  const hashed = hashingStream(object.body);
  let result: Awaited<ReturnType<IngestDeps['validate']>>;
  try {
    result = await deps.validate(hashed.chunks);
  } finally {
    if (hashed.digest() === null) object.abort();
  }
  const sha256 = hashed.digest();
  const period = result.period === null ? null : formatPeriodId(result.period);
  // The same error objects `budget validate --json` prints.
  const published = toValidateJson(result);
  const outcome: VersionOutcome = {
    key,
    sequencer,
    period,
    rows: result.rows,
    sha256,
    etag: object.etag ?? event.eTag,
    versionId: object.versionId,
    groups: result.groups.length,
    totals: result.totals,
    errors: published.errors.slice(0, MAX_STORED_ISSUES),
    errorCount: Math.max(result.errorCount, result.errors.length),
    warnings: published.warnings.slice(0, MAX_STORED_ISSUES),
    processedAt: deps.now().toISOString(),
  };

  if (!result.valid || period === null) return reject(deps, outcome);

  const tooLong = store.storageProblem(key, result.groups);
  if (tooLong !== null) {
    return reject(deps, {
      ...outcome,
      errors: [{ line: 0, column: null, value: null, message: tooLong }],
      errorCount: 1,
    });
  }
  if (sha256 === null) throw new IncompleteReadError(`validation of ${key} succeeded without reading it all`);

  return commitUnderLease(deps, { ...outcome, period, sha256 }, result.groups);
}

async function reject(deps: IngestDeps, outcome: VersionOutcome): Promise<FileResult> {
  const write = await deps.store.recordRejection(outcome);
  if (write === 'superseded') {
    return {
      outcome: 'superseded',
      rows: 0,
      groups: 0,
      period: outcome.period,
      reason: 'a newer version is recorded',
    };
  }
  await writeStatusIfCurrent(deps, outcome.key, outcome.sequencer);
  return { outcome: 'rejected', rows: outcome.rows, groups: 0, period: outcome.period };
}
