/**
 * DynamoDbPipelineStore against dynalite over the real protocol: the write order, the
 * conditional commit, claims and cleanup behave as docs/pipeline.md says.
 */
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeSequencer } from '../../../functions/common/sequencer';
import { DynamoDbPipelineStore } from '../../../functions/store/dynamodb/dynamodb-pipeline-store';
import type { CommitVersion } from '../../../functions/store/source-head';
import type { GroupLine } from '../../../shared/domain-types';
import { type Emulators, startEmulators } from '../../support/emulators';
import { groupLine } from '../../support/group-lines';

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
  };
}

/** The write path of ingest for a valid file, step by step. */
async function ingest(key: string, sequencer: string, period: string, lines: GroupLine[]) {
  await store.registerPeriod(key, period);
  const claim = await store.claimGroups(key, sequencer, period, lines);
  if (claim.kind !== 'claimed') return claim;
  await store.putLines(key, sequencer, period, lines);
  const commit = await store.commitVersion(version(key, sequencer, period, lines));
  await store.reconcileSource(key, [period]);
  return { kind: commit };
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
    await store.claimGroups(key, seq(20), '2021-01', next);
    await store.putLines(key, seq(20), '2021-01', next);
    expect(await budgets('2021-01')).toEqual(['incoming/a.csv:U1/P1=100', 'incoming/a.csv:U1/P2=200']);

    expect(await store.commitVersion(version(key, seq(20), '2021-01', next))).toBe('recorded');
    expect(await budgets('2021-01')).toEqual(['incoming/a.csv:U1/P1=150', 'incoming/a.csv:U1/P3=300']);

    const summary = await store.reconcileSource(key, ['2021-01']);
    expect(summary).toEqual({ linesDeleted: 2, claimsReleased: 1, periodsPruned: [] });
    const lines = await partition('PERIOD#2021-01');
    expect(lines.map((item) => item.gen?.S)).toEqual([seq(20), seq(20)]);
    const claims = await partition('CLAIM#2021-01');
    expect(claims.map((c) => [c.sk?.S, c.owner?.S, c.gen?.S])).toEqual([
      ['U1#P1#%E4%B8%80%E8%88%AC%E5%85%AC%E5%85%B1%E9%A2%84%E7%AE%97', key, seq(20)],
      ['U1#P3#%E4%B8%80%E8%88%AC%E5%85%AC%E5%85%B1%E9%A2%84%E7%AE%97', key, seq(20)],
    ]);
  });

  it('refuses an older version after a newer one committed', async () => {
    const key = 'incoming/a.csv';
    const stale = [groupLine('U1', 'P9', 999n)];
    await store.claimGroups(key, seq(15), '2021-01', stale);
    expect(await store.commitVersion(version(key, seq(15), '2021-01', stale))).toBe('superseded');
    // The loser's cleanup removes its own claim; the live data is untouched.
    await store.reconcileSource(key, ['2021-01']);
    expect(await budgets('2021-01')).toEqual(['incoming/a.csv:U1/P1=150', 'incoming/a.csv:U1/P3=300']);
    expect((await partition('CLAIM#2021-01')).map((c) => c.sk?.S?.slice(0, 5))).toEqual(['U1#P1', 'U1#P3']);
  });

  it('rejects a second source claiming a held group, naming the holder, and releases its partial claims', async () => {
    const other = 'incoming/b.csv';
    // U0/P0 sorts before U1/P1, so it is claimed before the conflict is met.
    const result = await ingest(other, seq(30), '2021-01', [
      groupLine('U0', 'P0', 1n),
      groupLine('U1', 'P1', 2n),
    ]);
    expect(result).toEqual({
      kind: 'conflict',
      holder: 'incoming/a.csv',
      group: { unitCode: 'U1', projectCode: 'P1', fundType: '一般公共预算' },
    });
    const rejected = version(other, seq(30), '2021-01', []);
    expect(await store.recordRejection(rejected)).toBe('recorded');
    await store.reconcileSource(other, ['2021-01']);
    const claims = await partition('CLAIM#2021-01');
    expect(claims.map((c) => c.owner?.S)).toEqual(['incoming/a.csv', 'incoming/a.csv']);
    expect((await store.getHead(other))?.status).toBe('rejected');
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
    expect(await partition('CLAIM#2021-01')).toEqual([]);
    expect(await budgets('2021-02')).toEqual(['incoming/a.csv:U1/P1=7']);
  });

  it('does not remove the lines of a newer version still in flight', async () => {
    const key = 'incoming/c.csv';
    await ingest(key, seq(60), '2021-03', [groupLine('U3', 'P1', 1n)]);
    const inflight = [groupLine('U3', 'P1', 2n)];
    await store.registerPeriod(key, '2021-03');
    await store.claimGroups(key, seq(70), '2021-03', inflight);
    await store.putLines(key, seq(70), '2021-03', inflight);
    // A redelivery of the older version runs cleanup meanwhile.
    await store.reconcileSource(key, []);
    expect(await store.commitVersion(version(key, seq(70), '2021-03', inflight))).toBe('recorded');
    expect(await budgets('2021-03')).toEqual(['incoming/c.csv:U3/P1=2']);
  });

  it('retracts a deleted key completely', async () => {
    const key = 'incoming/c.csv';
    expect(await store.recordDeletion(key, seq(80), '2022-01-06T00:00:00.000Z')).toBe('recorded');
    expect(await budgets('2021-03')).toEqual([]);
    await store.reconcileSource(key, []);
    expect(await partition('PERIOD#2021-03')).toEqual([]);
    expect(await partition('CLAIM#2021-03')).toEqual([]);
    const head = await store.getHead(key);
    expect(head).toMatchObject({ status: 'deleted', active: null, previousPeriod: '2021-03', periods: [] });
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
        store.claimGroups('incoming/left.csv', seq(100 + round), period, left),
        store.claimGroups('incoming/right.csv', seq(200 + round), period, right),
      ]);
      expect([a.kind, b.kind].sort()).toEqual(['claimed', 'conflict']);
      const owners = new Set(
        (await partition(`CLAIM#${period}`)).filter((c) => c.sk?.S?.startsWith('R2')).map((c) => c.owner?.S),
      );
      expect(owners.size).toBe(1);
    }
  });

  it('lists every head in one query', async () => {
    const heads = await store.listHeads();
    expect(heads.map((h) => [h.key, h.status])).toEqual([
      ['incoming/a.csv', 'accepted'],
      ['incoming/b.csv', 'rejected'],
      ['incoming/c.csv', 'deleted'],
    ]);
  });
});
