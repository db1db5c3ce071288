/**
 * What render is asked to do. A status object for an upload key changed (S3 → SQS, or a
 * plain S3 event locally), or `{"kind":"render-all"}` from rebuild: everything, including
 * removing snapshots of periods that no longer have data.
 */
import * as z from 'zod';
import { hashedStatusKeyOf, isKeyOfHashedStatus, uploadKeyOfStatus } from '../common/object-key';
import { parseS3Notification, parseS3NotificationBody } from '../common/s3-notification';
import type { PipelineReader } from '../store/pipeline-reader';

export type RenderRequest = { kind: 'all' } | { kind: 'keys'; keys: string[] };

export const renderAllEventSchema = z.object({ kind: z.literal('render-all') });

/**
 * Upload keys whose status objects the notification reports; other objects are not ours. A
 * hashed status key (an upload key too long to appear in it) is passed on as it is, for
 * {@link resolveStatusKeys}.
 */
export function statusKeysOf(events: ReturnType<typeof parseS3Notification>): string[] {
  const keys: string[] = [];
  for (const event of events) {
    if (event.kind === 'ignored' || event.key === null) continue;
    const key = uploadKeyOfStatus(event.key) ?? (hashedStatusKeyOf(event.key) === null ? null : event.key);
    if (key !== null) keys.push(key);
  }
  return keys;
}

/**
 * Hashed status keys turned back into the upload keys they stand for, by hashing the keys the
 * table knows (one query of the heads, only when such a key was named: uploads with keys near
 * S3's 1,024 bytes are rare).
 */
export async function resolveStatusKeys(store: PipelineReader, keys: string[]): Promise<string[]> {
  const hashes = new Set(keys.flatMap((key) => hashedStatusKeyOf(key) ?? []));
  if (hashes.size === 0) return keys;
  const resolved = keys.filter((key) => hashedStatusKeyOf(key) === null);
  for (const head of await store.listHeads()) {
    for (const hash of hashes) if (isKeyOfHashedStatus(head.key, hash)) resolved.push(head.key);
  }
  return resolved;
}

export function keysOfBody(body: string): string[] {
  return statusKeysOf(parseS3NotificationBody(body));
}

export function keysOfS3Event(event: unknown): string[] {
  return statusKeysOf(parseS3Notification(event));
}
