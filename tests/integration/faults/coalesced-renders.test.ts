/**
 * Render runs lag behind ingest: status notifications queue while a render runs (reserved
 * concurrency 1), SQS hands them over in batches, a failed render is retried later. So one
 * render often sees several changes of the same key at once. A period the key left at the
 * first of those changes must still be re-rendered — emptied (its snapshot removed) or with
 * the other sources' data only — or the site keeps showing retracted data there.
 *
 * Found by the randomized schedules (event-schedules.test.ts, seed 1592598658 with
 * FAULT_SCHEDULES=120); these are the minimal deterministic cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../support/emulators';
import { type ExportLine, exportCsv } from '../../support/export-csv';
import { PipelineWorld } from '../../support/pipeline-world';

let emulators: Emulators;
beforeAll(async () => {
  emulators = await startEmulators({ buckets: [], tableName: 'unused' });
});
afterAll(async () => {
  await emulators?.close();
});

const JAN_2022 = { year: 2022, month: 1 };
const DEC_2021 = { year: 2021, month: 12 };
const NOV_2021 = { year: 2021, month: 11 };
const lines = (unitCode: string): ExportLine[] => [
  { unitCode, projectCode: 'P1', budgetFen: 100_000n, spentThisMonthFen: 1_000n, spentToDateFen: 50_000n },
];
const KEY = 'incoming/moving.csv';

async function sourcesIn(world: PipelineWorld, period: string): Promise<string[] | null> {
  const text = await world.siteText(`reports/${period}/report.json`);
  if (text === null) return null;
  return (JSON.parse(text) as { sources: { key: string }[] }).sources.map((s) => s.key);
}

describe('one render after several changes of a key', () => {
  it('removes the snapshot of a period the key emptied two changes ago', async () => {
    // Prepare: the key is published in 2022-01, alone there.
    const world = await PipelineWorld.create(emulators, { site: 's3' });
    await world.uploadSerially('incoming/other.csv', exportCsv(DEC_2021, lines('O')));
    await world.uploadSerially(KEY, exportCsv(JAN_2022, lines('X')));
    expect(await sourcesIn(world, '2022-01')).toEqual([KEY]);

    // Act: it moves to 2021-12, then is deleted; one render sees both.
    const moved = await world.put(KEY, exportCsv(DEC_2021, lines('X')));
    expect(await world.deliver([world.createdEvent(moved)])).toEqual({ batchItemFailures: [] });
    const deleted = await world.delete(KEY);
    expect(await world.deliver([world.removedEvent(deleted)])).toEqual({ batchItemFailures: [] });
    expect(await world.renderKeys([KEY])).toEqual({ batchItemFailures: [] });

    // Assess: no period shows the deleted file any more.
    expect(await sourcesIn(world, '2022-01')).toBeNull();
    expect(await world.siteKeys('reports/2022-01/')).toEqual([]);
    expect(await sourcesIn(world, '2021-12')).toEqual(['incoming/other.csv']);
    await world.dispose();
  });

  it('re-renders a period the key left two changes ago, where other sources remain', async () => {
    // Prepare: the key and another source are published in 2022-01.
    const world = await PipelineWorld.create(emulators, { site: 'memory' });
    await world.uploadSerially('incoming/january.csv', exportCsv(JAN_2022, lines('J')));
    await world.uploadSerially(KEY, exportCsv(JAN_2022, lines('X')));
    expect(await sourcesIn(world, '2022-01')).toEqual(['incoming/january.csv', KEY]);

    // Act: it moves to 2021-12, then to 2021-11; one render sees both.
    for (const period of [DEC_2021, NOV_2021]) {
      const put = await world.put(KEY, exportCsv(period, lines('X')));
      expect(await world.deliver([world.createdEvent(put)])).toEqual({ batchItemFailures: [] });
    }
    expect(await world.renderKeys([KEY])).toEqual({ batchItemFailures: [] });

    // Assess: the key is shown in 2021-11 only, and every snapshot equals a fresh render-all.
    expect(await sourcesIn(world, '2022-01')).toEqual(['incoming/january.csv']);
    expect(await sourcesIn(world, '2021-11')).toEqual([KEY]);
    const afterKeysRender = await world.observe();
    await world.renderAll();
    expect(afterKeysRender).toEqual(await world.observe());
    await world.dispose();
  });
});
