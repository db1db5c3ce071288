/**
 * Converges to rebuild (docs/contract.md §3.1), over seeded random schedules on a versioned bucket.
 * Two or three export keys contend for a small pool of groups, and in some schedules two
 * indicator files for the same sets (version-schedule-files.ts): each key gets valid versions
 * (a corrected re-upload, when its current one was valid too), invalid ones and ones with a
 * code just too long to store; it is deleted (a delete marker, often while it holds groups
 * others wait for), versions are deleted by id (the current one, an older one, or the delete
 * marker: an undelete, which brings the key's old run back and may displace a holder), and the
 * file is moved to a new key (`aws s3 mv`: copy, then delete). A schedule's keys may be long
 * (hashed status keys, or room for nothing but the short codes, or too long for anything) and
 * its long code fills the table's sort key exactly. S3 → SQS delivers every notification
 * late, out of order, in batches, now and then twice or two batches at once; render runs on
 * the status objects written, at random points.
 *
 * After each schedule, the table and every snapshot must equal what `budget rebuild`'s code
 * path (local/rebuild.ts: listing → holder-rule order → one event per key, then render-all)
 * derives from the bucket as it ends up: live lines per period and indicator sets per year, no
 * line left behind, every reports/ and self-evaluation/ object, report.json, lines.csv, the
 * pages, index.json and self-evaluation.json, and each key's status (a key that ends deleted
 * shows `deleted`; a rebuild has no status for it). A key whose current version holds a code
 * too long to store is refused naming the limit.
 *
 * The coverage line counts what the product did (from ingest's own log lines: displacements,
 * re-checks, files kept out by a holder) and what the generator did; each count has a floor
 * per schedule, so a generator that stopped covering something fails.
 *
 * Bucket model: tests/support/versioned-bucket.ts (s3rver keeps no versions); the table is
 * dynalite, the handlers are the real ones.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StatusRecord } from '../../../functions/common/status-record';
import type { LogAttributes, Telemetry } from '../../../functions/common/telemetry';
import { ingestSources, rebuildOrder, sourcesFromListing } from '../../../local/rebuild';
import { Sequencer } from '../../../local/s3-event';
import { type Emulators, startEmulators } from '../../support/emulators';
import { seededRandom } from '../../support/export-csv';
import { PipelineWorld } from '../../support/pipeline-world';
import { type BucketChange, ModelUploadBucket, VersionedBucketModel } from '../../support/versioned-bucket';
import {
  exportBody,
  exportKey,
  indicatorBody,
  indicatorKey,
  type KeyClass,
  longCodeFor,
  pick,
  pickKeyClass,
  type Random,
  tooLongCodeFor,
  type VersionKind,
} from './version-schedule-files';

/** Other seeds with VERSION_SEED=n (exploration beyond the default ones). */
const BASE_SEED = Number(process.env.VERSION_SEED ?? 0x7e25_1011);
/** More with VERSION_SCHEDULES=n (exploration); the default keeps npm test within its time budget. */
const SCHEDULES = Number(process.env.VERSION_SCHEDULES ?? 500);
/** Random operations after every file's first upload. */
const ACTIONS = Number(process.env.VERSION_ACTIONS ?? 3);
/** Share of schedules with two indicator files besides the exports (their renders cost more). */
const INDICATOR_SCHEDULES = 0.3;

type Operation =
  | 'put'
  | 'putInvalid'
  | 'putTooLong'
  | 'delete'
  | 'deleteCurrentVersion'
  | 'deleteOlderVersion'
  | 'undelete'
  | 'move';

/** What the generator did and what the product did with it; each has a floor (see the end). */
interface Coverage {
  /** A later holder's groups taken by a key whose run began first (ingest: "holder displaced"). */
  displacements: number;
  /** Keys checked again once what kept them out changed (ingest: "file re-checked"). */
  rechecks: number;
  /** Versions kept out because another key held a group (outcome `conflict`). */
  keptOut: number;
  /** Schedules with three export keys contending (the others have two). */
  threeKeySchedules: number;
  /** A valid version uploaded over a valid one (a corrected re-upload). */
  corrections: number;
  /** A delete, current-version delete or move of a key that held live data at that moment. */
  holderDeletes: number;
  /** Versions uploaded under keys with a hashed status key or no room beyond the short codes. */
  longKeyUploads: number;
  /** Versions uploaded under keys S3 takes but the table cannot (refused naming the limit). */
  overLimitUploads: number;
  /** Versions with a code that fills the sort key exactly. */
  longCodeUploads: number;
  /** Versions with a code just too long (refused naming the limit). */
  tooLongUploads: number;
  /** Schedules that ended with a long code or a long key live. */
  longLive: number;
  /** Indicator file versions uploaded. */
  indicatorUploads: number;
  /** Schedules that ended with indicator sets live. */
  indicatorsLive: number;
}

interface Stats {
  schedules: number;
  operations: Record<Operation, number>;
  coverage: Coverage;
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
    putTooLong: 0,
    delete: 0,
    deleteCurrentVersion: 0,
    deleteOlderVersion: 0,
    undelete: 0,
    move: 0,
  },
  coverage: {
    displacements: 0,
    rechecks: 0,
    keptOut: 0,
    threeKeySchedules: 0,
    corrections: 0,
    holderDeletes: 0,
    longKeyUploads: 0,
    overLimitUploads: 0,
    longCodeUploads: 0,
    tooLongUploads: 0,
    longLive: 0,
    indicatorUploads: 0,
    indicatorsLive: 0,
  },
  events: 0,
  deliveries: 0,
  duplicates: 0,
  concurrentSteps: 0,
  renders: 0,
  reordered: 0,
};

/**
 * Floors per 100 schedules, about half of what the seeds give (the coverage line shows it; two
 * batches delivered at once make the counts vary a little), so that a generator that stopped
 * producing one of them fails rather than passing emptily. Checked from 100 schedules up.
 */
const FLOORS_PER_100: Coverage = {
  displacements: 15,
  rechecks: 30,
  keptOut: 40,
  threeKeySchedules: 30,
  corrections: 20,
  holderDeletes: 25,
  longKeyUploads: 40,
  overLimitUploads: 4,
  longCodeUploads: 60,
  tooLongUploads: 5,
  longLive: 20,
  indicatorUploads: 30,
  indicatorsLive: 10,
};

/** Counts ingest's own log lines: what it did, not what the generator hoped for. */
function countingTelemetry(coverage: Coverage): Telemetry {
  const info = (message: string, attributes?: LogAttributes) => {
    if (message === 'holder displaced') coverage.displacements++;
    if (message === 'file re-checked') coverage.rechecks++;
    if ((message === 'file processed' || message === 'file re-checked') && attributes?.outcome === 'conflict')
      coverage.keptOut++;
  };
  return {
    logger: { debug() {}, info, warn() {}, error() {} },
    metrics: { count() {}, milliseconds() {}, flush() {} },
  };
}

let emulators: Emulators;

beforeAll(async () => {
  emulators = await startEmulators({ buckets: [], tableName: 'unused' });
});

afterAll(async () => {
  const ops = Object.entries(stats.operations)
    .map(([name, n]) => `${n} ${name}`)
    .join(', ');
  const coverage = Object.entries(stats.coverage)
    .map(([name, n]) => `${n} ${name}`)
    .join(', ');
  console.log(
    `versioned-bucket schedules: ${stats.schedules} schedules of a first upload per key and ${ACTIONS} operations ` +
      `(seeds ${BASE_SEED}..${BASE_SEED + SCHEDULES - 1}); operations: ${ops}; coverage: ${coverage}; ` +
      `${stats.deliveries} deliveries of ${stats.events} events (${stats.duplicates} duplicates, ` +
      `${stats.reordered} delivered before an earlier event of their key, ${stats.concurrentSteps} concurrent steps), ` +
      `${stats.renders} renders; each checked against a rebuild from the final bucket`,
  );
  await emulators?.close();
});

interface Message {
  key: string;
  order: number;
  event: unknown;
}

/** A file someone keeps uploading, under one key at a time (a move gives it a new one). */
interface Actor {
  kind: 'export' | 'indicators';
  key: string;
  keyClass: KeyClass;
  longCode: string | null;
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

const LIMIT_MESSAGE =
  /too long to store: \d+ bytes once encoded, over DynamoDB's sort-key limit of 1024 bytes/;

const seeds = Array.from({ length: SCHEDULES }, (_, i) => BASE_SEED + i);

it.each(seeds)(
  'versioned schedule %i: table and snapshots equal a rebuild of the final bucket',
  async (seed) => {
    // Prepare
    const random: Random = seededRandom(seed);
    const coverage = stats.coverage;
    const model = new VersionedBucketModel('model-uploads', () => random() < 0.2);
    const uploads = new ModelUploadBucket(model);
    const world = await PipelineWorld.create(emulators, {
      site: 'memory',
      uploads,
      ingestTelemetry: countingTelemetry(coverage),
    });
    const renderQueue = new Set<string>();
    uploads.onStatus = (key) => renderQueue.add(key);

    const keyClass = pickKeyClass(random);
    const letters = [...'defghijklmnopqrstuvw'];
    const actors: Actor[] = [];
    const exportKeys = random() < 0.5 ? 2 : 3;
    if (exportKeys === 3) coverage.threeKeySchedules++;
    for (const letter of ['a', 'b', 'c'].slice(0, exportKeys)) {
      const key = exportKey(keyClass, letter);
      actors.push({ kind: 'export', key, keyClass, longCode: longCodeFor(key, 'export') });
    }
    if (random() < INDICATOR_SCHEDULES) {
      for (const letter of ['x', 'y']) {
        const key = indicatorKey(letter);
        actors.push({ kind: 'indicators', key, keyClass: 'short', longCode: longCodeFor(key, 'indicators') });
      }
    }
    const keysUsed = new Set(actors.map((actor) => actor.key));
    /** What each version was made as, to check the refusals of codes too long to store. */
    const kinds = new Map<string, VersionKind>();
    const pool: Message[] = [];
    let order = 0;

    const enqueue = (...changes: BucketChange[]) => {
      for (const change of changes) {
        pool.push({ key: change.key, order: ++order, event: retarget(change.event, world.uploadBucket) });
        stats.events++;
        if (random() < 0.12) {
          pool.push({ key: change.key, order, event: retarget(change.event, world.uploadBucket) });
          stats.duplicates++;
        }
      }
    };

    const upload = (actor: Actor, kind: VersionKind) => {
      const top = model.versionsOf(actor.key)[0];
      const body = (actor.kind === 'export' ? exportBody : indicatorBody)(
        random,
        kind,
        actor.longCode,
        tooLongCodeFor(random, actor.key, actor.kind),
      );
      if (kind === 'valid' && top?.body != null && kinds.get(top.versionId) === 'valid')
        coverage.corrections++;
      if (actor.kind === 'indicators') coverage.indicatorUploads++;
      if (actor.keyClass === 'longName' || actor.keyClass === 'nearLimit') coverage.longKeyUploads++;
      if (actor.keyClass === 'overLimit') coverage.overLimitUploads++;
      if (actor.longCode !== null && body.includes(actor.longCode)) coverage.longCodeUploads++;
      if (kind === 'tooLong') coverage.tooLongUploads++;
      const change = model.put(actor.key, body);
      kinds.set(change.versionId, kind);
      enqueue(change);
    };

    const act = async () => {
      const actor = pick(random, actors);
      const entries = model.versionsOf(actor.key);
      const top = entries[0];
      const choices: Operation[] = ['put', 'put', 'putInvalid'];
      if (random() < 0.3) choices.push('putTooLong');
      if (top !== undefined && !top.deleteMarker) choices.push('delete', 'deleteCurrentVersion', 'move');
      if (entries.length > 1) choices.push('deleteOlderVersion');
      if (top?.deleteMarker) choices.push('undelete', 'undelete');
      const operation = pick(random, choices);
      stats.operations[operation]++;
      if (operation === 'delete' || operation === 'deleteCurrentVersion' || operation === 'move') {
        if ((await world.store.getHead(actor.key))?.active != null) coverage.holderDeletes++;
      }
      switch (operation) {
        case 'put':
          upload(actor, 'valid');
          break;
        case 'putInvalid':
          upload(actor, 'invalid');
          break;
        case 'putTooLong':
          upload(actor, 'tooLong');
          break;
        case 'delete':
          enqueue(model.delete(actor.key));
          break;
        case 'deleteCurrentVersion':
        case 'undelete':
          enqueue(model.deleteVersion(actor.key, top?.versionId ?? ''));
          break;
        case 'deleteOlderVersion':
          enqueue(model.deleteVersion(actor.key, pick(random, entries.slice(1)).versionId));
          break;
        case 'move': {
          // The old key is left deleted for good: its versions stay, nothing touches it again.
          // The new key is as long as the old one, so a code that fitted still fits.
          const letter = letters.shift() ?? 'z';
          const to = actor.kind === 'export' ? exportKey(actor.keyClass, letter) : indicatorKey(letter);
          const [copy, removal] = model.move(actor.key, to);
          const copied = model.versionsOf(to)[0]?.versionId;
          const movedKind = top === undefined ? undefined : kinds.get(top.versionId);
          if (copied !== undefined && movedKind !== undefined) kinds.set(copied, movedKind);
          enqueue(copy, removal);
          actor.key = to;
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
    // Every file is uploaded first, before any event is delivered (mostly valid): their events
    // then arrive in any order, so a key whose run began first is often seen after a later one
    // took the group, and displaces it.
    for (const actor of actors) upload(actor, random() < 0.8 ? 'valid' : 'invalid');
    let actions = 0;
    while (actions < ACTIONS || pool.length > 0) {
      const roll = random();
      if (actions < ACTIONS && (pool.length === 0 || roll < 0.45)) {
        await act();
        actions++;
      } else if (pool.length >= 2 && roll > 0.9) {
        stats.concurrentSteps++;
        const first = takeBatch();
        const second = takeBatch();
        await Promise.all([deliver(first), ...(second.length > 0 ? [deliver(second)] : [])]);
      } else {
        await deliver(takeBatch());
      }
      if (renderQueue.size > 0 && random() < 0.04) await render();
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
      // Refused at upload, naming the limit: a code just too long, or a key too long for any code.
      const top = model.versionsOf(key)[0];
      const kind = top === undefined || top.deleteMarker ? undefined : kinds.get(top.versionId);
      const overLimitKey =
        actors.some((actor) => actor.keyClass === 'overLimit') && key.startsWith('incoming/');
      if (kind === 'tooLong' || (overLimitKey && kind !== undefined && kind !== 'invalid')) {
        expect({
          seed,
          key,
          status: mine?.status,
          limit: LIMIT_MESSAGE.test(mine?.errors[0]?.message ?? ''),
        }).toEqual({ seed, key, status: 'rejected', limit: true });
      }
    }
    const liveCodes = new Set<string>();
    const liveKeys = new Set<string>();
    for (const { sources, lines } of Object.values(actual.live)) {
      for (const source of sources) liveKeys.add(source.key);
      for (const line of lines as { projectCode: string }[]) liveCodes.add(line.projectCode);
    }
    for (const { sources, sets } of Object.values(actual.indicators)) {
      for (const source of sources) liveKeys.add(source.key);
      for (const set of sets as { projectCode: string }[]) liveCodes.add(set.projectCode);
    }
    const longLive = actors.some(
      (actor) =>
        (actor.longCode !== null && liveCodes.has(actor.longCode)) ||
        (actor.keyClass !== 'short' && liveKeys.has(actor.key)),
    );
    if (longLive) coverage.longLive++;
    if (Object.keys(actual.indicators).length > 0) coverage.indicatorsLive++;
    stats.schedules++;

    await world.dispose();
    await clean.dispose();
  },
);

it.skipIf(SCHEDULES < 100)('the schedules covered every kind of contention, limit and file', () => {
  expect(stats.schedules).toBe(SCHEDULES);
  const short = Object.fromEntries(
    Object.entries(FLOORS_PER_100).flatMap(([name, perHundred]) => {
      const floor = Math.ceil((perHundred * SCHEDULES) / 100);
      const count = stats.coverage[name as keyof Coverage];
      return count < floor ? [[name, { count, floor }]] : [];
    }),
  );
  expect(short).toEqual({});
});
