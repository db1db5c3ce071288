/**
 * Year over year through the real render (contract §4.1): the same month of the year before,
 * whichever of the two is uploaded first, and gone again when that month is retracted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../support/emulators';
import { exportCsv } from '../../support/export-csv';
import { withoutNumberSpans } from '../../support/page-text';
import { PipelineWorld } from '../../support/pipeline-world';

let emulators: Emulators;
beforeAll(async () => {
  emulators = await startEmulators({ buckets: [], tableName: 'unused' });
});
afterAll(async () => {
  await emulators?.close();
});

const june = (year: number, spentFen: bigint) =>
  exportCsv({ year, month: 6 }, [
    {
      unitCode: 'U1',
      projectCode: 'P1',
      budgetFen: 300_000n,
      spentThisMonthFen: 0n,
      spentToDateFen: spentFen,
    },
  ]);

async function yearOverYear(world: PipelineWorld): Promise<unknown> {
  const text = await world.siteText('reports/2021-06/report.json');
  return text === null ? null : ((JSON.parse(text) as { yearOverYear?: unknown }).yearOverYear ?? null);
}

describe('year over year', () => {
  it('compares June 2021 with June 2020, whichever arrives first', async () => {
    const world = await PipelineWorld.create(emulators);
    try {
      await world.uploadSerially('incoming/2021-06.csv', june(2021, 200_000n)); // 2/3
      expect(await yearOverYear(world)).toBeNull();
      await world.uploadSerially('incoming/2020-06.csv', june(2020, 150_000n)); // 1/2
      expect(await yearOverYear(world)).toEqual({
        period: { year: 2020, month: 6 },
        totals: { budget: '3000.00', spentThisMonth: '0.00', spentToDate: '1500.00', executionRate: 0.5 },
        executionRate: 0.5,
        rateChangePoints: 16.67,
      });
      const page = withoutNumberSpans((await world.siteText('reports/2021-06/index.html')) ?? '');
      expect(page).toContain('上年同期（2020年6月）执行率50.00%，本期66.67%，提高16.67个百分点。');

      await world.deliver([world.removedEvent(await world.delete('incoming/2020-06.csv'))]);
      await world.renderKeys(['incoming/2020-06.csv']);
      expect(await yearOverYear(world)).toBeNull();
    } finally {
      await world.dispose();
    }
  });
});
