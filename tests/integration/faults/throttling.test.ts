/**
 * Transient faults are retried, and nothing is lost (docs/contract.md §3 "Failures"): 30% of the
 * DynamoDB requests of ingest and render are answered with ProvisionedThroughputExceeded /
 * ThrottlingException (inside the SDK's retry loop, as DynamoDB answers), and 30% of
 * BatchWriteItem calls write only part of their requests and hand the rest back as
 * UnprocessedItems — all seeded. What still fails after the SDK's and the store's retries
 * fails the SQS message, which comes back later (out of order, like everything else in the
 * schedule). The final state must equal a clean serial run's, and no message may need so many
 * deliveries that it would have gone to the dead-letter queue.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StatusRecord } from '../../../functions/common/status-record';
import { type Emulators, startEmulators } from '../../support/emulators';
import { seededRandom } from '../../support/export-csv';
import type { FaultCounters } from '../../support/fault-clients';
import { PipelineWorld } from '../../support/pipeline-world';
import { rebuildWorld } from '../../support/rebuild-world';
import { emptyStats, planSchedule, runSchedule, SOURCES_PER_SCHEDULE } from './event-schedules';

const BASE_SEED = 0x7417_0000;
const SCHEDULES = Number(process.env.FAULT_THROTTLE_SCHEDULES ?? 6);
const RATE = 0.3;
/** SQS maxReceiveCount of the ingest and render queues in the stack. */
const MAX_RECEIVE_COUNT = 10;

let emulators: Emulators;
const stats = emptyStats();
const totals: FaultCounters = {
  calls: 0,
  dynamodbAttempts: 0,
  batchWrites: 0,
  crashes: 0,
  throttled: 0,
  unprocessedCalls: 0,
  unprocessedItems: 0,
  brokenBodies: 0,
};

beforeAll(async () => {
  emulators = await startEmulators({ buckets: [], tableName: 'unused' });
});

afterAll(async () => {
  const share = totals.dynamodbAttempts === 0 ? 0 : (100 * totals.throttled) / totals.dynamodbAttempts;
  console.log(
    `throttling: ${stats.schedules} schedules × ${SOURCES_PER_SCHEDULE} sources ` +
      `(seeds ${BASE_SEED}..${BASE_SEED + SCHEDULES - 1}): ${totals.dynamodbAttempts} DynamoDB requests, ` +
      `${totals.throttled} throttled (${share.toFixed(1)}%), ${totals.unprocessedCalls} of ` +
      `${totals.batchWrites} BatchWriteItem calls with UnprocessedItems (${totals.unprocessedItems} requests ` +
      `held back); ${stats.deliveries} deliveries of ${stats.events} events, ${stats.redeliveries} SQS ` +
      `redeliveries, ${stats.failedRenders} failed renders retried, at most ${stats.maxReceives} receives ` +
      'per message; nothing lost',
  );
  await emulators?.close();
});

function statusView(status: StatusRecord | null) {
  if (status === null) return null;
  const { processedAt: _p, sequencer: _s, etag: _e, ...rest } = status;
  return rest;
}

function addCounters(into: FaultCounters, from: FaultCounters): void {
  for (const name of Object.keys(into) as (keyof FaultCounters)[]) into[name] += from[name];
}

const seeds = Array.from({ length: SCHEDULES }, (_, i) => BASE_SEED + i);

it.each(seeds)(
  'seed %i: throttling and UnprocessedItems on 3 in 10 requests, nothing is lost',
  async (seed) => {
    // Prepare
    const random = seededRandom(seed);
    const plan = planSchedule(seed, random);
    const world = await PipelineWorld.create(emulators, { site: 'memory' });
    world.ingestFaults.throttle = { rate: RATE, random: seededRandom(seed ^ 0x11) };
    world.ingestFaults.unprocessed = { rate: RATE, random: seededRandom(seed ^ 0x22) };
    world.renderFaults.throttle = { rate: RATE, random: seededRandom(seed ^ 0x33) };
    const redeliveriesBefore = stats.redeliveries;

    // Act
    await runSchedule(world, plan, random, { concurrency: false, maxReceiveCount: MAX_RECEIVE_COUNT }, stats);

    // Assess: the faults happened, on both sides of the store's own retries...
    addCounters(totals, world.ingestFaults.counters);
    addCounters(totals, world.renderFaults.counters);
    expect(world.ingestFaults.counters.throttled).toBeGreaterThan(0);
    expect(world.ingestFaults.counters.unprocessedItems).toBeGreaterThan(0);
    expect(stats.redeliveries).toBeGreaterThan(redeliveriesBefore);
    // ...and the result is what `budget rebuild` derives from the final bucket, without faults.
    const actual = await world.observe();
    expect(actual.staleLines).toEqual([]);
    const live = new Map<string, unknown>();
    for (const key of plan.keys) live.set(key.key, statusView(await world.status(key.key)));
    world.ingestFaults.throttle = null;
    world.ingestFaults.unprocessed = null;
    world.renderFaults.throttle = null;
    const summary = await rebuildWorld(emulators, world);
    expect(summary.failed).toEqual([]);
    expect({ seed, ...actual }).toEqual({ seed, ...(await world.observe()) });
    for (const key of plan.keys) {
      const status = live.get(key.key) as { status?: string } | null;
      if (key.actions.at(-1)?.kind === 'delete') expect(status?.status).toBe('deleted');
      else expect(status).toEqual(statusView(await world.status(key.key)));
    }

    await world.dispose();
  },
);
