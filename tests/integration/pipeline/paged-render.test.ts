/**
 * A period rendered from streams (docs/contract.md §5, §8) on real s3rver + dynalite: two
 * sources whose units interleave, more lines than one page holds, fund types whose stored
 * order is not the report's, a month before with mismatches. What render publishes from the
 * streams equals the whole report built in memory from the same lines (`buildPeriodReport`):
 * figures, lines and warnings, page by page, and lines.csv row by row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FundType } from '../../../shared/domain-types';
import { LINES_PER_PAGE } from '../../../shared/render/line-page';
import { renderLinesCsv } from '../../../shared/render/lines-csv';
import { buildPeriodReport } from '../../../shared/report/build-period-report';
import type { ReportJson, ReportLine, ReportWarning } from '../../../shared/report/period-report';
import { type Emulators, startEmulators } from '../../support/emulators';
import { type ExportLine, exportCsv } from '../../support/export-csv';
import { withoutNumberSpans } from '../../support/page-text';
import { PipelineWorld } from '../../support/pipeline-world';
import { DEFAULT_OPTIONS } from '../../support/sample-report';

let emulators: Emulators;
let world: PipelineWorld;

/** Fund types listed so that their stored (encoded) order differs from the contract's order. */
const FUNDS: FundType[] = ['一般公共预算', '政府性基金预算', '其他资金'];

/** `units` units × `projects` projects × 3 fund types; `odd` picks the units of one source. */
function lines(month: number, units: number[], projects: number, change = 0n): ExportLine[] {
  return units.flatMap((u) =>
    Array.from({ length: projects }, (_, p) =>
      FUNDS.map((fundType, f) => {
        const budget = BigInt((10_000 + u * 100 + p * 3 + f) * 100); // whole yuan: percentages exact
        const spentToDate = (budget * BigInt(month * 8 + ((u + p + f) % 5))) / 100n;
        return {
          unitCode: `U${String(u).padStart(3, '0')}`,
          projectCode: `P${String(p).padStart(3, '0')}`,
          fundType,
          budgetFen: budget,
          // Month 2's spending this month disagrees with the growth for every seventh project.
          spentThisMonthFen: month === 2 && p % 7 === 0 ? 1n + change : (budget * 8n) / 100n,
          spentToDateFen: spentToDate,
        };
      }),
    ).flat(),
  );
}

const even = Array.from({ length: 12 }, (_, i) => i * 2);
const odd = Array.from({ length: 12 }, (_, i) => i * 2 + 1);
const PROJECTS = 20; // 24 units × 20 projects × 3 funds = 1,440 lines: three pages

beforeAll(async () => {
  emulators = await startEmulators({ buckets: [], tableName: 'unused' });
  world = await PipelineWorld.create(emulators);
  for (const month of [1, 2]) {
    for (const [name, units] of [
      ['even', even],
      ['odd', odd],
    ] as const) {
      const csv = exportCsv({ year: 2021, month }, lines(month, units, PROJECTS));
      await world.uploadSerially(`incoming/2021-0${month}-${name}.csv`, csv);
    }
  }
}, 120_000);

afterAll(async () => {
  await world?.dispose();
  await emulators?.close();
});

async function published(period: string) {
  const report = (await world.siteJson(`reports/${period}/report.json`)) as ReportJson;
  const pageLines: ReportLine[] = [];
  const pageWarnings: ReportWarning[] = [];
  for (const page of report.linePages) {
    const json = (await world.siteJson(`reports/${period}/${page.json}`)) as {
      lines: ReportLine[];
      warnings: ReportWarning[];
    };
    expect(json.lines).toHaveLength(page.lineCount);
    expect(json.warnings).toHaveLength(page.warningCount);
    pageLines.push(...json.lines);
    pageWarnings.push(...json.warnings);
  }
  return { report, pageLines, pageWarnings };
}

describe('a period rendered from streams', () => {
  it('publishes what the whole report built in memory holds, in pages', async () => {
    const contents = (await world.store.readPeriods(['2021-01', '2021-02'])).get('2021-02');
    const previous = (await world.store.readPeriods(['2021-01'])).get('2021-01');
    const { report, pageLines, pageWarnings } = await published('2021-02');
    const whole = buildPeriodReport({
      city: report.city,
      period: { year: 2021, month: 2 },
      sources: report.sources,
      lines: contents?.lines ?? [],
      previousLines: previous?.lines ?? null,
      // The city's settings as render read them (its time zone included).
      options: { ...DEFAULT_OPTIONS, timeZone: report.options.timeZone },
      generatedAt: report.generatedAt,
    });
    const { lines: wholeLines, warnings: wholeWarnings, ...figures } = whole;
    const { linePages, ...publishedFigures } = report;

    expect(publishedFigures).toEqual(figures);
    expect(pageLines).toEqual(wholeLines);
    expect(pageWarnings).toEqual(wholeWarnings);
    expect(report.lineCount).toBe(24 * PROJECTS * 3);
    expect(linePages.map((p) => p.lineCount)).toEqual([LINES_PER_PAGE, LINES_PER_PAGE, 440]);
    expect(report).not.toHaveProperty('lines');
    expect(report).not.toHaveProperty('warnings');
    // The month before was compared group by group across both streams.
    expect(wholeWarnings.filter((w) => w.code === 'MONTH_OVER_MONTH')).toHaveLength(24 * 3 * 3);
    expect(report.warningCounts.find((c) => c.code === 'MONTH_OVER_MONTH')?.count).toBe(24 * 3 * 3);

    const csv = (await world.siteText('reports/2021-02/lines.csv')) ?? '';
    expect(csv).toBe(renderLinesCsv(whole));
  });

  it('draws a period page that lists the line pages, and line pages with a filter and links', async () => {
    const { report } = await published('2021-02');
    const page = withoutNumberSpans((await world.siteText('reports/2021-02/index.html')) ?? '');
    for (const entry of report.linePages) expect(page).toContain(`href="${entry.html}"`);
    expect(page).not.toContain('<caption><span class="zh" lang="zh-CN">明细（单位 × 项目 × 资金性质）');
    expect(page).toContain(`预警（${report.warningCount}条）`);

    const first = (await world.siteText('reports/2021-02/lines/0001.html')) ?? '';
    expect(first).toContain('id="filter-text"');
    expect(first).toContain('<div id="filter" class="filter" hidden>');
    expect(first).toContain('href="0002.html" rel="next"');
    expect(first).not.toContain('rel="prev"');
    expect(first.match(/<tr>/g)?.length).toBe(LINES_PER_PAGE + 1);
    const last = (await world.siteText('reports/2021-02/lines/0003.html')) ?? '';
    expect(last).toContain('href="0002.html" rel="prev"');
    expect(last).not.toContain('rel="next"');
    expect(await world.siteKeys('reports/2021-02/lines/')).toHaveLength(6);
  });

  it('removes the pages a smaller period no longer has', async () => {
    await world.uploadSerially(
      'incoming/2021-02-odd.csv',
      exportCsv({ year: 2021, month: 2 }, lines(2, odd, 1)),
    );
    const { report, pageLines } = await published('2021-02');
    expect(report.lineCount).toBe(12 * PROJECTS * 3 + 12 * 3);
    expect(pageLines).toHaveLength(report.lineCount);
    expect(await world.siteKeys('reports/2021-02/lines/')).toEqual([
      'reports/2021-02/lines/0001.html',
      'reports/2021-02/lines/0001.json',
      'reports/2021-02/lines/0002.html',
      'reports/2021-02/lines/0002.json',
    ]);
  });

  it('draws codes whose stored order is not the group order from the period sorted in memory', async () => {
    // '/' is stored percent-encoded ('%2F' sorts before '.'), so the stream comes out of order.
    const codes = ['U.1', 'U/1', '单位甲', 'U-1'];
    const csv = exportCsv(
      { year: 2021, month: 5 },
      codes.map((unitCode, i) => ({
        unitCode,
        projectCode: `P/${i}`,
        budgetFen: 100_000n,
        spentThisMonthFen: 0n,
        spentToDateFen: BigInt(i) * 10_000n,
      })),
    );
    await world.uploadSerially('incoming/2021-05.csv', csv);
    const contents = (await world.store.readPeriods(['2021-05'])).get('2021-05');
    const { report, pageLines } = await published('2021-05');
    const whole = buildPeriodReport({
      city: report.city,
      period: { year: 2021, month: 5 },
      sources: report.sources,
      lines: contents?.lines ?? [],
      previousLines: null,
      options: DEFAULT_OPTIONS,
      generatedAt: report.generatedAt,
    });
    expect(pageLines).toEqual(whole.lines);
    expect(pageLines.map((l) => l.unitCode)).toEqual(['U-1', 'U.1', 'U/1', '单位甲']);
    expect((await world.siteText('reports/2021-05/lines.csv')) ?? '').toBe(renderLinesCsv(whole));
  });
});
