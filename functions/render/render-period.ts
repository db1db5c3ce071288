/**
 * Extension point (a): render ONE period. Given the period's live data and what it depends
 * on (the month before, for month-over-month; every period's latest summary, for the trend
 * and year over year), it returns the objects to publish under `reports/<YYYY-MM>/` and the
 * period's summary for the site-wide pages. It does no I/O: the caller reads, writes, and
 * removes whatever else is left under the period's prefix.
 *
 * Isolation (docs/contract.md §3.1): nothing a legal file holds may make a render fail, and if drawing
 * one period fails anyway, every other period still renders. So the building and drawing are
 * caught here: the period then publishes a page that says it could not be rendered and why,
 * and its summary says so too (the index lists it). I/O errors are not caught: they are
 * transient, and the render is retried.
 *
 * A new per-period output is one more entry in `periodObjects` (the bulletin is one).
 */

import { DEFAULT_INTERVIEW_AFTER_MONTHS } from '../../shared/city-settings';
import { parsePeriodId } from '../../shared/period-id';
import { renderBulletinDocx } from '../../shared/render/bulletin-docx';
import { type Bulletin, buildBulletin } from '../../shared/render/bulletin-notice';
import { BULLETIN_DOCX, renderBulletinPage } from '../../shared/render/bulletin-page';
import { yuanToFen } from '../../shared/render/display-format';
import { renderLinesCsv } from '../../shared/render/lines-csv';
import { renderPeriodFailurePage } from '../../shared/render/period-failure-page';
import { type PeriodSummary, periodHref, periodIndexEntry } from '../../shared/render/period-index';
import { renderReportPage } from '../../shared/render/report-page';
import type { TrendPoint } from '../../shared/render/svg-progress-trend';
import type { BuildPeriodReportInput, PeriodReport } from '../../shared/report/period-report';
import { type WarningStreaks, warningStreaks } from '../../shared/report/warning-streaks';
import type { PeriodContents } from '../store/pipeline-reader';
import { dependenciesOf } from './period-dependencies';
import type { RenderDeps } from './render-deps';
import type { SiteObject } from './site-bucket';
import { csvObject, docxObject, htmlObject, jsonObject, periodPrefix } from './site-objects';

export interface PeriodRenderInput {
  id: string;
  /** The period's live sources and lines (one consistent read with `previousMonth`). */
  contents: PeriodContents;
  /** The month before in the same year (month-over-month), null when it has no data or for January. */
  previousMonth: PeriodContents | null;
  /** The latest summary of every other period (trend, year over year); this period's is ignored. */
  summaries: ReadonlyMap<string, PeriodSummary>;
  /** Timestamp when the sources carry none (never in practice: every live source has a commit time). */
  fallbackTime: string;
}

export interface PeriodRenderOutput {
  /** Everything to publish under the period's prefix; anything else there is removed. */
  objects: SiteObject[];
  summary: PeriodSummary;
  /** The report drawn, for what follows publication (alerts); null when drawing failed. */
  report: PeriodReport | null;
}

type PeriodRenderDeps = Pick<RenderDeps, 'buildReport' | 'city' | 'options'>;

/** A reason short enough for a page and a table record, whatever the error carried. */
const REASON_CHARS = 500;

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const chars = Array.from(text);
  return chars.length <= REASON_CHARS ? text : `${chars.slice(0, REASON_CHARS - 1).join('')}…`;
}

const latest = (values: string[], fallback: string): string =>
  values.reduce((max, v) => (v > max ? v : max), '') || fallback;

/** This year's execution rates up to and including this period: the earlier months' from their summaries. */
function trendOf(
  id: string,
  report: PeriodReport,
  summaries: ReadonlyMap<string, PeriodSummary>,
): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (const earlier of dependenciesOf(id).earlierMonths) {
    const summary = summaries.get(earlier);
    if (summary === undefined || summary.status !== 'rendered') continue;
    points.push({ month: summary.entry.month, executionRate: summary.entry.totals.executionRate });
  }
  points.push({ month: report.period.month, executionRate: report.totals.executionRate });
  return points;
}

/**
 * Year over year (§4.1) from the same month of last year's summary: its totals are exact yuan
 * strings, so the comparison is as exact as if its lines had been read.
 */
function previousYearOf(
  id: string,
  summaries: ReadonlyMap<string, PeriodSummary>,
): BuildPeriodReportInput['previousYear'] {
  const summary = summaries.get(dependenciesOf(id).sameMonthLastYear);
  if (summary === undefined || summary.status !== 'rendered') return null;
  const { year, month, totals } = summary.entry;
  return {
    period: { year, month },
    totals: {
      budget: yuanToFen(totals.budget),
      spentThisMonth: yuanToFen(totals.spentThisMonth),
      spentToDate: yuanToFen(totals.spentToDate),
    },
  };
}

/**
 * The 通报 (§4.1): this month's warning streaks count on from the month before's summary (a
 * dependency already: `previousMonth`), so no earlier month's lines are read.
 */
function bulletinOf(
  deps: PeriodRenderDeps,
  id: string,
  report: PeriodReport,
  summaries: ReadonlyMap<string, PeriodSummary>,
): { bulletin: Bulletin; streaks: WarningStreaks } {
  const previousId = dependenciesOf(id).previousMonth;
  const previous = previousId === null ? undefined : summaries.get(previousId);
  const rendered = previous?.status === 'rendered' ? previous : null;
  const streaks = warningStreaks(report, rendered?.streaks ?? null);
  const bulletin = buildBulletin({
    report,
    streaks,
    previousMonth:
      rendered === null
        ? null
        : {
            period: { year: rendered.entry.year, month: rendered.entry.month },
            totals: rendered.entry.totals,
          },
    issuer: deps.options.bulletin?.issuer ?? deps.city.name,
    interviewAfterMonths: deps.options.bulletin?.interviewAfterMonths ?? DEFAULT_INTERVIEW_AFTER_MONTHS,
  });
  return { bulletin, streaks };
}

/** The objects of a rendered period. */
async function periodObjects(
  id: string,
  report: PeriodReport,
  trend: TrendPoint[],
  bulletin: Bulletin,
): Promise<SiteObject[]> {
  const prefix = periodPrefix(id);
  return [
    jsonObject(`${prefix}report.json`, report),
    csvObject(`${prefix}lines.csv`, renderLinesCsv(report)),
    htmlObject(`${prefix}index.html`, renderReportPage(report, { trend })),
    docxObject(`${prefix}${BULLETIN_DOCX}`, await renderBulletinDocx(bulletin, report.city.name)),
    htmlObject(`${prefix}bulletin.html`, renderBulletinPage(report, bulletin)),
  ];
}

export async function renderPeriod(
  deps: PeriodRenderDeps,
  input: PeriodRenderInput,
): Promise<PeriodRenderOutput> {
  const { id, contents } = input;
  const period = parsePeriodId(id);
  if (period === null) throw new RangeError(`not a period id: ${id}`);
  const generatedAt = latest(
    contents.sources.map((s) => s.committedAt),
    input.fallbackTime,
  );
  try {
    const report = deps.buildReport({
      city: deps.city,
      period,
      sources: contents.sources.map((s) => ({ key: s.key, rows: s.rows, sha256: s.sha256 })),
      lines: contents.lines,
      previousLines: input.previousMonth === null ? null : input.previousMonth.lines,
      previousYear: previousYearOf(id, input.summaries),
      options: deps.options,
      generatedAt,
    });
    const { bulletin, streaks } = bulletinOf(deps, id, report, input.summaries);
    return {
      objects: await periodObjects(id, report, trendOf(id, report, input.summaries), bulletin),
      summary: { status: 'rendered', entry: periodIndexEntry(report), streaks },
      report,
    };
  } catch (error) {
    const failure = { id, ...period, href: periodHref(id), generatedAt, reason: reasonOf(error) };
    return {
      objects: [
        htmlObject(`${periodPrefix(id)}index.html`, renderPeriodFailurePage(deps.city.name, failure)),
      ],
      summary: { status: 'failed', failure },
      report: null,
    };
  }
}
