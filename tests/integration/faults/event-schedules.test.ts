/**
 * Idempotent, ordered, replace-not-append, deletion retracts (docs/contract.md §3), over many seeded
 * random schedules: six sources across three periods and two budget years upload versions
 * (some invalid), move between periods, get deleted and re-uploaded, and one source conflicts
 * with another; S3 and SQS deliver every event late, twice, out of order, in batches, two
 * batches at a time, and render runs whenever status objects were written. After each
 * schedule, what readers see — live lines per period, every reports/<P>/report.json and
 * lines.csv, reports/index.json, the snapshot objects that exist, the status objects — must
 * equal what `budget rebuild` (local/rebuild.ts, the very code) derives from the final bucket,
 * with no line items left behind.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StatusRecord } from '../../../functions/common/status-record';
import { type Emulators, startEmulators } from '../../support/emulators';
import { seededRandom } from '../../support/export-csv';
import { PipelineWorld } from '../../support/pipeline-world';
import { rebuildWorld } from '../../support/rebuild-world';
import {
  emptyStats,
  planSchedule,
  runSchedule,
  type SchedulePlan,
  SOURCES_PER_SCHEDULE,
} from './event-schedules';

const BASE_SEED = 0x5eed_2021;
/** More with FAULT_SCHEDULES=n (exploration); the default keeps npm test within its time budget. */
const SCHEDULES = Number(process.env.FAULT_SCHEDULES ?? 20);
/** Every fourth schedule renders to the s3rver site bucket; the others to memory, for speed. */
const S3_SITE_EVERY = Number(process.env.FAULT_S3_SITE_EVERY ?? 4);

let emulators: Emulators;
const stats = emptyStats();
const periodsSeen = new Set<string>();

beforeAll(async () => {
  emulators = await startEmulators({ buckets: [], tableName: 'unused' });
});

afterAll(async () => {
  console.log(
    `fault-injection schedules: ${stats.schedules} schedules × ${SOURCES_PER_SCHEDULE} sources ` +
      `(seeds ${BASE_SEED}..${BASE_SEED + SCHEDULES - 1}), ${stats.actions} uploads/deletions, ` +
      `${stats.deliveries} deliveries of ${stats.events} events in ${stats.ingestBatches} SQS batches ` +
      `(${stats.duplicateDeliveries} duplicates, ${stats.concurrentSteps} concurrent steps), ` +
      `${stats.renders} renders; periods ${[...periodsSeen].sort().join(', ')}`,
  );
  await emulators?.close();
});

function statusView(status: StatusRecord | null) {
  if (status === null) return null;
  const { processedAt: _p, sequencer: _s, etag: _e, ...rest } = status;
  return rest;
}

/** The final status each key must show: the clean run's, or `deleted` for a key that ends deleted. */
async function statusesOf(world: PipelineWorld, plan: SchedulePlan) {
  const out: Record<string, unknown> = {};
  for (const key of plan.keys) out[key.key] = statusView(await world.status(key.key));
  return out;
}

const seeds = Array.from({ length: SCHEDULES }, (_, i) => BASE_SEED + i);

it.each(seeds)(
  'schedule seed %i converges on what budget rebuild derives from the final bucket',
  async (seed) => {
    // Prepare
    const random = seededRandom(seed);
    const plan = planSchedule(seed, random);
    const site = (seed - BASE_SEED) % S3_SITE_EVERY === 0 ? 's3' : 'memory';
    const world = await PipelineWorld.create(emulators, { site });

    // Act
    await runSchedule(world, plan, random, { concurrency: true, maxReceiveCount: 5 }, stats);
    const actual = await world.observe();
    const liveStatuses = await statusesOf(world, plan);
    // The code path `budget rebuild` runs, on this world's bucket as it ends up: who holds a
    // contested group follows the holder rule (contract §3), which depends on the bucket alone.
    const summary = await rebuildWorld(emulators, world);
    expect(summary.failed).toEqual([]);

    // Assess
    const expected = await world.observe();
    for (const period of Object.keys(expected.live)) periodsSeen.add(period);
    expect(actual.staleLines).toEqual([]);
    expect({ seed, ...actual }).toEqual({ seed, ...expected });
    const expectedStatuses = await statusesOf(world, plan);
    for (const key of plan.keys) {
      if (key.actions.at(-1)?.kind === 'delete') {
        expectedStatuses[key.key] = expect.objectContaining({ status: 'deleted', period: null, rows: 0 });
      }
    }
    expect(liveStatuses).toEqual(expectedStatuses);

    await world.dispose();
  },
);
