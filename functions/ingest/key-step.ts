/**
 * What handling one event (or re-check) of a key did: its result, and — when it recorded an
 * outcome under a stamp — what settling that outcome needs. The handlers that change a key
 * (`commitCurrent`, `syncVersions`) return this instead of settling themselves, so settling
 * and the re-checks it leads to are driven from one place (`settle-and-recheck.ts`) and no
 * module of the chain imports its own caller.
 */
import type { FileResult } from './ingest-deps';
import type { IssueDetail } from './write-status';

export interface KeyStep {
  result: FileResult;
  /** Null when nothing was recorded (superseded, gone): there is nothing to settle. */
  settle: { stamp: string; detail?: IssueDetail } | null;
}

export const unsettled = (result: FileResult): KeyStep => ({ result, settle: null });

export const settledAt = (result: FileResult, stamp: string, detail?: IssueDetail): KeyStep => ({
  result,
  settle: detail === undefined ? { stamp } : { stamp, detail },
});

/**
 * A commit attempt that found its stamp recorded already: by another delivery of it (settled
 * again: the earlier one may have crashed before settling) or by a newer version (nothing to do).
 */
export const unfinishedStep = (
  attempt: { kind: 'duplicate' | 'superseded'; reason: string },
  period: string,
  stamp: string,
): KeyStep => {
  const result: FileResult = { outcome: attempt.kind, rows: 0, groups: 0, period, reason: attempt.reason };
  return attempt.kind === 'duplicate' ? settledAt(result, stamp) : unsettled(result);
};
