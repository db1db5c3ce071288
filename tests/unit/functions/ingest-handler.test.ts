/**
 * The ingest handler against mocked S3 and DynamoDB clients: the event shapes it accepts,
 * the commands it sends, and every error path (what is a result, what is retried).
 */

import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeSequencer } from '../../../functions/common/sequencer';
import { statusRecordSchema } from '../../../functions/common/status-record';
import { silentTelemetry, type Telemetry } from '../../../functions/common/telemetry';
import { createIngestHandler, IngestFailedError } from '../../../functions/ingest/create-ingest-handler';
import type { IngestDeps, ValidateExport } from '../../../functions/ingest/ingest-deps';
import { S3UploadBucket } from '../../../functions/ingest/s3-upload-bucket';
import { DynamoDbPipelineStore } from '../../../functions/store/dynamodb/dynamodb-pipeline-store';
import { validateIndicators } from '../../../shared/indicators/validate-indicators';
import { memoryAlerts } from '../../support/alerts';
import { conditionFailed } from '../../support/aws-errors';
import { objectCreated, objectRemoved, readEventFixture, sqsBatch } from '../../support/events';
import { groupLine } from '../../support/group-lines';
import { invalidResult, scriptedValidator, validResult } from '../../support/validation-results';

const s3 = mockClient(S3Client);
const ddb = mockClient(DynamoDBClient);
const BUCKET = 'lechang-uploads';
const TABLE = 'lechang-budget';
const KEY = 'incoming/民政局/2021-12 final.csv';
const SEQ = '0061D4FF2F3C9A1C28';
const NSEQ = normalizeSequencer(SEQ);

// The bucket is versioned: a rejected version makes ingest look at the key's other versions.
// Here the event's version is the only one, and no key waits for this one.
beforeEach(() => {
  ddb.on(QueryCommand).resolves({ Items: [] });
  s3.on(ListObjectVersionsCommand).callsFake((input: { Prefix?: string }) => ({
    Versions: [{ Key: input.Prefix, VersionId: '096fKKXTRTtl3on89fVO.nfljtsv6qko', IsLatest: true }],
  }));
});

afterEach(() => {
  s3.reset();
  ddb.reset();
});

function depsWith(validate: ValidateExport): IngestDeps {
  return {
    store: new DynamoDbPipelineStore({
      client: new DynamoDBClient({ region: 'us-east-1' }),
      tableName: TABLE,
      leaseWait: { maxRetries: 2, baseMs: 1, capMs: 1, sleep: async () => {}, random: () => 0 },
    }),
    uploads: new S3UploadBucket(new S3Client({ region: 'us-east-1' }), BUCKET),
    validate,
    validateIndicators: (input) => validateIndicators(input),
    telemetry: silentTelemetry,
    alerts: memoryAlerts(),
    uploadBucket: BUCKET,
    now: () => new Date('2022-01-05T02:13:55.000Z'),
  };
}

const handlerWith = (validate: ValidateExport) => createIngestHandler(depsWith(validate));

const body = (text: string) => ({
  Body: sdkStreamMixin(Readable.from([Buffer.from(text)])),
  ETag: '"d41d8cd98f00b204e9800998ecf8427e"',
  VersionId: '096fKKXTRTtl3on89fVO.nfljtsv6qko',
});

/** The head as DynamoDB returns it after a version was recorded. */
function headItem(status: string, extra: Record<string, unknown> = {}) {
  return {
    Item: {
      pk: { S: 'SOURCES' },
      sk: { S: KEY },
      sequencer: { S: NSEQ },
      status: { S: status },
      period: { S: '2021-12' },
      rows: { N: '2' },
      sha256: { S: 'ab'.repeat(32) },
      etag: { S: 'd41d8cd98f00b204e9800998ecf8427e' },
      versionId: { S: '096fKKXTRTtl3on89fVO.nfljtsv6qko' },
      groups: { N: '2' },
      totals: { M: { budget: { S: '12345' }, spentThisMonth: { S: '0' }, spentToDate: { S: '-200' } } },
      errors: { L: [] },
      errorCount: { N: '0' },
      warnings: { L: [] },
      processedAt: { S: '2022-01-05T02:13:55.000Z' },
      ...extra,
    },
  };
}

const createdEvent = (key = KEY, bucket = BUCKET) =>
  objectCreated({ bucket, key, sequencer: SEQ, versionId: '096fKKXTRTtl3on89fVO.nfljtsv6qko' });

describe('ingest handler', () => {
  it('ignores the s3:TestEvent S3 sends when notifications are configured', async () => {
    const response = await handlerWith(scriptedValidator(validResult([])))(
      sqsBatch([readEventFixture('s3-test-event.json')]),
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(s3.calls()).toHaveLength(0);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('parses the SQS fixture and decodes the form-encoded key (+ is a space, %XX UTF-8)', async () => {
    ddb.on(GetItemCommand).resolves(headItem('accepted', { statusSequencer: { S: NSEQ } }));
    ddb.on(QueryCommand).resolves({ Items: [] });
    const response = await handlerWith(scriptedValidator(validResult([])))(
      readEventFixture('sqs-s3-object-created.json'),
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ddb.commandCalls(GetItemCommand)[0]?.args[0].input.Key).toEqual({
      pk: { S: 'SOURCES' },
      sk: { S: 'incoming/民政局/2021-12 final.csv' },
    });
  });

  it('keeps a literal plus sign encoded as %2B', async () => {
    ddb.on(GetItemCommand).resolves({});
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'gone', $metadata: { httpStatusCode: 404 } }));
    await handlerWith(scriptedValidator(validResult([])))(createdEvent('incoming/a+b c.csv'));
    expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input.Key).toBe('incoming/a+b c.csv');
  });

  it('accepts a valid file: lease, conflict check, lines, conditional flip, cleanup, then the status object last', async () => {
    ddb
      .on(GetItemCommand)
      .resolvesOnce({})
      .resolvesOnce({})
      .resolves(
        headItem('accepted', {
          activeGen: { S: NSEQ },
          activePeriod: { S: '2021-12' },
          generations: { SS: [`2021-12#${NSEQ}`] },
        }),
      );
    ddb.on(UpdateItemCommand).resolves({});
    ddb.on(PutItemCommand).resolves({});
    ddb.on(DeleteItemCommand).resolves({});
    ddb.on(BatchWriteItemCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    s3.on(GetObjectCommand).resolves(body('csv bytes'));
    s3.on(PutObjectCommand).resolves({});
    const validate = scriptedValidator(
      validResult([groupLine('101001', 'A1', 100n), groupLine('101002', 'A1', 50n)]),
    );

    const response = await handlerWith(validate)(sqsBatch([createdEvent()]));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(validate.bytesRead()).toBe(9);
    expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Key: KEY,
      VersionId: '096fKKXTRTtl3on89fVO.nfljtsv6qko',
    });
    const sequence = ddb.calls().map((c) => c.args[0].constructor.name);
    expect(sequence.slice(0, 10)).toEqual([
      'GetItemCommand', // head check
      'UpdateItemCommand', // register the generation
      'PutItemCommand', // take the period's lease
      'GetItemCommand', // head again, under the lease
      'QueryCommand', // any line of another key in the period, below this key's?
      'QueryCommand', // ... or above? (none: nothing else to read)
      'BatchWriteItemCommand', // lines of the new generation (both groups in one batch)
      'UpdateItemCommand', // the flip
      'DeleteItemCommand', // give the lease back
      'GetItemCommand', // cleanup reads the head
    ]);
    // Write requests: a constant few plus one BatchWriteItem per 25 groups — no per-group claims.
    const writes = sequence.filter((name) => !['GetItemCommand', 'QueryCommand'].includes(name));
    expect(writes).toEqual([
      'UpdateItemCommand',
      'PutItemCommand',
      'BatchWriteItemCommand',
      'UpdateItemCommand',
      'DeleteItemCommand',
      'UpdateItemCommand', // status marked written
    ]);
    const flip = ddb.commandCalls(UpdateItemCommand)[1]?.args[0].input;
    expect(flip?.ConditionExpression).toBe('attribute_not_exists(#sequencer) OR #sequencer < :sequencer');
    // The bytes were hashed while the validator streamed them.
    expect(flip?.ExpressionAttributeValues?.[':sha256']).toEqual({
      S: createHash('sha256').update('csv bytes').digest('hex'),
    });
    expect(sequence.at(-1)).toBe('UpdateItemCommand'); // status marked written

    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put?.Key).toBe(`status/${KEY}.json`);
    expect(put?.ContentType).toBe('application/json; charset=utf-8');
    const status = statusRecordSchema.parse(JSON.parse(String(put?.Body)));
    expect(status).toMatchObject({
      key: KEY,
      status: 'accepted',
      period: '2021-12',
      sequencer: NSEQ,
      totals: { budget: '123.45', spentThisMonth: '0.00', spentToDate: '-2.00' },
    });
  });

  it('backs off when a newer version commits first: no status written, own items cleaned up', async () => {
    ddb
      .on(GetItemCommand)
      .resolvesOnce({})
      .resolvesOnce({})
      .resolves(headItem('accepted', { sequencer: { S: 'F'.repeat(32) } }));
    // No lease left behind once it was given back.
    ddb.on(GetItemCommand, { Key: { pk: { S: 'LEASE#2021-12' }, sk: { S: 'LEASE' } } }).resolves({});
    ddb.on(UpdateItemCommand).resolvesOnce({}).rejectsOnce(conditionFailed()).resolves({});
    ddb.on(PutItemCommand).resolves({});
    ddb.on(DeleteItemCommand).resolves({});
    ddb.on(BatchWriteItemCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    s3.on(GetObjectCommand).resolves(body('csv bytes'));

    const response = await handlerWith(scriptedValidator(validResult([groupLine('101001', 'A1', 1n)])))(
      createdEvent(),
    );

    expect(response).toMatchObject({
      results: [{ outcome: 'superseded', reason: 'a newer version committed first' }],
    });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    // The lease was given back, then cleanup looked for this attempt's own lines.
    expect(ddb.commandCalls(DeleteItemCommand)[0]?.args[0].input.Key).toEqual({
      pk: { S: 'LEASE#2021-12' },
      sk: { S: 'LEASE' },
    });
    const cleanup = ddb.commandCalls(QueryCommand).at(-1)?.args[0].input.ExpressionAttributeValues;
    expect(cleanup?.[':pk']).toEqual({ S: 'PERIOD#2021-12' });
    expect(cleanup?.[':prefix']?.S).toBe(`LINE#${encodeURIComponent(KEY)}#${NSEQ}#`);
  });

  it('rejects a file whose group another upload holds, naming the holder', async () => {
    const otherGen = normalizeSequencer('0061D4FF2F3C9A0000');
    ddb.on(GetItemCommand).resolves({});
    ddb
      .on(GetItemCommand, { Key: { pk: { S: 'SOURCES' }, sk: { S: KEY } } })
      .resolvesOnce({})
      .resolvesOnce({})
      .resolves(headItem('rejected'));
    ddb.on(UpdateItemCommand).resolves({});
    ddb.on(PutItemCommand).resolves({});
    ddb.on(DeleteItemCommand).resolves({});
    const otherLine = `LINE#incoming%2Fother.csv#${otherGen}#101001#A1#${encodeURIComponent('一般公共预算')}`;
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':from': { S: 'LINE#' } } })
      .resolves({ Items: [{ sk: { S: otherLine } }] });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': { S: 'SOURCES' } } }).resolves({
      Items: [{ sk: { S: 'incoming/other.csv' }, activeGen: { S: otherGen } }],
    });
    ddb.on(BatchGetItemCommand).resolves({ Responses: { [TABLE]: [{ sk: { S: otherLine } }] } });
    s3.on(GetObjectCommand).resolves(body('csv bytes'));
    s3.on(PutObjectCommand).resolves({});

    const response = await handlerWith(scriptedValidator(validResult([groupLine('101001', 'A1', 1n)])))(
      createdEvent(),
    );

    expect(response).toMatchObject({ results: [{ outcome: 'conflict' }] });
    expect(ddb.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
    const rejection = ddb.commandCalls(UpdateItemCommand)[1]?.args[0].input;
    expect(rejection?.ExpressionAttributeValues?.[':status']).toEqual({ S: 'rejected' });
    const message = rejection?.ExpressionAttributeValues?.[':errors']?.L?.[0]?.M?.message?.S ?? '';
    expect(message).toContain('已由 incoming/other.csv 提交');
    expect(message).toContain('already held by incoming/other.csv');
    expect(ddb.commandCalls(DeleteItemCommand)).toHaveLength(1); // the lease, given back
  });

  it('fails the message for a later retry while another file keeps the period lease', async () => {
    ddb.on(GetItemCommand, { Key: { pk: { S: 'SOURCES' }, sk: { S: KEY } } }).resolves({});
    ddb.on(GetItemCommand, { Key: { pk: { S: 'LEASE#2021-12' } } }).resolves({
      Item: {
        sourceKey: { S: 'incoming/other.csv' },
        gen: { S: 'A'.repeat(32) },
        token: { S: 'other' },
        expiresAt: { N: String(Date.now() + 60_000) },
      },
    });
    ddb.on(UpdateItemCommand).resolves({});
    ddb.on(PutItemCommand).rejects(conditionFailed());
    s3.on(GetObjectCommand).resolves(body('csv bytes'));

    const response = await handlerWith(scriptedValidator(validResult([groupLine('101001', 'A1', 1n)])))(
      sqsBatch([createdEvent()]),
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
    expect(ddb.commandCalls(PutItemCommand)).toHaveLength(3);
    expect(ddb.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
    expect(ddb.commandCalls(DeleteItemCommand)).toHaveLength(0);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('logs one summary line per file, without row contents, and counts it', async () => {
    const logs: { message: string; attributes: Record<string, unknown> | undefined }[] = [];
    const counts: [string, number][] = [];
    let flushed = 0;
    const telemetry: Telemetry = {
      logger: {
        debug: () => {},
        info: (message, attributes) => logs.push({ message, attributes }),
        warn: () => {},
        error: () => {},
      },
      metrics: {
        count: (name, value) => counts.push([name, value]),
        milliseconds: () => {},
        flush: () => flushed++,
      },
    };
    ddb.on(GetItemCommand).resolvesOnce({}).resolves(headItem('rejected'));
    ddb.on(UpdateItemCommand).resolves({});
    s3.on(GetObjectCommand).resolves(body('最低生活保障,46233300.00'));
    s3.on(PutObjectCommand).resolves({});
    const errors = [{ code: 'X', line: 2, column: 'c', value: '46233300.00', message: 'm' }];

    await createIngestHandler({ ...depsWith(scriptedValidator(invalidResult(errors))), telemetry })(
      createdEvent(),
    );

    expect(logs).toHaveLength(1);
    expect(logs[0]?.message).toBe('file processed');
    expect(logs[0]?.attributes).toMatchObject({
      key: KEY,
      outcome: 'rejected',
      rows: 2,
      groups: 0,
      period: '2021-12',
    });
    expect(typeof logs[0]?.attributes?.durationMs).toBe('number');
    expect(JSON.stringify(logs)).not.toContain('46233300');
    expect(counts).toEqual([['FilesRejected', 1]]);
    expect(flushed).toBe(1);
  });

  it('records a rejected file as a result, with its errors, and does not fail the message', async () => {
    const errors = [
      {
        code: 'AMOUNT_TOO_PRECISE',
        line: 7,
        column: '累计支出',
        value: '1.001',
        message: '金额精度超过分 / too precise',
      },
    ];
    ddb
      .on(GetItemCommand)
      .resolvesOnce({})
      .resolves(
        headItem('rejected', {
          errors: {
            L: [
              {
                M: {
                  line: { N: '7' },
                  column: { S: '累计支出' },
                  value: { S: '1.001' },
                  message: { S: '金额精度超过分 / too precise' },
                },
              },
            ],
          },
          errorCount: { N: '1' },
        }),
      );
    ddb.on(UpdateItemCommand).resolves({});
    s3.on(GetObjectCommand).resolves(body('bad'));
    s3.on(PutObjectCommand).resolves({});

    const response = await handlerWith(scriptedValidator(invalidResult(errors)))(sqsBatch([createdEvent()]));

    expect(response).toEqual({ batchItemFailures: [] });
    const update = ddb.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(update?.ExpressionAttributeValues?.[':status']).toEqual({ S: 'rejected' });
    expect(update?.UpdateExpression).not.toContain('activeGen');
    expect(ddb.commandCalls(PutItemCommand)).toHaveLength(0);
    expect(ddb.commandCalls(BatchWriteItemCommand)).toHaveLength(0);
    const status = statusRecordSchema.parse(
      JSON.parse(String(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.Body)),
    );
    expect(status.status).toBe('rejected');
    expect(status.errors).toEqual([
      { line: 7, column: '累计支出', value: '1.001', message: '金额精度超过分 / too precise' },
    ]);
  });

  it('treats NoSuchKey as an object deleted since the event: nothing written, nothing retried', async () => {
    ddb.on(GetItemCommand).resolves({});
    s3.on(GetObjectCommand).rejects(
      new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }),
    );
    const response = await handlerWith(scriptedValidator(validResult([])))(sqsBatch([createdEvent()]));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ddb.commandCalls(UpdateItemCommand)).toHaveLength(0);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('surfaces throttling as a batch item failure for that message only', async () => {
    const throttled = new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} });
    ddb
      .on(GetItemCommand, { Key: { pk: { S: 'SOURCES' }, sk: { S: 'incoming/throttled.csv' } } })
      .rejects(throttled)
      .on(GetItemCommand, { Key: { pk: { S: 'SOURCES' }, sk: { S: KEY } } })
      .resolves(headItem('accepted', { statusSequencer: { S: NSEQ } }));
    ddb.on(QueryCommand).resolves({ Items: [] });
    const response = await handlerWith(scriptedValidator(validResult([])))(
      sqsBatch([createdEvent('incoming/throttled.csv'), createdEvent()]),
    );
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
  });

  it('fails an unreadable message so it reaches the dead-letter queue', async () => {
    const response = await handlerWith(scriptedValidator(validResult([])))(
      sqsBatch(['{not json', createdEvent('x.txt')]),
    );
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
  });

  it('throws on a plain S3 event that failed, so the caller retries it', async () => {
    ddb
      .on(GetItemCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} }));
    await expect(handlerWith(scriptedValidator(validResult([])))(createdEvent())).rejects.toBeInstanceOf(
      IngestFailedError,
    );
  });

  it('does not reprocess a duplicate delivery whose status exists', async () => {
    ddb.on(GetItemCommand).resolves(headItem('accepted', { statusSequencer: { S: NSEQ } }));
    ddb.on(QueryCommand).resolves({ Items: [] });
    const response = await handlerWith(scriptedValidator(validResult([])))(createdEvent());
    expect(response).toEqual({ results: [{ outcome: 'duplicate', rows: 2, groups: 2, period: '2021-12' }] });
    expect(s3.calls()).toHaveLength(0);
    expect(ddb.commandCalls(UpdateItemCommand)).toHaveLength(0);
  });

  it('rewrites the status of a duplicate when the first delivery crashed before writing it', async () => {
    ddb.on(GetItemCommand).resolves(headItem('accepted'));
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(UpdateItemCommand).resolves({});
    s3.on(PutObjectCommand).resolves({});
    await handlerWith(scriptedValidator(validResult([])))(createdEvent());
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
  });

  it('ignores an event older than the recorded version', async () => {
    ddb
      .on(GetItemCommand)
      .resolves(headItem('accepted', { sequencer: { S: normalizeSequencer('0061D4FF2F3C9A1C29') } }));
    const response = await handlerWith(scriptedValidator(validResult([])))(createdEvent());
    expect(response).toMatchObject({ results: [{ outcome: 'superseded' }] });
    expect(s3.calls()).toHaveLength(0);
  });

  it('ignores keys outside incoming/**.csv and other buckets', async () => {
    const response = await handlerWith(scriptedValidator(validResult([])))({
      Records: [...createdEvent('notes/readme.txt').Records, ...createdEvent(KEY, 'other-bucket').Records],
    });
    expect(response).toMatchObject({ results: [{ outcome: 'ignored' }, { outcome: 'ignored' }] });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('retracts a removed object: conditional deletion, cleanup, status deleted', async () => {
    ddb
      .on(GetItemCommand)
      .resolvesOnce(headItem('accepted', { sequencer: { S: normalizeSequencer('0061D4FF2F3C9A1C28') } }))
      .resolves(
        headItem('deleted', {
          sequencer: { S: normalizeSequencer('0061D6B3C3D4E5F6A7') },
          period: { NULL: true },
          totals: { NULL: true },
        }),
      );
    ddb.on(UpdateItemCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    // Only a longer key is left under the key as prefix: the key itself is gone.
    s3.on(ListObjectsV2Command, { Prefix: KEY, MaxKeys: 1 }).resolves({ Contents: [{ Key: `${KEY}.bak` }] });
    s3.on(PutObjectCommand).resolves({});

    const response = await handlerWith(scriptedValidator(validResult([])))(
      sqsBatch([objectRemoved({ bucket: BUCKET, key: KEY, sequencer: '0061D6B3C3D4E5F6A7' })]),
    );
    expect(response).toEqual({ batchItemFailures: [] });
    const deletion = ddb.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(deletion?.UpdateExpression).toContain('REMOVE #activePeriod, #activeGen');
    expect(deletion?.ExpressionAttributeValues?.[':status']).toEqual({ S: 'deleted' });
    const status = statusRecordSchema.parse(
      JSON.parse(String(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.Body)),
    );
    expect(status).toMatchObject({ status: 'deleted', period: null, totals: null });
  });

  it('keeps the data when a removal leaves a current object (a noncurrent version was deleted)', async () => {
    ddb
      .on(GetItemCommand)
      .resolves(headItem('accepted', { sequencer: { S: normalizeSequencer('0061D4FF2F3C9A1C28') } }));
    s3.on(ListObjectsV2Command, { Prefix: KEY, MaxKeys: 1 }).resolves({ Contents: [{ Key: KEY }] });
    const response = await handlerWith(scriptedValidator(validResult([])))(
      objectRemoved({ bucket: BUCKET, key: KEY, sequencer: '0061D6B3C3D4E5F6A7' }),
    );
    expect(response).toMatchObject({ results: [{ outcome: 'ignored' }] });
    expect(ddb.commandCalls(UpdateItemCommand)).toHaveLength(0);
  });
});
