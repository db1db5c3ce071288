/**
 * Events in the exact shape AWS delivers them, built from the JSON fixtures in tests/events/
 * with only the fields a test cares about replaced (key, sequencer, eTag, versionId).
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SQSBatchResponse } from 'aws-lambda';
import { z } from 'zod';
import { encodeEventKey } from '../../functions/common/object-key';

const EVENTS_DIR = fileURLToPath(new URL('../events/', import.meta.url));

export function readEventFixture(name: string): unknown {
  return JSON.parse(readFileSync(`${EVENTS_DIR}${name}`, 'utf8'));
}

const fixtureObjectSchema = z.looseObject({
  key: z.string(),
  sequencer: z.string(),
  eTag: z.string().optional(),
  size: z.number().optional(),
  versionId: z.string().optional(),
});
const fixtureRecordSchema = z.looseObject({
  eventName: z.string(),
  s3: z.looseObject({
    bucket: z.looseObject({ name: z.string(), arn: z.string() }),
    object: fixtureObjectSchema,
  }),
});
const fixtureEventSchema = z.object({ Records: z.array(fixtureRecordSchema).length(1) });
type FixtureRecord = z.infer<typeof fixtureRecordSchema>;

function fixtureRecord(name: string): FixtureRecord {
  const record = fixtureEventSchema.parse(readEventFixture(name)).Records[0];
  if (record === undefined) throw new Error(`${name} has no record`);
  return record;
}

const createdTemplate = fixtureRecord('s3-object-created.json');
const removedTemplate = fixtureRecord('s3-object-removed.json');
const statusTemplate = fixtureRecord('s3-status-created.json');

export interface ObjectChange {
  bucket: string;
  /** The raw key; encoded here as S3 encodes it. */
  key: string;
  sequencer: string;
  eTag?: string;
  /** Null for an unversioned bucket (the field is then absent). */
  versionId?: string | null;
  size?: number;
  eventName?: string;
}

function record(template: FixtureRecord, change: ObjectChange, created: boolean) {
  const { eTag: _eTag, size: _size, versionId: _versionId, ...base } = template.s3.object;
  const object: Record<string, unknown> = {
    ...base,
    key: encodeEventKey(change.key),
    sequencer: change.sequencer,
  };
  if (created) {
    object.size = change.size ?? template.s3.object.size ?? 0;
    object.eTag = change.eTag ?? template.s3.object.eTag;
  }
  if (change.versionId !== null && change.versionId !== undefined) object.versionId = change.versionId;
  return {
    ...template,
    eventName: change.eventName ?? template.eventName,
    s3: {
      ...template.s3,
      bucket: { ...template.s3.bucket, name: change.bucket, arn: `arn:aws:s3:::${change.bucket}` },
      object,
    },
  };
}

export const objectCreated = (change: ObjectChange) => ({ Records: [record(createdTemplate, change, true)] });
export const objectRemoved = (change: ObjectChange) => ({
  Records: [record(removedTemplate, change, false)],
});
export const statusCreated = (change: ObjectChange) => ({ Records: [record(statusTemplate, change, true)] });

const sqsTemplate = z
  .object({ Records: z.array(z.looseObject({ messageId: z.string(), body: z.string() })).length(1) })
  .parse(readEventFixture('sqs-s3-object-created.json')).Records[0];

/** An SQS batch as Lambda's event source mapping delivers it, one message per body. */
export function sqsBatch(bodies: unknown[], idPrefix = 'msg'): { Records: Record<string, unknown>[] } {
  if (sqsTemplate === undefined) throw new Error('SQS fixture has no record');
  return {
    Records: bodies.map((body, i) => ({
      ...sqsTemplate,
      messageId: `${idPrefix}-${i + 1}`,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })),
  };
}

/** A handler's answer to an SQS batch; anything else means it took the batch for another shape. */
export function sqsBatchResponse<T extends object>(response: T, handler: string): SQSBatchResponse {
  if (!('batchItemFailures' in response)) throw new Error(`${handler} did not answer an SQS batch`);
  return response as SQSBatchResponse;
}
