/**
 * What render is asked to do. A status object for an upload key changed (S3 → SQS, or a
 * plain S3 event locally), or `{"kind":"render-all"}` from rebuild: everything, including
 * removing snapshots of periods that no longer have data.
 */
import * as z from 'zod';
import { uploadKeyOfStatus } from '../common/object-key';
import { parseS3Notification, parseS3NotificationBody } from '../common/s3-notification';

export type RenderRequest = { kind: 'all' } | { kind: 'keys'; keys: string[] };

export const renderAllEventSchema = z.object({ kind: z.literal('render-all') });

/** Upload keys whose status objects the notification reports; other objects are not ours. */
export function statusKeysOf(events: ReturnType<typeof parseS3Notification>): string[] {
  const keys: string[] = [];
  for (const event of events) {
    if (event.kind === 'ignored' || event.key === null) continue;
    const key = uploadKeyOfStatus(event.key);
    if (key !== null) keys.push(key);
  }
  return keys;
}

export function keysOfBody(body: string): string[] {
  return statusKeysOf(parseS3NotificationBody(body));
}

export function keysOfS3Event(event: unknown): string[] {
  return statusKeysOf(parseS3Notification(event));
}
