/**
 * The holder rule (docs/contract.md §3, §3.1) on the local emulators, as a new user meets it
 * (s3rver keeps no versions: a key's run is its current object): the two histories of issue 19
 * end with the same report.json live and after `budget rebuild` (the very code it runs), the key
 * that loses a group it held says why and names the new holder, one alert says so, and the
 * rebuild sends none.
 *
 * Uploads are a second apart: S3 keeps LastModified in whole seconds, and a tie goes to the
 * smaller key.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../support/emulators';
import { exportCsv } from '../../support/export-csv';
import { PipelineWorld, withoutTimestamps } from '../../support/pipeline-world';
import { rebuildWorld as rebuildFromBucket } from '../../support/rebuild-world';

const DECEMBER = { year: 2021, month: 12 };
const PERIOD = '2021-12';
const line = (projectCode: string, budgetFen: bigint, spentToDateFen = 0n) => ({
  unitCode: 'U1',
  projectCode,
  budgetFen,
  spentThisMonthFen: 0n,
  spentToDateFen,
});

let emulators: Emulators;
let world: PipelineWorld;

beforeAll(async () => {
  emulators = await startEmulators({ buckets: [], tableName: 'unused' });
});
afterAll(async () => {
  await emulators?.close();
});
beforeEach(async () => {
  world = await PipelineWorld.create(emulators);
});
afterEach(async () => {
  await world.dispose();
});

const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1_100));

async function upload(key: string, body: string): Promise<void> {
  await nextSecond();
  await world.uploadSerially(key, body);
}

async function report(): Promise<unknown> {
  return withoutTimestamps(await world.siteJson(`reports/${PERIOD}/report.json`));
}

/** `budget rebuild` on this world: empty the table, feed the bucket in the holder rule's order, render all. */
async function rebuildWorld(): Promise<void> {
  const summary = await rebuildFromBucket(emulators, world);
  expect(summary.failed).toEqual([]);
}

const rejectedAlerts = () => world.alerts.alerts.filter((alert) => alert.kind === 'upload-rejected');

describe('who holds a contested group is a function of the bucket', () => {
  it('case A: a corrected re-upload of the holder starts a new run; the file kept out began first and takes the group', async () => {
    await upload('incoming/a.csv', exportCsv(DECEMBER, [line('G', 100_000n)]));
    await upload('incoming/b.csv', exportCsv(DECEMBER, [line('G', 500_000n)]));
    expect((await world.status('incoming/b.csv'))?.errors[0]?.message).toContain('incoming/a.csv');
    await upload('incoming/a.csv', exportCsv(DECEMBER, [line('G', 100_000n, 20_000n)]));

    // b.csv's current object is older than a.csv's: b.csv holds, a.csv says why.
    const a = await world.status('incoming/a.csv');
    expect(a?.status).toBe('rejected');
    expect(a?.errors[0]?.message).toMatch(
      /already held by incoming\/b\.csv \(in the bucket since .*, before this file/,
    );
    expect((await world.status('incoming/b.csv'))?.status).toBe('accepted');
    const live = await report();
    expect(live).toMatchObject({ totals: { budget: '5000.00' } });
    // One alert for b.csv's first rejection, one for a.csv losing the group.
    expect(rejectedAlerts().map((alert) => alert.details.key)).toEqual(['incoming/b.csv', 'incoming/a.csv']);

    const sent = world.alerts.alerts.length;
    await rebuildWorld();
    expect(await report()).toEqual(live);
    expect(world.alerts.alerts.length).toBe(sent);
  });

  it('case B: deleting the holder brings back the earlier claimant, which displaces the later holder', async () => {
    await upload('incoming/v-a.csv', exportCsv(DECEMBER, [line('G1', 100_000n)]));
    await upload('incoming/v-b.csv', exportCsv(DECEMBER, [line('G1', 100_000n), line('G2', 100_000n)]));
    await upload('incoming/v-c.csv', exportCsv(DECEMBER, [line('G2', 30_000n)]));
    expect((await world.status('incoming/v-b.csv'))?.status).toBe('rejected');
    expect((await world.status('incoming/v-c.csv'))?.status).toBe('accepted');

    await world.remove('incoming/v-a.csv');

    expect((await world.status('incoming/v-b.csv'))?.status).toBe('accepted');
    const c = await world.status('incoming/v-c.csv');
    expect(c?.status).toBe('rejected');
    expect(c?.errors[0]?.message).toContain('已由 incoming/v-b.csv 提交');
    const live = await report();
    expect(live).toMatchObject({ totals: { budget: '2000.00' } });
    const displaced = rejectedAlerts().filter((alert) => alert.details.key === 'incoming/v-c.csv');
    expect(displaced).toHaveLength(1);
    expect(displaced[0]?.text).toContain('incoming/v-b.csv');

    const sent = world.alerts.alerts.length;
    await rebuildWorld();
    expect(await report()).toEqual(live);
    expect(world.alerts.alerts.length).toBe(sent);
  });
});
