/**
 * Converges to rebuild (docs/contract.md §3.1), over seeded random schedules on a versioned bucket:
 * three units each upload valid and invalid versions into two periods, delete their key (a
 * delete marker), delete versions by id (the current one, an older one, or the delete marker:
 * an undelete), and move their file to a new key (`aws s3 mv`: copy, then delete). S3 → SQS
 * delivers every notification late, out of order, in batches, now and then twice or two
 * batches at once; render runs on the status objects written, at random points.
 *
 * After each schedule, the table and every snapshot must equal what a rebuild derives from the
 * bucket as it ends up (a fresh table; one event per key with a current version, oldest first,
 * naming that version; then render-all): live lines per period, no line left behind, every
 * reports/ object, report.json, lines.csv and index.json, and each key's status (a key that
 * ends deleted shows `deleted`; a rebuild has no status for it).
 *
 * Bucket model: tests/support/versioned-bucket.ts (s3rver keeps no versions); the table is
 * dynalite, the handlers are the real ones.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StatusRecord } from '../../../functions/common/status-record';
import { ingestSources, rebuildOrder, sourcesFromListing } from '../../../local/rebuild';
import { Sequencer } from '../../../local/s3-event';
import { type Emulators, startEmulators } from '../../support/emulators';
import { type ExportLine, exportCsv, fenText, seededRandom } from '../../support/export-csv';
import { PipelineWorld } from '../../support/pipeline-world';
import { type BucketChange, ModelUploadBucket, VersionedBucketModel } from '../../support/versioned-bucket';

const BASE_SEED = 0x7e25_1011;
/** More with VERSION_SCHEDULES=n (exploration); the default keeps npm test within its time budget. */
const SCHEDULES = Number(process.env.VERSION_SCHEDULES ?? 200);
const ACTIONS = Number(process.env.VERSION_ACTIONS ?? 9);
const PERIODS = [
  { year: 2021, month: 11 },
  { year: 2021, month: 12 },
];
const UNITS = ['U1', 'U2', 'U3'];

type Operation =
  | 'put'
  | 'putInvalid'
  | 'delete'
  | 'deleteCurrentVersion'
  | 'deleteOlderVersion'
  | 'undelete'
  | 'move';

interface Stats {
  schedules: number;
  operations: Record<Operation, number>;
  events: number;
  deliveries: number;
  duplicates: number;
  concurrentSteps: number;
  renders: number;
  reordered: number;
}

const stats: Stats = {
  schedules: 0,
  operations: {
    put: 0,
    putInvalid: 0,
    delete: 0,
    deleteCurrentVersion: 0,
    deleteOlderVersion: 0,
    undelete: 0,
    move: 0,
  },
  events: 0,
  deliveries: 0,
  duplicates: 0,
  concurrentSteps: 0,
  renders: 0,
  reordered: 0,
};

let emulators: Emulators;

beforeAll(async () => {
  emulators = await startEmulators({ buckets: [], tableName: 'unused' });
});

afterAll(async () => {
  const ops = Object.entries(stats.operations)
    .map(([name, n]) => `${n} ${name}`)
    .join(', ');
  console.log(
    `versioned-bucket schedules: ${stats.schedules} schedules × ${UNITS.length} units ` +
      `(seeds ${BASE_SEED}..${BASE_SEED + SCHEDULES - 1}); operations: ${ops}; ` +
      `${stats.deliveries} deliveries of ${stats.events} events (${stats.duplicates} duplicates, ` +
      `${stats.reordered} delivered before an earlier event of their key, ${stats.concurrentSteps} concurrent steps), ` +
      `${stats.renders} renders; each checked against a rebuild from the final bucket`,
  );
  await emulators?.close();
});

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

function versionBody(random: Random, unitCode: string, valid: boolean): string {
  const projects = ['P01', 'P02', 'P03'].filter((_, i) => i === 0 || random() < 0.5);
  const lines: ExportLine[] = projects.map((projectCode) => ({
    unitCode,
    projectCode,
    budgetFen: BigInt(1 + Math.floor(random() * 1e8)),
    spentThisMonthFen: BigInt(Math.floor(random() * 1e6)),
    spentToDateFen: BigInt(Math.floor(random() * 1e8)),
  }));
  const body = exportCsv(pick(random, PERIODS), lines);
  const first = lines[0];
  if (valid || first === undefined) return body;
  return body.replace(`,${fenText(first.budgetFen)},`, ',12.3.4,');
}

interface Message {
  key: string;
  order: number;
  event: unknown;
}

function retarget(event: unknown, bucket: string): unknown {
  const copy = JSON.parse(JSON.stringify(event)) as { Records: { s3: { bucket: { name: string } } }[] };
  for (const record of copy.Records) record.s3.bucket.name = bucket;
  return copy;
}

function statusView(status: StatusRecord | undefined) {
  if (status === undefined) return null;
  const { processedAt: _p, sequencer: _s, etag: _e, ...rest } = status;
  return rest;
}

const seeds = Array.from({ length: SCHEDULES }, (_, i) => BASE_SEED + i);

it.each(seeds)(
  'versioned schedule %i: table and snapshots equal a rebuild of the final bucket',
  async (seed) => {
    // Prepare
    const random = seededRandom(seed);
    const model = new VersionedBucketModel('model-uploads', () => random() < 0.2);
    const uploads = new ModelUploadBucket(model);
    const world = await PipelineWorld.create(emulators, { site: 'memory', uploads });
    const renderQueue = new Set<string>();
    uploads.onStatus = (key) => renderQueue.add(key);
    const current = new Map(UNITS.map((unit) => [unit, `incoming/${unit}/export.csv`]));
    const keysUsed = new Set(current.values());
    const pool: Message[] = [];
    let order = 0;
    let moves = 0;

    const enqueue = (...changes: BucketChange[]) => {
      for (const change of changes) {
        pool.push({ key: change.key, order: ++order, event: retarget(change.event, world.uploadBucket) });
        stats.events++;
        if (random() < 0.15) {
          pool.push({ key: change.key, order, event: retarget(change.event, world.uploadBucket) });
          stats.duplicates++;
        }
      }
    };

    const act = () => {
      const unit = pick(random, UNITS);
      const key = current.get(unit) ?? '';
      const entries = model.versionsOf(key);
      const top = entries[0];
      const choices: Operation[] = ['put', 'put', 'putInvalid'];
      if (top !== undefined && !top.deleteMarker) choices.push('delete', 'deleteCurrentVersion', 'move');
      if (entries.length > 1) choices.push('deleteOlderVersion');
      if (top?.deleteMarker) choices.push('undelete', 'undelete');
      const operation = pick(random, choices);
      stats.operations[operation]++;
      switch (operation) {
        case 'put':
        case 'putInvalid':
          enqueue(model.put(key, versionBody(random, unit, operation === 'put')));
          break;
        case 'delete':
          enqueue(model.delete(key));
          break;
        case 'deleteCurrentVersion':
        case 'undelete':
          enqueue(model.deleteVersion(key, top?.versionId ?? ''));
          break;
        case 'deleteOlderVersion':
          enqueue(model.deleteVersion(key, pick(random, entries.slice(1)).versionId));
          break;
        case 'move': {
          // The old key is left deleted for good: its versions stay, nothing touches it again.
          const to = `incoming/${unit}/moved-${++moves}.csv`;
          enqueue(...model.move(key, to));
          current.set(unit, to);
          keysUsed.add(to);
          break;
        }
      }
    };

    const takeBatch = (): Message[] => {
      const size = Math.min(pool.length, 1 + Math.floor(random() * 3));
      const batch: Message[] = [];
      for (let i = 0; i < size; i++) batch.push(...pool.splice(Math.floor(random() * pool.length), 1));
      for (const message of batch) {
        if (pool.some((other) => other.key === message.key && other.order < message.order)) stats.reordered++;
      }
      return batch;
    };

    const deliver = async (batch: Message[]) => {
      stats.deliveries += batch.length;
      const response = await world.deliver(batch.map((m) => m.event));
      const failed = new Set(
        response.batchItemFailures.map((f) => Number(f.itemIdentifier.split('-').at(-1))),
      );
      // A failed message comes back later (a lease held by a concurrent batch, say).
      batch.forEach((message, i) => {
        if (failed.has(i + 1)) pool.push(message);
      });
    };

    const render = async () => {
      const keys = [...renderQueue];
      renderQueue.clear();
      stats.renders++;
      const response = await world.renderKeys(keys);
      expect(response.batchItemFailures).toEqual([]);
    };

    // Act
    let actions = 0;
    while (actions < ACTIONS || pool.length > 0) {
      const roll = random();
      if (actions < ACTIONS && (pool.length === 0 || roll < 0.45)) {
        act();
        actions++;
      } else if (pool.length >= 2 && roll > 0.9) {
        stats.concurrentSteps++;
        const first = takeBatch();
        const second = takeBatch();
        await Promise.all([deliver(first), ...(second.length > 0 ? [deliver(second)] : [])]);
      } else {
        await deliver(takeBatch());
      }
      if (renderQueue.size > 0 && random() < 0.1) await render();
    }
    if (renderQueue.size > 0) await render();

    // The code path `budget rebuild` runs, on the bucket as it ends up.
    const rebuilt = new ModelUploadBucket(model);
    const clean = await PipelineWorld.create(emulators, { site: 'memory', uploads: rebuilt });
    const failed = await ingestSources(
      {
        uploadBucket: clean.uploadBucket,
        region: 'us-east-1',
        ingest: clean.ingest,
        log: () => {},
        attempts: 1,
        sequencer: new Sequencer(),
      },
      rebuildOrder(sourcesFromListing(model.listing())),
    );
    expect(failed).toEqual([]);
    await clean.renderAll();

    // Assess
    const actual = await world.observe();
    const expected = await clean.observe();
    expect(actual.staleLines).toEqual([]);
    expect({ seed, ...actual }).toEqual({ seed, ...expected });
    for (const key of keysUsed) {
      const mine = uploads.statuses.get(key);
      const theirs = rebuilt.statuses.get(key);
      if (theirs === undefined && mine !== undefined) {
        expect({ seed, key, status: mine.status }).toEqual({ seed, key, status: 'deleted' });
      } else {
        expect({ seed, key, status: statusView(mine) }).toEqual({ seed, key, status: statusView(theirs) });
      }
    }
    stats.schedules++;

    await world.dispose();
    await clean.dispose();
  },
);
