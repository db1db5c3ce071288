/**
 * The upload bucket's key layout (docs/contract.md §2.3, §5), defined once for the handlers,
 * the stack's notifications and IAM scopes, the local runtime, rebuild and the CLI:
 *
 * - users upload under `incoming/` (exports) and `indicators/` (indicator files);
 * - the pipeline answers every upload with `status/<upload key>.json`, or — when that would be
 *   longer than S3 allows (1,024 bytes) or its file name longer than {@link MAX_STATUS_NAME_BYTES}
 *   (s3rver stores objects as files, and file systems cap a name at 255 bytes) —
 *   `status/by-hash/<sha256 of the key>.json`, with the upload key inside the record: every
 *   key S3 accepts gets a status (docs/contract.md §2.3).
 *
 * Prefixes are matched exactly (S3 notification prefix filters are case-sensitive); the file
 * type is read from the extension in any letter case. Nothing outside this file filters
 * uploads by suffix: the stack and the local runtime deliver every object under an upload
 * prefix, and the ingest handler decides, so no upload can vanish without a status.
 */

import { createHash } from 'node:crypto';

export const INCOMING_PREFIX = 'incoming/';
export const INDICATORS_PREFIX = 'indicators/';
/** Where users upload; each object created or removed under one of these is the handler's to answer. */
export const UPLOAD_PREFIXES = [INCOMING_PREFIX, INDICATORS_PREFIX] as const;
export const STATUS_PREFIX = 'status/';
export const STATUS_SUFFIX = '.json';

/** What an upload is, by its prefix: a budget-execution export or an indicator file. */
export type UploadKind = 'export' | 'indicators';

export function uploadKindOf(key: string): UploadKind | null {
  if (key.startsWith(INCOMING_PREFIX)) return 'export';
  if (key.startsWith(INDICATORS_PREFIX)) return 'indicators';
  return null;
}

/** Any object users upload (under `incoming/` or `indicators/`), whatever its name. */
export function isUploadKey(key: string): boolean {
  return uploadKindOf(key) !== null;
}

export function isExportKey(key: string): boolean {
  return uploadKindOf(key) === 'export';
}

export function isIndicatorKey(key: string): boolean {
  return uploadKindOf(key) === 'indicators';
}

/**
 * How an upload is read, by its extension in any letter case: CSV text, an Office Open XML
 * workbook, or anything else (legacy `.xls`, `.et`, `.ods`, `.numbers`, `.pdf`, no extension…),
 * which is answered with a rejection that says to save as `.xlsx` or UTF-8 CSV (§2.1).
 */
export type UploadFileType = 'csv' | 'xlsx' | 'unsupported';

export function uploadFileTypeOf(key: string): UploadFileType {
  const name = key.toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.xlsx')) return 'xlsx';
  return 'unsupported';
}

/**
 * The uploads whose content the ingest handler reads: exports and indicator files, CSV and
 * `.xlsx`. Every other upload key is answered too (a rejection saying to save as .xlsx or
 * UTF-8 CSV), unread.
 */
export function isReadableUpload(key: string): boolean {
  return isUploadKey(key) && uploadFileTypeOf(key) !== 'unsupported';
}

/** S3's longest key, in UTF-8 bytes. */
export const MAX_S3_KEY_BYTES = 1024;

/**
 * The longest file name (last path segment) a status key may have as `<name>.json`: s3rver
 * stores an object as `<name>._S3rver_metadata.json` and friends (22 bytes more), file systems
 * allow 255, and the same rule holds on AWS so that both name a key's status alike.
 */
export const MAX_STATUS_NAME_BYTES = 200;

/** Where the status of a key too long for `status/<key>.json` lives. */
export const HASHED_STATUS_PREFIX = `${STATUS_PREFIX}by-hash/`;

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** `incoming/x.csv` → `status/incoming/x.csv.json`; a key too long for that → `status/by-hash/<sha256>.json`. */
export function statusKeyFor(uploadKey: string): string {
  const plain = `${STATUS_PREFIX}${uploadKey}${STATUS_SUFFIX}`;
  const name = plain.slice(plain.lastIndexOf('/') + 1);
  if (Buffer.byteLength(plain) <= MAX_S3_KEY_BYTES && Buffer.byteLength(name) <= MAX_STATUS_NAME_BYTES)
    return plain;
  return `${HASHED_STATUS_PREFIX}${sha256Hex(uploadKey)}${STATUS_SUFFIX}`;
}

/**
 * The upload key a plain status key names (the inverse of {@link statusKeyFor}); null for
 * other keys and for hashed status keys (see {@link hashedStatusKeyOf}).
 */
export function uploadKeyOfStatus(statusKey: string): string | null {
  if (!statusKey.startsWith(STATUS_PREFIX) || !statusKey.endsWith(STATUS_SUFFIX)) return null;
  const key = statusKey.slice(STATUS_PREFIX.length, -STATUS_SUFFIX.length);
  return isUploadKey(key) ? key : null;
}

/** The sha256 a hashed status key names, or null. */
export function hashedStatusKeyOf(statusKey: string): string | null {
  if (!statusKey.startsWith(HASHED_STATUS_PREFIX) || !statusKey.endsWith(STATUS_SUFFIX)) return null;
  const hash = statusKey.slice(HASHED_STATUS_PREFIX.length, -STATUS_SUFFIX.length);
  return /^[0-9a-f]{64}$/.test(hash) ? hash : null;
}

/** Whether `uploadKey`'s status is the hashed one named `hash`. */
export const isKeyOfHashedStatus = (uploadKey: string, hash: string): boolean =>
  sha256Hex(uploadKey) === hash;

/** A status record the pipeline wrote (what the render notification delivers). */
export function isStatusKey(key: string): boolean {
  return uploadKeyOfStatus(key) !== null || hashedStatusKeyOf(key) !== null;
}

/**
 * Keys in S3 event notifications are form-encoded: a space arrives as `+` and every other
 * byte outside the unreserved set as `%XX`. A literal `+` arrives as `%2B`, so `+` must be
 * turned into a space before percent-decoding, never after.
 */
export function decodeEventKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

/**
 * The inverse, for emulators whose events carry raw keys (s3rver): form encoding as S3 does
 * it, so a space is `+` and every byte outside the unreserved set is `%XX` (UTF-8); `/` stays.
 */
export function encodeEventKey(key: string): string {
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~/]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
