/**
 * Incremental render (docs/contract.md §8) and render isolation (§3.1) on s3rver + dynalite:
 * - a render draws the periods whose data changed and their dependents (next month's
 *   month-over-month, the rest of the year's trend, next year's same month), nothing else,
 *   and the site it leaves equals a full render's;
 * - the DynamoDB reads of a render do not grow with the number of periods already live;
 * - nothing a legal file holds makes a render fail, and a period that fails to draw anyway
 *   is shown as such while every other period renders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../support/emulators';
import { EXPORT_HEADER, type ExportLine, exportCsv } from '../../support/export-csv';
import { PipelineWorld } from '../../support/pipeline-world';

let emulators: Emulators;
beforeAll(async () => {
  emulators = await startEmulators({ buckets: [], tableName: 'unused' });
});
afterAll(async () => {
  await emulators?.close();
});

const monthKey = (year: number, month: number) => `incoming/${year}-${String(month).padStart(2, '0')}.csv`;
const linesFor = (spentToDateFen: bigint, spentThisMonthFen = 1_000n): ExportLine[] => [
  { unitCode: 'U1', projectCode: 'P1', budgetFen: 1_000_000n, spentThisMonthFen, spentToDateFen },
  { unitCode: 'U2', projectCode: 'P2', budgetFen: 2_000_000n, spentThisMonthFen, spentToDateFen },
];
const upload = (world: PipelineWorld, year: number, month: number, spentToDateFen: bigint) =>
  world.uploadSerially(monthKey(year, month), exportCsv({ year, month }, linesFor(spentToDateFen)));

/** Ingests a change of `key` and renders once, returning what the render drew. */
async function change(world: PipelineWorld, key: string, body: string) {
  const put = await world.put(key, body);
  expect(await world.deliver([world.createdEvent(put)])).toEqual({ batchItemFailures: [] });
  return world.renderKeysSummary([key]);
}

const READS = new Set(['GetItem', 'Query', 'BatchGetItem', 'Scan']);

describe('incremental render', () => {
  it('draws the changed period and its dependents only, and leaves the site a full render leaves', async () => {
    // Prepare: three months of 2021 and January 2022.
    const world = await PipelineWorld.create(emulators, { site: 'memory' });
    for (const month of [1, 2, 3]) await upload(world, 2021, month, BigInt(month) * 1_000n);
    await upload(world, 2022, 1, 1_000n);

    // Act + Assess: nothing changed, nothing drawn (the site-wide pages only).
    expect(await world.renderKeysSummary([monthKey(2021, 2)])).toMatchObject({ rendered: [], removed: [] });

    // February changes: March's month-over-month and trend use it; January 2022 does not.
    const february = await change(
      world,
      monthKey(2021, 2),
      exportCsv({ year: 2021, month: 2 }, linesFor(5_000n)),
    );
    expect(february.rendered).toEqual(['2021-02', '2021-03']);

    // January 2021 changes: the rest of 2021 (trend) and January 2022 (year over year).
    const january = await change(
      world,
      monthKey(2021, 1),
      exportCsv({ year: 2021, month: 1 }, linesFor(500n)),
    );
    expect(january.rendered).toEqual(['2021-01', '2021-02', '2021-03', '2022-01']);

    // A new month after the others: itself only.
    const april = await change(
      world,
      monthKey(2021, 4),
      exportCsv({ year: 2021, month: 4 }, linesFor(6_000n)),
    );
    expect(april.rendered).toEqual(['2021-04']);

    // March is deleted: its snapshot goes, April (month-over-month, trend) is drawn again.
    const removal = await world.delete(monthKey(2021, 3));
    expect(await world.deliver([world.removedEvent(removal)])).toEqual({ batchItemFailures: [] });
    expect(await world.renderKeysSummary([monthKey(2021, 3)])).toMatchObject({
      rendered: ['2021-04'],
      removed: ['2021-03'],
    });
    expect(await world.siteKeys('reports/2021-03/')).toEqual([]);

    // Assess: exactly what a full render draws, pages included.
    const incremental = await world.observe();
    await world.renderAll();
    expect(await world.observe()).toEqual(incremental);
    expect(Object.keys(incremental.pages).sort()).toEqual([
      'index.html',
      'reports/2021-01/index.html',
      'reports/2021-02/index.html',
      'reports/2021-04/index.html',
      'reports/2022-01/index.html',
    ]);
    await world.dispose();
  });

  it('reads the same from DynamoDB for the tenth period as for the second', async () => {
    // Prepare
    const world = await PipelineWorld.create(emulators, { site: 'memory' });
    const readsPerRender: number[] = [];

    // Act: ten months, one after another, each rendered once.
    for (let month = 1; month <= 10; month++) {
      const key = monthKey(2023, month);
      const put = await world.put(key, exportCsv({ year: 2023, month }, linesFor(BigInt(month) * 1_000n)));
      expect(await world.deliver([world.createdEvent(put)])).toEqual({ batchItemFailures: [] });
      world.renderFaults.resetCount();
      expect((await world.renderKeysSummary([key])).rendered).toEqual([
        `2023-${String(month).padStart(2, '0')}`,
      ]);
      readsPerRender.push(world.renderFaults.calls.filter((c) => READS.has(c.operation)).length);
    }

    // Assess: from the second month on (the first has no month before it), the same count.
    expect(new Set(readsPerRender.slice(1)).size).toBe(1);
    await world.dispose();
  });
});

describe('uploads pages', () => {
  it('pages uploads by the month they were processed, latest first, and moves a re-upload', async () => {
    // Prepare: ingest's clock is set per step.
    let now = '2022-01-10T08:00:00.000Z';
    const world = await PipelineWorld.create(emulators, { site: 'memory', ingestNow: () => new Date(now) });

    // Act: a.csv in January, b.csv in February, a.csv again (corrected) in March.
    await upload(world, 2021, 11, 1_000n);
    now = '2022-02-10T08:00:00.000Z';
    await world.uploadSerially('incoming/b.csv', exportCsv({ year: 2021, month: 12 }, linesFor(2_000n)));
    const januaryPage = (await world.siteText('uploads/2022-01.html')) ?? '';
    now = '2022-03-10T08:00:00.000Z';
    await upload(world, 2021, 11, 1_500n);

    // Assess: January's page is gone (its only upload moved to March); uploads.html is March's.
    expect(januaryPage).toContain(monthKey(2021, 11));
    expect(await world.siteKeys('uploads')).toEqual([
      'uploads.html',
      'uploads/2022-02.html',
      'uploads/2022-03.html',
    ]);
    const latest = (await world.siteText('uploads.html')) ?? '';
    expect(latest).toContain(monthKey(2021, 11));
    expect(latest).not.toContain('incoming/b.csv');
    expect(latest).toContain('href="uploads/2022-02.html"');
    expect(latest.indexOf('2022-03')).toBeLessThan(latest.indexOf('uploads/2022-02.html'));
    expect((await world.siteText('uploads/2022-02.html')) ?? '').toContain(
      'href="../reports/2021-12/index.html"',
    );

    // Assess: a full render files and pages exactly the same.
    const before = new Map(
      (await world.siteKeys('uploads')).map((k) => [k, world.memorySite?.objects.get(k)?.body]),
    );
    await world.renderAll();
    const after = new Map(
      (await world.siteKeys('uploads')).map((k) => [k, world.memorySite?.objects.get(k)?.body]),
    );
    expect(after).toEqual(before);
    await world.dispose();
  });
});

describe('render isolation', () => {
  it('shows a 2×10⁹ execution rate and keeps rendering later uploads', async () => {
    // Prepare: a budget of 0.01 yuan with 20,000,000 yuan spent.
    const world = await PipelineWorld.create(emulators, { site: 'memory' });
    const extreme = exportCsv({ year: 2021, month: 5 }, [
      {
        unitCode: 'U1',
        projectCode: 'P1',
        budgetFen: 1n,
        spentThisMonthFen: 2_000_000_000n,
        spentToDateFen: 2_000_000_000n,
      },
    ]);

    // Act
    await world.uploadSerially('incoming/extreme.csv', extreme);
    await upload(world, 2021, 6, 3_000n);

    // Assess: both periods published; the chart stays small whatever the rate.
    const report = JSON.parse((await world.siteText('reports/2021-05/report.json')) ?? '{}');
    expect(report.totals.executionRate).toBe(2_000_000_000);
    const page = (await world.siteText('reports/2021-06/index.html')) ?? '';
    expect(page).toContain('off-scale');
    expect(page.length).toBeLessThan(200_000);
    expect(await world.siteText('reports/2021-06/report.json')).not.toBeNull();
    await world.dispose();
  });

  it('keeps a 150,000-character name whole in the data and short on the page', async () => {
    // Prepare
    const world = await PipelineWorld.create(emulators, { site: 'memory' });
    const name = '长'.repeat(150_000);
    const csv = `${EXPORT_HEADER}\r\n2021,7,U1,单位一,P1,${name},一级,一般公共预算,2081901,项目支出,100.00,10.00,10.00\r\n`;

    // Act
    await world.uploadSerially('incoming/long-name.csv', csv);

    // Assess
    const report = JSON.parse((await world.siteText('reports/2021-07/report.json')) ?? '{}');
    expect(report.byProject[0].projectName).toBe(name);
    expect((await world.siteText('reports/2021-07/lines.csv')) ?? '').toContain(name);
    const page = (await world.siteText('reports/2021-07/index.html')) ?? '';
    expect(page).toContain(`${'长'.repeat(199)}…`);
    expect(page.length).toBeLessThan(200_000);
    await world.dispose();
  });

  it('publishes every other period when one cannot be drawn, and says why on its page', async () => {
    // Prepare: a report builder that fails for March only.
    const { PeriodReportBuilder } = await import('../../../shared/report/period-report-builder');
    const world = await PipelineWorld.create(emulators, {
      site: 'memory',
      reportBuilder: (input) => {
        if (input.period.month === 3) throw new RangeError('Invalid array length');
        return new PeriodReportBuilder(input);
      },
    });

    // Act
    for (const month of [2, 3, 4]) await upload(world, 2021, month, BigInt(month) * 1_000n);

    // Assess: February and April published; March's page says it failed and why.
    expect(await world.siteText('reports/2021-02/report.json')).not.toBeNull();
    expect(await world.siteText('reports/2021-04/report.json')).not.toBeNull();
    expect(await world.siteKeys('reports/2021-03/')).toEqual(['reports/2021-03/index.html']);
    const page = (await world.siteText('reports/2021-03/index.html')) ?? '';
    expect(page).toContain('本期报告未能生成');
    expect(page).toContain('RangeError: Invalid array length');
    const index = JSON.parse((await world.siteText('reports/index.json')) ?? '{}');
    expect(index.periods.map((p: { id: string }) => p.id)).toEqual(['2021-04', '2021-02']);
    expect(index.unrendered).toMatchObject([{ id: '2021-03', reason: 'RangeError: Invalid array length' }]);
    expect(await world.siteText('index.html')).toContain('未能生成报告的期间');
    await world.dispose();
  });
});
