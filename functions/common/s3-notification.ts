/**
 * S3 event notifications, parsed at the boundary. They reach the functions inside SQS
 * messages (AWS) or directly (local mode, a plain S3 event). S3 sends an `s3:TestEvent`
 * message when a notification configuration is saved; it carries no records.
 */
import * as z from 'zod';
import { decodeEventKey } from './object-key';
import { normalizeSequencer } from './sequencer';

const s3RecordSchema = z.object({
  eventName: z.string(),
  eventTime: z.string().optional(),
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({
      key: z.string(),
      size: z.number().optional(),
      eTag: z.string().optional(),
      versionId: z.string().nullish(),
      sequencer: z.string().optional(),
    }),
  }),
});

export const s3EventSchema = z.object({ Records: z.array(s3RecordSchema) });
const s3TestEventSchema = z.object({ Event: z.literal('s3:TestEvent') });

export type ObjectEventKind = 'created' | 'removed';

/** One object change, with the key decoded and the sequencer normalized. */
export interface ObjectEvent {
  kind: ObjectEventKind;
  eventName: string;
  bucket: string;
  key: string;
  sequencer: string;
  /** Without quotes. Absent on removals. */
  eTag: string | null;
  versionId: string | null;
}

/** An event the pipeline has no business with, and why. */
export interface IgnoredEvent {
  kind: 'ignored';
  eventName: string;
  key: string | null;
  reason: string;
}

export class MalformedEventError extends Error {
  override name = 'MalformedEventError';
}

function kindOf(eventName: string): ObjectEventKind | null {
  if (eventName.startsWith('ObjectCreated:')) return 'created';
  // A delete marker hides the object just as a delete does; expiry by lifecycle is a removal too.
  if (eventName.startsWith('ObjectRemoved:') || eventName.startsWith('LifecycleExpiration:Delete'))
    return 'removed';
  return null;
}

export function stripQuotes(eTag: string): string {
  return eTag.replace(/"/g, '');
}

function toObjectEvent(record: z.infer<typeof s3RecordSchema>): ObjectEvent | IgnoredEvent {
  let key: string;
  try {
    key = decodeEventKey(record.s3.object.key);
  } catch (cause) {
    throw new MalformedEventError(`undecodable key ${JSON.stringify(record.s3.object.key)}`, { cause });
  }
  const kind = kindOf(record.eventName);
  if (kind === null)
    return { kind: 'ignored', eventName: record.eventName, key, reason: 'event type not handled' };
  const { sequencer, eTag, versionId } = record.s3.object;
  if (sequencer === undefined)
    throw new MalformedEventError(`no sequencer on ${record.eventName} for ${key}`);
  return {
    kind,
    eventName: record.eventName,
    bucket: record.s3.bucket.name,
    key,
    sequencer: normalizeSequencer(sequencer),
    eTag: eTag === undefined || eTag === '' ? null : stripQuotes(eTag),
    versionId: versionId ?? null,
  };
}

/** An S3 notification (object or test event) into its object events. Throws on anything else. */
export function parseS3Notification(input: unknown): (ObjectEvent | IgnoredEvent)[] {
  if (s3TestEventSchema.safeParse(input).success) {
    return [{ kind: 'ignored', eventName: 's3:TestEvent', key: null, reason: 'S3 test event' }];
  }
  const parsed = s3EventSchema.safeParse(input);
  if (!parsed.success) throw new MalformedEventError(`not an S3 event notification: ${parsed.error.message}`);
  return parsed.data.Records.map(toObjectEvent);
}

/** The JSON body of an SQS message carrying an S3 notification. */
export function parseS3NotificationBody(body: string): (ObjectEvent | IgnoredEvent)[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new MalformedEventError('SQS message body is not JSON', { cause });
  }
  return parseS3Notification(json);
}
