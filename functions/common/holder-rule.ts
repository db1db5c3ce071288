/**
 * Which file holds a group that several files claim (docs/contract.md §3, §3.1): the key whose
 * **current run of versions began first** — its oldest version newer than its newest delete
 * marker, by S3's `LastModified` in whole seconds — ties broken by the key (code-unit order).
 *
 * A function of the bucket alone, so that live ingest (whatever the order events arrive in)
 * and `budget rebuild` (which feeds keys in exactly this order) agree. A corrected re-upload
 * to the holder's key continues its run and keeps its groups; a file uploaded under a new key
 * (a copy, a move) starts a run of its own; deleting a key ends its run, and an undelete
 * (removing the delete marker) brings the old run back with its old start. On a bucket that
 * keeps no versions (s3rver in local mode) a key's run is its current object alone.
 *
 * Seconds, because that is what S3 keeps (listings carry `.000Z`, and `Last-Modified`
 * headers have no milliseconds): the same run start is read from a listing and from GetObject.
 */

/** A claimant of groups: its key and when its current run began (null: not known, sorts first). */
export interface Claimant {
  key: string;
  /** ISO 8601 in whole seconds, e.g. `2021-12-03T08:00:00Z`. */
  runBegan: string | null;
}

/** S3's LastModified (epoch ms) as a run start: whole seconds, ISO. */
export function runStartOf(lastModifiedMs: number): string {
  const seconds = Math.floor(lastModifiedMs / 1000) * 1000;
  return `${new Date(seconds).toISOString().slice(0, 19)}Z`;
}

/**
 * When a key's current run began, from its versions newest first: the oldest entry above the
 * newest delete marker. Null when the run is empty (the key is deleted).
 */
export function runBeganOf(
  versions: readonly { deleteMarker: boolean; lastModified: number }[],
): string | null {
  const markerAt = versions.findIndex((entry) => entry.deleteMarker);
  const run = markerAt === -1 ? versions : versions.slice(0, markerAt);
  let oldest: number | null = null;
  for (const entry of run)
    oldest = oldest === null ? entry.lastModified : Math.min(oldest, entry.lastModified);
  return oldest === null ? null : runStartOf(oldest);
}

/** Negative when `a` holds over `b`: the earlier run start, then the smaller key. */
export function compareClaimants(a: Claimant, b: Claimant): number {
  const since =
    (a.runBegan ?? '') < (b.runBegan ?? '') ? -1 : (a.runBegan ?? '') > (b.runBegan ?? '') ? 1 : 0;
  if (since !== 0) return since;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Whether `a` keeps a group that `b` claims too. */
export const precedes = (a: Claimant, b: Claimant): boolean => compareClaimants(a, b) < 0;
