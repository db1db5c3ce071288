/**
 * Reads one version of an upload (streamed through SHA-256 into the validator, never held
 * whole) and says what it is: gone, replaced since the event (unversioned buckets), rejected
 * with its problems, or valid with its groups, ready to commit.
 */

import { unsupportedFileResult } from '../../shared/export/unsupported-file';
import { toValidateJson } from '../../shared/export/validate-json';
import { runStartOf } from '../common/holder-rule';
import { capIssue } from '../common/issue-bounds';
import { uploadFileTypeOf, uploadKindOf } from '../common/object-key';
import type { CommitVersion, GroupKey, VersionOutcome } from '../store/source-head';
import { hashingStream, sha256Of } from './hashing-stream';
import type { IngestDeps } from './ingest-deps';
import { exportUpload, indicatorUpload, type ValidatedUpload } from './validated-upload';

/** Issues kept in the status object; `errorCount` keeps the full number. */
export const MAX_STORED_ISSUES = 100;

export class IncompleteReadError extends Error {
  override name = 'IncompleteReadError';
}

export type VersionCheck =
  | { kind: 'gone' }
  | { kind: 'replaced' }
  | { kind: 'rejected'; outcome: VersionOutcome }
  | { kind: 'valid'; version: CommitVersion; groups: GroupKey[]; upload: ValidatedUpload };

/**
 * `versionId` null reads the current bytes; `expectedETag` (unversioned buckets) makes bytes
 * other than the event's count as `replaced`: a newer event for the key is on its way.
 */
export async function checkVersion(
  deps: IngestDeps,
  key: string,
  stamp: string,
  versionId: string | null,
  expectedETag: string | null,
): Promise<VersionCheck> {
  const object = await deps.uploads.open(key, versionId);
  if (object === null) return { kind: 'gone' };
  if (versionId === null && expectedETag !== null && object.etag !== null && object.etag !== expectedETag) {
    object.abort();
    return { kind: 'replaced' };
  }
  const runBegan = object.lastModified === null ? null : runStartOf(object.lastModified);

  // Neither CSV nor .xlsx (a legacy .xls, .et, .ods, .pdf…): never parsed, only hashed, so the
  // same bytes uploaded again are recognised (one alert per content, §5.1).
  if (uploadFileTypeOf(key) === 'unsupported') {
    const result = unsupportedFileResult(key);
    return {
      kind: 'rejected',
      outcome: {
        key,
        sequencer: stamp,
        period: null,
        rows: 0,
        sha256: await sha256Of(object.body),
        etag: object.etag ?? expectedETag,
        versionId: object.versionId,
        groups: 0,
        totals: result.totals,
        errors: toValidateJson(result).errors,
        errorCount: 1,
        warnings: [],
        processedAt: deps.now().toISOString(),
        runBegan,
      },
    };
  }

  const hashed = hashingStream(object.body);
  // An export or an indicator file: the same versioning for both (`validated-upload.ts`).
  let upload: ValidatedUpload;
  try {
    upload =
      uploadKindOf(key) === 'indicators'
        ? indicatorUpload(await deps.validateIndicators(hashed.chunks, key))
        : exportUpload(await deps.validate(hashed.chunks, key));
  } finally {
    if (hashed.digest() === null) object.abort();
  }
  const sha256 = hashed.digest();
  const { period } = upload;
  const outcome: VersionOutcome = {
    key,
    sequencer: stamp,
    period,
    rows: upload.rows,
    sha256,
    etag: object.etag ?? expectedETag,
    versionId: object.versionId,
    groups: upload.groups.length,
    totals: upload.totals,
    // The same error objects `budget validate --json` prints, each capped (messages echo values).
    errors: upload.errors.slice(0, MAX_STORED_ISSUES).map(capIssue),
    errorCount: upload.errorCount,
    warnings: upload.warnings.slice(0, MAX_STORED_ISSUES).map(capIssue),
    processedAt: deps.now().toISOString(),
    runBegan,
  };

  if (!upload.valid || period === null) return { kind: 'rejected', outcome };
  const tooLong = deps.store.storageProblem(key, upload.groups);
  if (tooLong !== null) {
    return {
      kind: 'rejected',
      outcome: {
        ...outcome,
        errors: [{ line: 0, column: null, value: null, message: tooLong }],
        errorCount: 1,
      },
    };
  }
  if (sha256 === null) throw new IncompleteReadError(`validation of ${key} succeeded without reading it all`);
  return { kind: 'valid', version: { ...outcome, period, sha256 }, groups: upload.groups, upload };
}
