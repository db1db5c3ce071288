/**
 * The exact DynamoDB commands the store sends: conditions that carry the guarantees, batch
 * sizes, and retry of UnprocessedItems with backoff (sleep injected, so no waiting).
 */
import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackoffPolicy } from '../../../functions/common/backoff';
import { UnprocessedItemsError } from '../../../functions/store/dynamodb/batch-write';
import {
  DynamoDbPipelineStore,
  UnstableReadError,
} from '../../../functions/store/dynamodb/dynamodb-pipeline-store';
import type { CommitVersion } from '../../../functions/store/source-head';
import { groupLine } from '../../support/group-lines';

const ddb = mockClient(DynamoDBClient);
const TABLE = 'lechang-budget';
const S = 'A'.padEnd(32, '0');
let sleeps: number[];
let store: DynamoDbPipelineStore;

const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

beforeEach(() => {
  sleeps = [];
  const backoff: BackoffPolicy = {
    maxRetries: 3,
    baseMs: 100,
    capMs: 1_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  };
  store = new DynamoDbPipelineStore({
    client: new DynamoDBClient({ region: 'us-east-1' }),
    tableName: TABLE,
    backoff,
    readAttempts: 2,
  });
});
afterEach(() => {
  ddb.reset();
});

const commit: CommitVersion = {
  key: 'incoming/a.csv',
  sequencer: S,
  period: '2021-12',
  rows: 23,
  sha256: 'f'.repeat(64),
  etag: 'abc',
  versionId: null,
  groups: 22,
  totals: { budget: 100n, spentThisMonth: 10n, spentToDate: 50n },
  errors: [],
  errorCount: 0,
  warnings: [],
  processedAt: '2022-01-05T00:00:00.000Z',
};

describe('DynamoDbPipelineStore commands', () => {
  it('flips the head with a condition that only a newer sequencer passes', async () => {
    ddb.on(UpdateItemCommand).resolves({});
    expect(await store.commitVersion(commit)).toBe('recorded');

    const input = ddb.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(input?.TableName).toBe(TABLE);
    expect(input?.Key).toEqual({ pk: { S: 'SOURCES' }, sk: { S: 'incoming/a.csv' } });
    expect(input?.ConditionExpression).toBe('attribute_not_exists(#sequencer) OR #sequencer < :sequencer');
    expect(input?.UpdateExpression).toContain('#activeGen = :activeGen');
    expect(input?.UpdateExpression).toContain('#previousPeriod = if_not_exists(#activePeriod, :none)');
    expect(input?.UpdateExpression).toContain('ADD #periods :periods REMOVE #statusSequencer');
    expect(input?.ExpressionAttributeValues?.[':sequencer']).toEqual({ S });
    expect(input?.ExpressionAttributeValues?.[':activeGen']).toEqual({ S });
    expect(input?.ExpressionAttributeValues?.[':periods']).toEqual({ SS: ['2021-12'] });
    expect(input?.ExpressionAttributeValues?.[':totals']).toEqual({
      M: { budget: { S: '100' }, spentThisMonth: { S: '10' }, spentToDate: { S: '50' } },
    });
  });

  it('reports a lost flip as superseded, not as an error', async () => {
    ddb.on(UpdateItemCommand).rejects(conditionFailed());
    expect(await store.commitVersion(commit)).toBe('superseded');
    expect(await store.recordRejection(commit)).toBe('superseded');
    expect(await store.recordDeletion('incoming/a.csv', S, commit.processedAt)).toBe('superseded');
  });

  it('records a rejection without touching the active version', async () => {
    ddb.on(UpdateItemCommand).resolves({});
    await store.recordRejection({
      ...commit,
      errors: [{ line: 3, column: '累计支出', value: 'x', message: 'm' }],
      errorCount: 1,
    });
    const input = ddb.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(input?.UpdateExpression).not.toContain('active');
    expect(input?.ExpressionAttributeValues?.[':status']).toEqual({ S: 'rejected' });
    expect(input?.ExpressionAttributeValues?.[':errors']).toEqual({
      L: [{ M: { line: { N: '3' }, column: { S: '累计支出' }, value: { S: 'x' }, message: { S: 'm' } } }],
    });
  });

  it('claims groups in sorted order with a condition that lets only the owner re-take them', async () => {
    ddb.on(PutItemCommand).resolves({});
    const result = await store.claimGroups('incoming/a.csv', S, '2021-12', [
      groupLine('U2', 'P1', 1n),
      groupLine('U1', 'P2', 1n),
      groupLine('U1', 'P1', 1n),
    ]);
    expect(result).toEqual({ kind: 'claimed' });
    const inputs = ddb.commandCalls(PutItemCommand).map((call) => call.args[0].input);
    expect(inputs.map((i) => i.Item?.sk?.S?.slice(0, 5))).toEqual(['U1#P1', 'U1#P2', 'U2#P1']);
    expect(inputs[0]?.Item?.pk).toEqual({ S: 'CLAIM#2021-12' });
    expect(inputs[0]?.ConditionExpression).toBe(
      'attribute_not_exists(#pk) OR (#owner = :owner AND #gen <= :gen)',
    );
    expect(inputs[0]?.ExpressionAttributeValues).toEqual({
      ':owner': { S: 'incoming/a.csv' },
      ':gen': { S },
    });
  });

  it('names the holder of a contested group and stops claiming there', async () => {
    ddb.on(PutItemCommand).resolvesOnce({}).rejects(conditionFailed());
    ddb.on(GetItemCommand).resolves({ Item: { owner: { S: 'incoming/other.csv' }, gen: { S } } });
    const result = await store.claimGroups('incoming/a.csv', S, '2021-12', [
      groupLine('U1', 'P1', 1n),
      groupLine('U1', 'P2', 1n),
      groupLine('U1', 'P3', 1n),
    ]);
    expect(result).toEqual({
      kind: 'conflict',
      holder: 'incoming/other.csv',
      group: { unitCode: 'U1', projectCode: 'P2', fundType: '一般公共预算' },
    });
    expect(ddb.commandCalls(PutItemCommand)).toHaveLength(2);
    expect(ddb.commandCalls(GetItemCommand)[0]?.args[0].input.ConsistentRead).toBe(true);
  });

  it('treats a group held by a newer version of the same key as superseded', async () => {
    ddb.on(PutItemCommand).rejects(conditionFailed());
    ddb
      .on(GetItemCommand)
      .resolves({ Item: { owner: { S: 'incoming/a.csv' }, gen: { S: 'B'.padEnd(32, '0') } } });
    expect(await store.claimGroups('incoming/a.csv', S, '2021-12', [groupLine('U1', 'P1', 1n)])).toEqual({
      kind: 'superseded',
    });
  });

  it('writes lines in BatchWriteItem chunks of 25', async () => {
    ddb.on(BatchWriteItemCommand).resolves({});
    const lines = Array.from({ length: 53 }, (_, i) =>
      groupLine('U1', `P${String(i).padStart(2, '0')}`, BigInt(i)),
    );
    await store.putLines('incoming/a.csv', S, '2021-12', lines);
    const sizes = ddb
      .commandCalls(BatchWriteItemCommand)
      .map((c) => c.args[0].input.RequestItems?.[TABLE]?.length);
    expect(sizes).toEqual([25, 25, 3]);
    const first = ddb.commandCalls(BatchWriteItemCommand)[0]?.args[0].input.RequestItems?.[TABLE]?.[0];
    expect(first?.PutRequest?.Item?.pk).toEqual({ S: 'PERIOD#2021-12' });
    expect(first?.PutRequest?.Item?.sk?.S).toBe(
      `LINE#incoming%2Fa.csv#${S}#U1#P00#%E4%B8%80%E8%88%AC%E5%85%AC%E5%85%B1%E9%A2%84%E7%AE%97`,
    );
    expect(first?.PutRequest?.Item?.budget).toEqual({ S: '0' });
  });

  it('resends UnprocessedItems with exponential backoff and jitter', async () => {
    const lines = [groupLine('U1', 'P1', 1n), groupLine('U1', 'P2', 2n), groupLine('U1', 'P3', 3n)];
    ddb
      .on(BatchWriteItemCommand)
      .callsFakeOnce(({ RequestItems }) => ({ UnprocessedItems: { [TABLE]: RequestItems[TABLE].slice(1) } }))
      .callsFakeOnce(({ RequestItems }) => ({ UnprocessedItems: { [TABLE]: RequestItems[TABLE].slice(1) } }))
      .resolves({});
    await store.putLines('incoming/a.csv', S, '2021-12', lines);
    const sizes = ddb
      .commandCalls(BatchWriteItemCommand)
      .map((c) => c.args[0].input.RequestItems?.[TABLE]?.length);
    expect(sizes).toEqual([3, 2, 1]);
    // random 0.5 × min(cap 1000, base 100 × 2^retry)
    expect(sleeps).toEqual([50, 100]);
  });

  it('gives up after the retry budget so the message is retried by SQS', async () => {
    ddb
      .on(BatchWriteItemCommand)
      .callsFake(({ RequestItems }) => ({ UnprocessedItems: { [TABLE]: RequestItems[TABLE] } }));
    await expect(
      store.putLines('incoming/a.csv', S, '2021-12', [groupLine('U1', 'P1', 1n)]),
    ).rejects.toBeInstanceOf(UnprocessedItemsError);
    expect(ddb.commandCalls(BatchWriteItemCommand)).toHaveLength(4);
    expect(sleeps).toEqual([50, 100, 200]);
  });

  it('reads heads, lines, heads again, and retries when an active version moved meanwhile', async () => {
    const head = (gen: string) => ({
      Items: [
        {
          sk: { S: 'incoming/a.csv' },
          activeGen: { S: gen },
          activePeriod: { S: '2021-12' },
          activeRows: { N: '1' },
          activeSha256: { S: 'x' },
          activeCommittedAt: { S: 't' },
        },
      ],
    });
    let headReads = 0;
    ddb.on(QueryCommand).callsFake((input) => {
      if (input.ExpressionAttributeValues[':pk'].S === 'SOURCES') {
        headReads++;
        return head(headReads % 2 === 1 ? 'G1' : 'G2');
      }
      return { Items: [] };
    });
    await expect(store.readPeriods(['2021-12'])).rejects.toBeInstanceOf(UnstableReadError);
    expect(headReads).toBe(4);
    expect(sleeps).toEqual([50]);
    const lineQuery = ddb
      .commandCalls(QueryCommand)
      .find((c) => c.args[0].input.ExpressionAttributeValues?.[':pk']?.S === 'PERIOD#2021-12');
    expect(lineQuery?.args[0].input).toMatchObject({
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ConsistentRead: true,
      ExpressionAttributeValues: { ':prefix': { S: 'LINE#' } },
    });
  });

  it('never scans: every read is a GetItem or a Query on one partition', async () => {
    ddb.on(GetItemCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    await store.getHead('incoming/a.csv');
    await store.listHeads();
    await store.readPeriods(['2021-11', '2021-12']);
    await store.reconcileSource('incoming/a.csv', ['2021-12']);
    const commands = ddb.calls().map((call) => call.args[0].constructor.name);
    expect(new Set(commands)).toEqual(new Set(['GetItemCommand', 'QueryCommand']));
  });
});
