/**
 * Keys in S3 event notifications are form-encoded: a space arrives as `+` and every other
 * byte outside the unreserved set as `%XX`. A literal `+` arrives as `%2B`, so `+` must be
 * turned into a space before percent-decoding, never after.
 */
export function decodeEventKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

export const INCOMING_PREFIX = 'incoming/';
export const STATUS_PREFIX = 'status/';
const STATUS_SUFFIX = '.json';

/** Uploads the pipeline reads: CSV exports under `incoming/`. */
export function isIncomingCsv(key: string): boolean {
  return key.startsWith(INCOMING_PREFIX) && key.toLowerCase().endsWith('.csv');
}

/** `incoming/x.csv` → `status/incoming/x.csv.json`. */
export function statusKeyFor(uploadKey: string): string {
  return `${STATUS_PREFIX}${uploadKey}${STATUS_SUFFIX}`;
}

/** The inverse of {@link statusKeyFor}; null for keys that are not status records. */
export function uploadKeyOfStatus(statusKey: string): string | null {
  if (!statusKey.startsWith(STATUS_PREFIX) || !statusKey.endsWith(STATUS_SUFFIX)) return null;
  const key = statusKey.slice(STATUS_PREFIX.length, -STATUS_SUFFIX.length);
  return key === '' ? null : key;
}
