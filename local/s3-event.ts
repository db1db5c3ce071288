/**
 * S3 notifications and SQS deliveries shaped exactly as AWS sends them, so the handlers
 * run the same code path locally. s3rver's own events differ in the ways that matter:
 * raw (unencoded) keys, no usable sequencer, eventVersion 2.0.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { encodeEventKey } from '../functions/common/object-key';

/**
 * Hands out S3-style sequencers: fixed-width upper-case hex that grows with every event.
 * Seeded from the clock in microseconds, and — given a file under DATA_DIR — never below the
 * last one handed out, in this process or an earlier one: the handlers refuse events older than
 * what they recorded, so a restart after the clock stepped back must not make new uploads look
 * older (docs/contract.md §6.1). The file is read before and written after every sequencer, so a rebuild
 * running beside `npm start` on the same DATA_DIR stays in the same order.
 */
export class Sequencer {
  private last = 0n;
  private readonly now: () => number;
  private readonly file: string | null;

  constructor(options: (() => number) | { now?: () => number; file?: string } = {}) {
    const resolved = typeof options === 'function' ? { now: options } : options;
    this.now = resolved.now ?? Date.now;
    this.file = resolved.file ?? null;
  }

  private persisted(): bigint {
    if (this.file === null) return 0n;
    try {
      const text = readFileSync(this.file, 'utf8').trim();
      return /^[0-9A-F]{1,32}$/.test(text) ? BigInt(`0x${text}`) : 0n;
    } catch {
      return 0n;
    }
  }

  next(): string {
    const floor = this.persisted();
    if (floor > this.last) this.last = floor;
    const fromClock = BigInt(this.now()) * 1000n;
    this.last = fromClock > this.last ? fromClock : this.last + 1n;
    const text = this.last.toString(16).toUpperCase().padStart(16, '0');
    if (this.file !== null) {
      // Written whole, then renamed: a crash leaves the old value or the new one, never half.
      const temporary = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temporary, `${text}\n`);
      renameSync(temporary, this.file);
    }
    return text;
  }
}

export type S3EventName =
  | 'ObjectCreated:Put'
  | 'ObjectCreated:Post'
  | 'ObjectCreated:Copy'
  | 'ObjectRemoved:Delete';

export interface S3ObjectEventInput {
  eventName: S3EventName;
  bucket: string;
  /** The raw key; encoded here. */
  key: string;
  sequencer: string;
  size?: number;
  eTag?: string;
  /** Versioned buckets only. */
  versionId?: string;
  region: string;
  eventTime?: Date;
}

export function s3EventNameFor(s3rverEventName: string): S3EventName {
  switch (s3rverEventName) {
    case 'ObjectCreated:Post':
      return 'ObjectCreated:Post';
    case 'ObjectCreated:Copy':
      return 'ObjectCreated:Copy';
    case 'ObjectRemoved:Delete':
      return 'ObjectRemoved:Delete';
    default:
      return 'ObjectCreated:Put';
  }
}

/** One S3 event notification (the JSON S3 puts in the SQS message body). */
export function buildS3Event(input: S3ObjectEventInput) {
  const object: { key: string; sequencer: string; size?: number; eTag?: string; versionId?: string } = {
    key: encodeEventKey(input.key),
    sequencer: input.sequencer,
  };
  // A versioned bucket's events name the version (ingest then syncs the key with its versions).
  if (input.versionId !== undefined) object.versionId = input.versionId;
  // Real removal events carry neither size nor eTag.
  if (input.eventName.startsWith('ObjectCreated:')) {
    if (input.size !== undefined) object.size = input.size;
    if (input.eTag !== undefined) object.eTag = input.eTag.replace(/"/g, '');
  }
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: input.region,
        eventTime: (input.eventTime ?? new Date()).toISOString(),
        eventName: input.eventName,
        userIdentity: { principalId: 'AWS:LOCAL' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: {
          'x-amz-request-id': input.sequencer,
          'x-amz-id-2': 'local',
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'local',
          bucket: {
            name: input.bucket,
            ownerIdentity: { principalId: 'LOCAL' },
            arn: `arn:aws:s3:::${input.bucket}`,
          },
          object,
        },
      },
    ],
  };
}

export type S3EventNotification = ReturnType<typeof buildS3Event>;

/** An SQS message as queued: the body and when it was first sent. */
export interface QueuedMessage {
  messageId: string;
  body: string;
  sentTimestamp: number;
}

export function newQueuedMessage(body: string, now = Date.now()): QueuedMessage {
  return { messageId: randomUUID(), body, sentTimestamp: now };
}

export interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: {
    ApproximateReceiveCount: string;
    SentTimestamp: string;
    SenderId: string;
    ApproximateFirstReceiveTimestamp: string;
  };
  messageAttributes: Record<string, never>;
  md5OfBody: string;
  eventSource: 'aws:sqs';
  eventSourceARN: string;
  awsRegion: string;
}

export interface SqsEvent {
  Records: SqsRecord[];
}

/** The record Lambda's SQS event source mapping hands to the function. */
export function toSqsRecord(
  message: QueuedMessage,
  delivery: { queueName: string; region: string; receiveCount: number; firstReceivedAt: number },
): SqsRecord {
  return {
    messageId: message.messageId,
    receiptHandle: `${message.messageId}#${delivery.receiveCount}`,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(delivery.receiveCount),
      SentTimestamp: String(message.sentTimestamp),
      SenderId: 'LOCAL',
      ApproximateFirstReceiveTimestamp: String(delivery.firstReceivedAt),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(message.body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${delivery.region}:000000000000:${delivery.queueName}`,
    awsRegion: delivery.region,
  };
}
