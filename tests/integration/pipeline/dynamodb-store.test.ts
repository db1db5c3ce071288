/**
 * DynamoDbPipelineStore against dynalite over the real protocol: the write order, the
 * conditional commit, period leases, the conflict check and cleanup behave as
 * docs/pipeline.md says.
 */
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeSequencer } from '../../../functions/common/sequencer';
import { DynamoDbPipelineStore } from '../../../functions/store/dynamodb/dynamodb-pipeline-store';
import type { CommitVersion } from '../../../functions/store/source-head';
import type { GroupLine } from '../../../shared/domain-types';
import { type Emulators, startEmulators } from '../../support/emulators';
import { groupLine } from '../../support/group-lines';

/** The first holder the conflict check names (what a rejection message quotes), or null. */
const firstHolder = async (
  on: DynamoDbPipelineStore,
  ...args: Parameters<DynamoDbPipelineStore['findHolders']>
) => (await on.findHolders(...args))[0] ?? null;

const TABLE = 'store-test';
let emulators: Emulators;
let store: DynamoDbPipelineStore;

beforeAll(async () => {
  emulators = await startEmulators({ buckets: [], tableName: TABLE });
  store = new DynamoDbPipelineStore({ client: emulators.dynamodb, tableName: TABLE });
});
afterAll(async () => {
  await emulators.close();
});

const seq = (n: number): string => normalizeSequencer(n.toString(16).toUpperCase().padStart(16, '0'));

function version(key: string, sequencer: string, period: string, lines: GroupLine[]): CommitVersion {
  return {
    key,
    sequencer,
    period,
    rows: lines.length,
    sha256: `sha-${sequencer.slice(0, 18)}`,
    etag: 'etag',
    versionId: null,
    groups: lines.length,
    totals: { budget: 0n, spentThisMonth: 0n, spentToDate: 0n },
    errors: [],
    errorCount: 0,
    warnings: [],
    processedAt: '2022-01-05T00:00:00.000Z',
    runBegan: null,
  };
}

/** The write path of ingest for a valid file, step by step (see commit-under-lease.ts). */
async function ingest(key: string, sequencer: string, period: string, lines: GroupLine[], on = store) {
  const generation = { period, gen: sequencer };
  await on.registerGeneration(key, generation);
  const lease = await on.acquirePeriodLease(period, key, sequencer);
  try {
    const conflict = await firstHolder(on, key, period, lines);
    if (conflict !== null) return { kind: 'conflict' as const, ...conflict };
    await on.putLines(key, sequencer, period, lines);
    return { kind: await on.commitVersion(version(key, sequencer, period, lines)) };
  } finally {
    await on.releasePeriodLease(lease);
    await on.reconcileSource(key, generation);
  }
}

async function partition(pk: string) {
  const out = await emulators.dynamodb.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: pk } },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

const budgets = async (period: string) =>
  ((await store.readPeriods([period])).get(period)?.lines ?? [])
    .map((l) => `${l.sourceKey}:${l.unitCode}/${l.projectCode}=${l.amounts.budget}`)
    .sort();

describe('DynamoDbPipelineStore on dynalite', () => {
  it('commits a version, then a newer generation replaces it without a mixed read', async () => {
    const key = 'incoming/a.csv';
    expect(
      await ingest(key, seq(10), '2021-01', [groupLine('U1', 'P1', 100n), groupLine('U1', 'P2', 200n)]),
    ).toEqual({
      kind: 'recorded',
    });
    expect(await budgets('2021-01')).toEqual(['incoming/a.csv:U1/P1=100', 'incoming/a.csv:U1/P2=200']);

    // Generation 2 written but not committed: readers still see generation 1 only.
    const next = [groupLine('U1', 'P1', 150n), groupLine('U1', 'P3', 300n)];
    await store.registerGeneration(key, { period: '2021-01', gen: seq(20) });
    await store.putLines(key, seq(20), '2021-01', next);
    expect(await budgets('2021-01')).toEqual(['incoming/a.csv:U1/P1=100', 'incoming/a.csv:U1/P2=200']);

    expect(await store.commitVersion(version(key, seq(20), '2021-01', next))).toBe('recorded');
    expect(await budgets('2021-01')).toEqual(['incoming/a.csv:U1/P1=150', 'incoming/a.csv:U1/P3=300']);

    const summary = await store.reconcileSource(key, { period: '2021-01', gen: seq(20) });
    expect(summary).toEqual({ linesDeleted: 2, generationsDropped: 1, periodsPruned: [] });
    const lines = await partition('PERIOD#2021-01');
    expect(lines.map((item) => item.gen?.S)).toEqual([seq(20), seq(20)]);
    expect((await store.getHead(key))?.generations).toEqual([{ period: '2021-01', gen: seq(20) }]);
    // Nothing but lines and heads: no claim items, and the lease was given back.
    expect(await partition('CLAIM#2021-01')).toEqual([]);
    expect(await partition('LEASE#2021-01')).toEqual([]);
  });

  it('refuses an older version after a newer one committed, and cleans up its lines', async () => {
    const key = 'incoming/a.csv';
    const stale = [groupLine('U1', 'P9', 999n)];
    await store.registerGeneration(key, { period: '2021-01', gen: seq(15) });
    await store.putLines(key, seq(15), '2021-01', stale);
    expect(await store.commitVersion(version(key, seq(15), '2021-01', stale))).toBe('superseded');
    // The loser's cleanup removes its own lines; the live data is untouched.
    await store.reconcileSource(key, { period: '2021-01', gen: seq(15) });
    expect(await budgets('2021-01')).toEqual(['incoming/a.csv:U1/P1=150', 'incoming/a.csv:U1/P3=300']);
    expect((await partition('PERIOD#2021-01')).map((l) => l.gen?.S)).toEqual([seq(20), seq(20)]);
  });

  it('rejects a second source claiming a held group, naming the holder, and writes none of its lines', async () => {
    const other = 'incoming/b.csv';
    const result = await ingest(other, seq(30), '2021-01', [
      groupLine('U0', 'P0', 1n),
      groupLine('U1', 'P1', 2n),
      groupLine('U1', 'P3', 3n),
    ]);
    expect(result).toEqual({
      kind: 'conflict',
      holder: 'incoming/a.csv',
      group: { unitCode: 'U1', projectCode: 'P1', fundType: '一般公共预算' },
    });
    const rejected = version(other, seq(30), '2021-01', []);
    expect(await store.recordRejection(rejected)).toBe('recorded');
    await store.reconcileSource(other, { period: '2021-01', gen: seq(30) });
    const lines = await partition('PERIOD#2021-01');
    expect(lines.map((l) => l.sourceKey?.S)).toEqual(['incoming/a.csv', 'incoming/a.csv']);
    const head = await store.getHead(other);
    expect(head).toMatchObject({ status: 'rejected', generations: [], periods: [] });
  });

  it('keeps an accepted version live when a newer version of the same key is rejected', async () => {
    const key = 'incoming/a.csv';
    expect(await store.recordRejection({ ...version(key, seq(40), '2021-01', []), errorCount: 1 })).toBe(
      'recorded',
    );
    const head = await store.getHead(key);
    expect(head?.status).toBe('rejected');
    expect(head?.active?.gen).toBe(seq(20));
    expect(await budgets('2021-01')).toEqual(['incoming/a.csv:U1/P1=150', 'incoming/a.csv:U1/P3=300']);
    // A rejection for a version older than the one recorded loses.
    expect(await store.recordRejection(version(key, seq(35), '2021-01', []))).toBe('superseded');
  });

  it('moves a key to another period, cleaning and pruning the old one', async () => {
    const key = 'incoming/a.csv';
    expect(await ingest(key, seq(50), '2021-02', [groupLine('U1', 'P1', 7n)])).toEqual({ kind: 'recorded' });
    const head = await store.getHead(key);
    expect(head?.active?.period).toBe('2021-02');
    expect(head?.previousPeriod).toBe('2021-01');
    expect(head?.periods).toEqual(['2021-02']);
    expect(await partition('PERIOD#2021-01')).toEqual([]);
    expect(await budgets('2021-02')).toEqual(['incoming/a.csv:U1/P1=7']);
  });

  it('does not count the lines of a version that never went live as held', async () => {
    // d.csv wrote lines for U1/P1 in 2021-02 and crashed before its flip: invisible, and no claim.
    await store.registerGeneration('incoming/d.csv', { period: '2021-02', gen: seq(51) });
    await store.putLines('incoming/d.csv', seq(51), '2021-02', [
      groupLine('U9', 'P9', 1n),
      groupLine('U9', 'P8', 1n),
    ]);
    expect(await ingest('incoming/e.csv', seq(52), '2021-02', [groupLine('U9', 'P9', 2n)])).toEqual({
      kind: 'recorded',
    });
    expect(await budgets('2021-02')).toEqual(['incoming/a.csv:U1/P1=7', 'incoming/e.csv:U9/P9=2']);
    // ...while a live one is held: a.csv's U1/P1.
    expect(await ingest('incoming/f.csv', seq(53), '2021-02', [groupLine('U1', 'P1', 1n)])).toMatchObject({
      kind: 'conflict',
      holder: 'incoming/a.csv',
    });
  });

  it("gives the same answers when it reads the period's lines instead of looking up line keys", async () => {
    const scanning = new DynamoDbPipelineStore({
      client: emulators.dynamodb,
      tableName: TABLE,
      conflictLookupLimit: 0,
    });
    for (const checker of [store, scanning]) {
      expect(await firstHolder(checker, 'incoming/f.csv', '2021-02', [groupLine('U1', 'P1', 1n)])).toEqual({
        holder: 'incoming/a.csv',
        group: { unitCode: 'U1', projectCode: 'P1', fundType: '一般公共预算' },
      });
      // d.csv's never-committed line for U9/P8 holds nothing; e.csv's live U9/P9 does.
      expect(await firstHolder(checker, 'incoming/f.csv', '2021-02', [groupLine('U9', 'P8', 1n)])).toBeNull();
      expect(
        await firstHolder(checker, 'incoming/f.csv', '2021-02', [
          groupLine('U0', 'P0', 1n),
          groupLine('U9', 'P9', 1n),
        ]),
      ).toMatchObject({ holder: 'incoming/e.csv' });
      // A key's own lines are never a conflict.
      expect(await firstHolder(checker, 'incoming/a.csv', '2021-02', [groupLine('U1', 'P1', 1n)])).toBeNull();
    }
  });

  it('does not remove the lines of a newer version still in flight', async () => {
    const key = 'incoming/c.csv';
    await ingest(key, seq(60), '2021-03', [groupLine('U3', 'P1', 1n)]);
    const inflight = [groupLine('U3', 'P1', 2n)];
    await store.registerGeneration(key, { period: '2021-03', gen: seq(70) });
    await store.putLines(key, seq(70), '2021-03', inflight);
    // A redelivery of the older version runs cleanup meanwhile.
    await store.reconcileSource(key);
    expect(await store.commitVersion(version(key, seq(70), '2021-03', inflight))).toBe('recorded');
    expect(await budgets('2021-03')).toEqual(['incoming/c.csv:U3/P1=2']);
  });

  it('does not remove the lines of an attempt that still holds its period lease', async () => {
    const key = 'incoming/g.csv';
    expect(await ingest(key, seq(61), '2021-04', [groupLine('U4', 'P1', 1n)])).toEqual({ kind: 'recorded' });
    // An attempt at an older version took the lease before a newer version was recorded...
    const lease = await store.acquirePeriodLease('2021-04', key, seq(59));
    await store.registerGeneration(key, { period: '2021-04', gen: seq(59) });
    await store.putLines(key, seq(59), '2021-04', [groupLine('U4', 'P2', 5n)]);
    // ...so cleanup leaves its lines: it may still be writing more.
    expect(await store.reconcileSource(key)).toMatchObject({ linesDeleted: 0, generationsDropped: 0 });
    await store.releasePeriodLease(lease);
    expect(await store.reconcileSource(key)).toMatchObject({ linesDeleted: 1, generationsDropped: 1 });
    expect((await partition('PERIOD#2021-04')).map((l) => l.gen?.S)).toEqual([seq(61)]);
  });

  it('retracts a deleted key completely', async () => {
    const key = 'incoming/c.csv';
    expect(await store.recordDeletion(key, seq(80), '2022-01-06T00:00:00.000Z')).toBe('recorded');
    expect(await budgets('2021-03')).toEqual([]);
    await store.reconcileSource(key);
    expect(await partition('PERIOD#2021-03')).toEqual([]);
    const head = await store.getHead(key);
    expect(head).toMatchObject({
      status: 'deleted',
      active: null,
      previousPeriod: '2021-03',
      generations: [],
      periods: [],
    });
    // An older creation event arriving late cannot resurrect it.
    expect(await store.commitVersion(version(key, seq(75), '2021-03', []))).toBe('superseded');
  });

  it('marks the status written only for the recorded sequencer', async () => {
    const key = 'incoming/c.csv';
    await store.markStatusWritten(key, seq(70));
    expect((await store.getHead(key))?.statusSequencer).toBeNull();
    await store.markStatusWritten(key, seq(80));
    expect((await store.getHead(key))?.statusSequencer).toBe(seq(80));
  });

  it('lets exactly one of two sources racing for overlapping groups win', async () => {
    for (let round = 0; round < 5; round++) {
      const period = `2020-0${round + 1}`;
      const left = [groupLine('R1', 'P1', 1n), groupLine('R2', 'P1', 1n), groupLine('R3', 'P1', 1n)];
      const right = [groupLine('R3', 'P1', 2n), groupLine('R2', 'P1', 2n), groupLine('R4', 'P1', 2n)];
      const [a, b] = await Promise.all([
        ingest('incoming/left.csv', seq(100 + round), period, left),
        ingest('incoming/right.csv', seq(200 + round), period, right),
      ]);
      expect([a.kind, b.kind].sort()).toEqual(['conflict', 'recorded']);
      const owners = new Set(
        ((await store.readPeriods([period])).get(period)?.lines ?? [])
          .filter((l) => l.unitCode === 'R2' || l.unitCode === 'R3')
          .map((l) => l.sourceKey),
      );
      expect(owners.size).toBe(1);
      expect(await partition(`LEASE#${period}`)).toEqual([]);
    }
  });

  it("lets a crashed attempt's version take its lease over; others wait until it expires", async () => {
    let now = Date.parse('2022-01-05T00:00:00.000Z');
    const noWait = { maxRetries: 0, baseMs: 1, capMs: 1, sleep: async () => {}, random: () => 0 };
    const clocked = new DynamoDbPipelineStore({
      client: emulators.dynamodb,
      tableName: TABLE,
      leaseMs: 60_000,
      leaseWait: noWait,
      now: () => now,
    });
    // An attempt takes the lease and crashes: it is never given back.
    const crashed = await clocked.acquirePeriodLease('2020-09', 'incoming/h.csv', seq(300));
    expect(crashed.tookOver).toBe(false);

    await expect(clocked.acquirePeriodLease('2020-09', 'incoming/i.csv', seq(301))).rejects.toMatchObject({
      name: 'PeriodLeaseHeldError',
      holder: 'incoming/h.csv',
    });
    // The redelivery of the same version takes it over (and so must not give it back on error).
    const retry = await clocked.acquirePeriodLease('2020-09', 'incoming/h.csv', seq(300));
    expect(retry.tookOver).toBe(true);
    // The crashed attempt's token no longer frees it.
    await clocked.releasePeriodLease(crashed);
    expect(await partition('LEASE#2020-09')).toHaveLength(1);

    now += 60_001;
    const other = await clocked.acquirePeriodLease('2020-09', 'incoming/i.csv', seq(301));
    expect(other.tookOver).toBe(false);
    await clocked.releasePeriodLease(other);
    expect(await partition('LEASE#2020-09')).toEqual([]);
  });

  it('lists every head in one query', async () => {
    const heads = await store.listHeads();
    expect(heads.filter((h) => /^incoming\/[abc]\.csv$/.test(h.key)).map((h) => [h.key, h.status])).toEqual([
      ['incoming/a.csv', 'accepted'],
      ['incoming/b.csv', 'rejected'],
      ['incoming/c.csv', 'deleted'],
    ]);
  });
});
