/**
 * The exact DynamoDB commands the store sends: conditions that carry the guarantees, the
 * period lease, the reads of the conflict check and of cleanup, batch sizes, and retry of
 * UnprocessedItems with backoff (sleep injected, so no waiting).
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
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
import { PeriodLeaseHeldError } from '../../../functions/store/period-lease';
import type { CommitVersion } from '../../../functions/store/source-head';
import { conditionFailed } from '../../support/aws-errors';
import { groupLine } from '../../support/group-lines';

/** The first holder the conflict check names (what a rejection message quotes), or null. */
const firstHolder = async (
  on: DynamoDbPipelineStore,
  ...args: Parameters<DynamoDbPipelineStore['findHolders']>
) => (await on.findHolders(...args))[0] ?? null;

const ddb = mockClient(DynamoDBClient);
const TABLE = 'lechang-budget';
const S = 'A'.padEnd(32, '0');
let sleeps: number[];
let leaseSleeps: number[];
let store: DynamoDbPipelineStore;
const NOW = Date.parse('2022-01-05T00:00:00.000Z');

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
  leaseSleeps = [];
  store = new DynamoDbPipelineStore({
    client: new DynamoDBClient({ region: 'us-east-1' }),
    tableName: TABLE,
    backoff,
    readAttempts: 2,
    writeConcurrency: 2,
    leaseMs: 60_000,
    leaseWait: {
      ...backoff,
      maxRetries: 2,
      sleep: async (ms) => {
        leaseSleeps.push(ms);
      },
    },
    now: () => NOW,
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
  runBegan: null,
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
    expect(input?.UpdateExpression).toContain('ADD #generations :generation REMOVE #statusSequencer');
    expect(input?.ExpressionAttributeValues?.[':sequencer']).toEqual({ S });
    expect(input?.ExpressionAttributeValues?.[':activeGen']).toEqual({ S });
    expect(input?.ExpressionAttributeValues?.[':generation']).toEqual({ SS: [`2021-12#${S}`] });
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

  it('registers a generation on the head before any of its lines exists', async () => {
    ddb.on(UpdateItemCommand).resolves({});
    await store.registerGeneration('incoming/a.csv', { period: '2021-12', gen: S });
    const input = ddb.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(input?.Key).toEqual({ pk: { S: 'SOURCES' }, sk: { S: 'incoming/a.csv' } });
    expect(input?.UpdateExpression).toBe('ADD #generations :generation');
    expect(input?.ExpressionAttributeValues?.[':generation']).toEqual({ SS: [`2021-12#${S}`] });
  });

  it('takes a period lease with one conditional PutItem: free, expired, or its own version', async () => {
    ddb.on(PutItemCommand).resolves({});
    const lease = await store.acquirePeriodLease('2021-12', 'incoming/a.csv', S);
    expect(lease).toMatchObject({ period: '2021-12', key: 'incoming/a.csv', gen: S, tookOver: false });

    const input = ddb.commandCalls(PutItemCommand)[0]?.args[0].input;
    expect(input?.Item).toMatchObject({
      pk: { S: 'LEASE#2021-12' },
      sk: { S: 'LEASE' },
      sourceKey: { S: 'incoming/a.csv' },
      gen: { S },
      token: { S: lease.token },
      expiresAt: { N: String(NOW + 60_000) },
    });
    expect(input?.ConditionExpression).toBe(
      'attribute_not_exists(#pk) OR #expiresAt < :now OR (#sourceKey = :sourceKey AND #gen = :gen)',
    );
    expect(input?.ExpressionAttributeValues?.[':now']).toEqual({ N: String(NOW) });
    expect(input?.ReturnValues).toBe('ALL_OLD');
  });

  it('knows when it took a live lease over from an earlier attempt at the same version', async () => {
    ddb.on(PutItemCommand).resolves({
      Attributes: {
        sourceKey: { S: 'incoming/a.csv' },
        gen: { S },
        token: { S: 't0' },
        expiresAt: { N: String(NOW + 1) },
      },
    });
    expect((await store.acquirePeriodLease('2021-12', 'incoming/a.csv', S)).tookOver).toBe(true);
    ddb.on(PutItemCommand).resolves({
      Attributes: {
        sourceKey: { S: 'incoming/b.csv' },
        gen: { S },
        token: { S: 't0' },
        expiresAt: { N: String(NOW - 1) },
      },
    });
    expect((await store.acquirePeriodLease('2021-12', 'incoming/a.csv', S)).tookOver).toBe(false);
  });

  it('waits with backoff while another version holds the lease, then fails naming it', async () => {
    ddb.on(PutItemCommand).rejects(conditionFailed());
    ddb.on(GetItemCommand).resolves({
      Item: {
        sourceKey: { S: 'incoming/other.csv' },
        gen: { S },
        token: { S: 't1' },
        expiresAt: { N: String(NOW + 1) },
      },
    });
    const error = await store.acquirePeriodLease('2021-12', 'incoming/a.csv', S).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PeriodLeaseHeldError);
    expect(error).toMatchObject({ period: '2021-12', holder: 'incoming/other.csv' });
    expect(ddb.commandCalls(PutItemCommand)).toHaveLength(3);
    expect(leaseSleeps).toEqual([50, 100]);
  });

  it("gives a lease back only with its own token, and frees a dead version's lease by its holder", async () => {
    ddb.on(DeleteItemCommand).rejectsOnce(conditionFailed()).resolves({});
    const lease = { period: '2021-12', key: 'incoming/a.csv', gen: S, token: 't-1', tookOver: false };
    await store.releasePeriodLease(lease); // taken over meanwhile: not ours, no error
    await store.releaseLeaseOf('2021-12', 'incoming/a.csv', S);
    const [own, dead] = ddb.commandCalls(DeleteItemCommand).map((c) => c.args[0].input);
    expect(own?.Key).toEqual({ pk: { S: 'LEASE#2021-12' }, sk: { S: 'LEASE' } });
    expect(own?.ConditionExpression).toBe('#token = :token');
    expect(own?.ExpressionAttributeValues).toEqual({ ':token': { S: 't-1' } });
    expect(dead?.ConditionExpression).toBe('#sourceKey = :sourceKey AND #gen = :gen');
  });

  const FUND = '%E4%B8%80%E8%88%AC%E5%85%AC%E5%85%B1%E9%A2%84%E7%AE%97';
  const otherGen = 'B'.padEnd(32, '0');
  /** A period where incoming/0.csv is live (generation B…) and also left an older generation. */
  function busyPeriod() {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':from': { S: 'LINE#' } } }).callsFake((input) => ({
      Items: [
        { sk: { S: `LINE#incoming%2F0.csv#${S}#U1#P1#${FUND}` } },
        { sk: { S: `LINE#incoming%2F0.csv#${otherGen}#U1#P2#${FUND}` } },
      ].slice(0, input.Limit ?? 2),
    }));
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': { S: 'SOURCES' } } }).resolves({
      Items: [{ sk: { S: 'incoming/0.csv' }, activeGen: { S: otherGen } }],
    });
  }

  it("looks up the exact line keys that would hold a small file's groups in a busy period", async () => {
    busyPeriod();
    ddb.on(BatchGetItemCommand).resolves({
      Responses: { [TABLE]: [{ sk: { S: `LINE#incoming%2F0.csv#${otherGen}#U1#P2#${FUND}` } }] },
    });

    const conflict = await firstHolder(store, 'incoming/a.csv', '2021-12', [
      groupLine('U1', 'P1', 1n),
      groupLine('U1', 'P2', 1n),
    ]);

    expect(conflict).toEqual({
      holder: 'incoming/0.csv',
      group: { unitCode: 'U1', projectCode: 'P2', fundType: '一般公共预算' },
    });
    const queries = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input);
    // Is there any line of another key? One item from below this key's lines, at most.
    expect(queries[0]).toMatchObject({
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': { S: 'PERIOD#2021-12' },
        ':from': { S: 'LINE#' },
        ':to': { S: 'LINE#incoming%2Fa.csv#' },
      },
      Limit: 1,
      ConsistentRead: true,
    });
    // Which keys are live in the period, and in which generation.
    expect(queries[1]).toMatchObject({
      FilterExpression: '#activePeriod = :period',
      ProjectionExpression: '#sk, #activeGen',
      ExpressionAttributeValues: { ':pk': { S: 'SOURCES' }, ':period': { S: '2021-12' } },
    });
    expect(queries).toHaveLength(2);
    const lookup = ddb.commandCalls(BatchGetItemCommand)[0]?.args[0].input.RequestItems?.[TABLE];
    expect(lookup?.ConsistentRead).toBe(true);
    expect(lookup?.Keys?.map((k) => k.sk?.S)).toEqual([
      `LINE#incoming%2F0.csv#${otherGen}#U1#P1#${FUND}`,
      `LINE#incoming%2F0.csv#${otherGen}#U1#P2#${FUND}`,
    ]);
  });

  it("reads the sort keys of other keys' lines instead when the file has many groups", async () => {
    busyPeriod();
    const many = new DynamoDbPipelineStore({
      client: new DynamoDBClient({ region: 'us-east-1' }),
      tableName: TABLE,
      conflictLookupLimit: 1,
    });
    // U1/P1 has a line only in the older generation of incoming/0.csv: not held.
    const conflict = await firstHolder(many, 'incoming/a.csv', '2021-12', [
      groupLine('U1', 'P1', 1n),
      groupLine('U1', 'P2', 1n),
    ]);
    expect(conflict).toMatchObject({ holder: 'incoming/0.csv', group: { projectCode: 'P2' } });
    const ranges = ddb
      .commandCalls(QueryCommand)
      .map((c) => c.args[0].input)
      .filter((i) => i.Limit === undefined && i.ExpressionAttributeValues?.[':from'] !== undefined);
    expect(
      ranges.map((r) => [r.ExpressionAttributeValues?.[':from']?.S, r.ExpressionAttributeValues?.[':to']?.S]),
    ).toEqual([
      ['LINE#', 'LINE#incoming%2Fa.csv#'],
      ['LINE#incoming%2Fa.csv$', 'LINE$'],
    ]);
    expect(ranges[0]?.ProjectionExpression).toBe('#sk');
    expect(ddb.commandCalls(BatchGetItemCommand)).toHaveLength(0);
    expect(
      await firstHolder(many, 'incoming/a.csv', '2021-12', [
        groupLine('U1', 'P1', 1n),
        groupLine('U9', 'P9', 1n),
      ]),
    ).toBeNull();
  });

  it('reads two one-item pages and nothing else for a first upload into an empty period', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    expect(await firstHolder(store, 'incoming/a.csv', '2021-12', [groupLine('U1', 'P1', 1n)])).toBeNull();
    expect(ddb.commandCalls(QueryCommand).map((c) => c.args[0].input.Limit)).toEqual([1, 1]);
    expect(ddb.calls()).toHaveLength(2);
  });

  it('cleans up only generations that can no longer go live and whose attempt holds no lease', async () => {
    const old = '9'.padEnd(32, '0');
    const leased = '8'.padEnd(32, '0');
    const inFlight = 'B'.padEnd(32, '0');
    ddb.on(GetItemCommand, { Key: { pk: { S: 'SOURCES' }, sk: { S: 'incoming/a.csv' } } }).resolves({
      Item: {
        sk: { S: 'incoming/a.csv' },
        sequencer: { S },
        activeGen: { S },
        activePeriod: { S: '2021-12' },
        generations: { SS: [`2021-12#${S}`, `2021-11#${old}`, `2021-12#${leased}`, `2021-12#${inFlight}`] },
      },
    });
    ddb.on(GetItemCommand, { Key: { pk: { S: 'LEASE#2021-11' } } }, false).resolves({});
    ddb.on(GetItemCommand, { Key: { pk: { S: 'LEASE#2021-12' } } }, false).resolves({
      Item: {
        sourceKey: { S: 'incoming/a.csv' },
        gen: { S: leased },
        token: { S: 't2' },
        expiresAt: { N: String(NOW + 1) },
      },
    });
    ddb.on(QueryCommand).resolves({
      Items: [
        { sk: { S: `LINE#incoming%2Fa.csv#${old}#U1#P1#x` } },
        { sk: { S: `LINE#incoming%2Fa.csv#${old}#U1#P2#x` } },
      ],
    });
    ddb.on(BatchWriteItemCommand).resolves({});
    ddb.on(UpdateItemCommand).resolves({});

    const summary = await store.reconcileSource('incoming/a.csv');

    expect(summary).toEqual({ linesDeleted: 2, generationsDropped: 1, periodsPruned: ['2021-11'] });
    const query = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(query).toHaveLength(1);
    expect(query[0]?.ExpressionAttributeValues).toEqual({
      ':pk': { S: 'PERIOD#2021-11' },
      ':prefix': { S: `LINE#incoming%2Fa.csv#${old}#` },
    });
    const deletes = ddb.commandCalls(BatchWriteItemCommand)[0]?.args[0].input.RequestItems?.[TABLE];
    expect(deletes?.map((r) => r.DeleteRequest?.Key?.sk?.S)).toEqual([
      `LINE#incoming%2Fa.csv#${old}#U1#P1#x`,
      `LINE#incoming%2Fa.csv#${old}#U1#P2#x`,
    ]);
    const drop = ddb.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(drop?.UpdateExpression).toBe('DELETE #generations :generation');
    expect(drop?.ExpressionAttributeValues?.[':generation']).toEqual({ SS: [`2021-11#${old}`] });
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

  it('checks key sizes of any number of groups (no argument spreading that overflows the stack)', () => {
    const groups = Array.from({ length: 300_000 }, (_, i) => ({
      unitCode: `U${i % 1000}`,
      projectCode: `P${i}`,
      fundType: '一般公共预算' as const,
    }));
    expect(store.storageProblem('incoming/a.csv', groups)).toBeNull();
    expect(
      store.storageProblem('incoming/a.csv', [
        { unitCode: 'U1', projectCode: 'P'.repeat(1000), fundType: '一般公共预算' },
      ]),
    ).toMatch(/too long to store/);
  });

  it('never scans: every read is a GetItem or a Query on one partition', async () => {
    ddb.on(GetItemCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    await store.getHead('incoming/a.csv');
    await store.listHeads();
    await store.readPeriods(['2021-11', '2021-12']);
    await store.reconcileSource('incoming/a.csv', { period: '2021-12', gen: S });
    const commands = ddb.calls().map((call) => call.args[0].constructor.name);
    expect(new Set(commands)).toEqual(new Set(['GetItemCommand', 'QueryCommand']));
  });
});
