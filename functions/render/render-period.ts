/**
 * Extension point (a): render ONE period. Its live lines stream past once, in group order
 * (`period-lines.ts`), beside the month before's (month-over-month); each is reported
 * (`PeriodReportBuilder`), written to lines.csv (a multipart upload) and to the current line
 * page (`lines/<nnnn>.html` and `.json`, `LINES_PER_PAGE` each), while the roll-ups accumulate.
 * Then report.json (the figures and the list of line pages), the period page and the bulletin
 * are written. Memory holds one line page and the roll-ups (one entry per unit, project and fund
 * type), never the period's lines (docs/contract.md §8): a 200,000-group period renders in a
 * few hundred MB.
 *
 * Isolation (docs/contract.md §3.1): nothing a legal file holds may make a render fail, and if
 * drawing one period fails anyway, every other period still renders. So the building and
 * drawing are caught here (`drawing`): the period then publishes a page that says it could not
 * be rendered and why, and its summary says so too (the index lists it). I/O errors are not
 * caught: they are transient, and the render is retried.
 *
 * It returns the keys it wrote; the caller removes whatever else is under the period's prefix.
 * A new per-period output is one more of the objects written after the lines (the bulletin is one).
 */

import { FreshWarnings } from '../../shared/alerts/fresh-warnings';
import { lineWarningSubject } from '../../shared/alerts/new-warnings-alert';
import { DEFAULT_INTERVIEW_AFTER_MONTHS } from '../../shared/city-settings';
import { yuanToFen } from '../../shared/format';
import { parsePeriodId } from '../../shared/period-id';
import { renderBulletinDocx } from '../../shared/render/bulletin-docx';
import { type Bulletin, buildBulletin } from '../../shared/render/bulletin-notice';
import { BULLETIN_DOCX, renderBulletinPage } from '../../shared/render/bulletin-page';
import {
  LINES_PER_PAGE,
  type LinePage,
  linePageEntry,
  linePageJson,
  linePagePaths,
  renderLinePage,
} from '../../shared/render/line-page';
import { carries, linesCsvColumns, linesCsvHead, linesCsvRow } from '../../shared/render/lines-csv';
import { renderPeriodFailurePage } from '../../shared/render/period-failure-page';
import { type PeriodSummary, periodHref, periodIndexEntry } from '../../shared/render/period-index';
import {
  hasProjectsPage,
  PERIOD_PAGE_WARNINGS,
  PROJECTS_PAGE,
  renderProjectsPage,
  renderReportPage,
} from '../../shared/render/report-page';
import type { TrendPoint } from '../../shared/render/svg-progress-trend';
import type {
  LinePageEntry,
  PeriodFigures,
  ReportJson,
  ReportWarning,
  SourcedGroupLine,
} from '../../shared/report/period-report';
import type { PeriodReportBuilderInput, ReportedLine } from '../../shared/report/period-report-builder';
import { type WarningStreaks, warningStreaks } from '../../shared/report/warning-streaks';
import { ExecutionTally } from '../../shared/self-evaluation/execution-tally';
import type { AnnouncedWarnings } from '../store/alert-ledger';
import type { ActiveSource } from '../store/pipeline-reader';
import { dependenciesOf } from './period-dependencies';
import { type PeriodLines, withPreviousSpentToDate } from './period-lines';
import type { RenderDeps } from './render-deps';
import type { SiteBucket } from './site-bucket';
import {
  CSV_TYPE,
  docxObject,
  htmlObject,
  JSON_TYPE,
  jsonObject,
  periodPrefix,
  SHORT_CACHE,
} from './site-objects';

export interface PeriodRenderInput {
  id: string;
  /** The period's live sources (the versions its lines are read under). */
  sources: ActiveSource[];
  /** The period's live lines, in group order. */
  lines: PeriodLines;
  /** The month before's lines in group order (month-over-month), null when it has no data or for January. */
  previousMonth: AsyncIterable<SourcedGroupLine> | null;
  /** The latest summary of every other period (trend, year over year); this period's is ignored. */
  summaries: ReadonlyMap<string, PeriodSummary>;
  /** Timestamp when the sources carry none (never in practice: every live source has a commit time). */
  fallbackTime: string;
  /** What the alert ledger holds for the period: lines at a level are tested against it as they pass. */
  announced: AnnouncedWarnings;
}

export interface PeriodRenderOutput {
  /** Every object written under the period's prefix; anything else there is removed. */
  keys: string[];
  summary: PeriodSummary;
  /** The figures drawn, for what follows publication (alerts); null when drawing failed. */
  figures: PeriodFigures | null;
  /** The period's lines at a warning level never announced at it (alerts). */
  freshLines: FreshWarnings;
  /** The period's execution data as the self-evaluation reads it (the year step); null on failure. */
  execution: ExecutionTally | null;
}

type PeriodRenderDeps = Pick<RenderDeps, 'reportBuilder' | 'city' | 'options' | 'site'>;

/** An error of building or drawing (not of I/O): the period shows a failure page. */
class DrawingError extends Error {
  override name = 'DrawingError';
}

function drawing<T>(draw: () => T): T {
  try {
    return draw();
  } catch (error) {
    throw new DrawingError('drawing failed', { cause: error });
  }
}

async function drawingAsync<T>(draw: () => Promise<T>): Promise<T> {
  try {
    return await draw();
  } catch (error) {
    throw new DrawingError('drawing failed', { cause: error });
  }
}

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
  figures: PeriodFigures,
  summaries: ReadonlyMap<string, PeriodSummary>,
): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (const earlier of dependenciesOf(id).earlierMonths) {
    const summary = summaries.get(earlier);
    if (summary === undefined || summary.status !== 'rendered') continue;
    points.push({ month: summary.entry.month, executionRate: summary.entry.totals.executionRate });
  }
  points.push({ month: figures.period.month, executionRate: figures.totals.executionRate });
  return points;
}

/**
 * Year over year (§4.1) from the same month of last year's summary: its totals are exact yuan
 * strings, so the comparison is as exact as if its lines had been read.
 */
function previousYearOf(
  id: string,
  summaries: ReadonlyMap<string, PeriodSummary>,
): PeriodReportBuilderInput['previousYear'] {
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
  report: PeriodFigures,
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

/** Collects reported lines into pages and writes each when it is full (or the lines end). */
class LinePageWriter {
  readonly entries: LinePageEntry[] = [];
  readonly keys: string[] = [];
  private current: ReportedLine[] = [];

  constructor(
    private readonly site: SiteBucket,
    private readonly prefix: string,
    private readonly page: Omit<LinePage, 'page' | 'hasNext' | 'lines' | 'warnings'>,
  ) {}

  async add(reported: ReportedLine): Promise<void> {
    if (this.current.length === LINES_PER_PAGE) await this.write(true);
    this.current.push(reported);
  }

  async finish(): Promise<void> {
    if (this.current.length > 0) await this.write(false);
  }

  private async write(hasNext: boolean): Promise<void> {
    const page: LinePage = {
      ...this.page,
      page: this.entries.length + 1,
      hasNext,
      lines: this.current.map((r) => r.line),
      warnings: this.current.flatMap((r) => r.warnings),
    };
    this.current = [];
    const paths = linePagePaths(page.page);
    const [entry, pageHtml, json] = drawing(() => [
      linePageEntry(page),
      renderLinePage(page),
      linePageJson(page),
    ]);
    await this.site.put(htmlObject(`${this.prefix}${paths.html}`, pageHtml));
    await this.site.put({
      key: `${this.prefix}${paths.json}`,
      body: json,
      contentType: JSON_TYPE,
      cacheControl: SHORT_CACHE,
    });
    this.entries.push(entry);
    this.keys.push(`${this.prefix}${paths.html}`, `${this.prefix}${paths.json}`);
  }
}

export async function renderPeriod(
  deps: PeriodRenderDeps,
  input: PeriodRenderInput,
): Promise<PeriodRenderOutput> {
  const { id, sources } = input;
  const { site } = deps;
  const period = parsePeriodId(id);
  if (period === null) throw new RangeError(`not a period id: ${id}`);
  const prefix = periodPrefix(id);
  const generatedAt = latest(
    sources.map((s) => s.committedAt),
    input.fallbackTime,
  );
  const csvKey = `${prefix}lines.csv`;
  const csv = site.openWriter({ key: csvKey, contentType: CSV_TYPE, cacheControl: SHORT_CACHE });
  try {
    const builder = drawing(() =>
      deps.reportBuilder({
        city: deps.city,
        period,
        sources: sources.map((s) => ({ key: s.key, rows: s.rows, sha256: s.sha256 })),
        previousYear: previousYearOf(id, input.summaries),
        options: deps.options,
        generatedAt,
      }),
    );
    // Which optional columns (年初预算数, code lists) the period has: an export that has one
    // carries it on every line, so the first line of each source tells.
    const has = carries(drawing(() => input.lines.firstLines.map((line) => builder.preview(line))));
    const columns = linesCsvColumns(has);
    const pages = new LinePageWriter(site, prefix, {
      cityName: deps.city.name,
      period,
      generatedAt,
      statesInitial: has('budgetInitial'),
    });
    const execution = new ExecutionTally();
    const freshLines = new FreshWarnings((key) => input.announced.has(key));
    const firstWarnings: ReportWarning[] = [];
    await csv.write(drawing(() => linesCsvHead(columns)));
    for await (const [line, previousSpentToDate] of withPreviousSpentToDate(
      input.lines.lines,
      input.previousMonth,
    )) {
      const reported = drawing(() => builder.add(line, previousSpentToDate));
      execution.add(line);
      const subject = lineWarningSubject(reported.line);
      if (subject !== null) freshLines.add(subject);
      for (const warning of reported.warnings)
        if (firstWarnings.length < PERIOD_PAGE_WARNINGS) firstWarnings.push(warning);
      await csv.write(drawing(() => linesCsvRow(columns, reported.line, period)));
      await pages.add(reported);
    }
    await pages.finish();
    const figures = drawing(() => builder.finish());
    const report: ReportJson = { ...figures, linePages: pages.entries };
    const trend = trendOf(id, figures, input.summaries);
    const { bulletin, streaks } = drawing(() => bulletinOf(deps, id, figures, input.summaries));
    const docx = await drawingAsync(() => renderBulletinDocx(bulletin, figures.city.name));
    const objects = drawing(() => [
      jsonObject(`${prefix}report.json`, report),
      htmlObject(
        `${prefix}index.html`,
        renderReportPage(figures, { trend, linePages: pages.entries, firstWarnings }),
      ),
      docxObject(`${prefix}${BULLETIN_DOCX}`, docx),
      htmlObject(`${prefix}bulletin.html`, renderBulletinPage(figures, bulletin)),
      ...(hasProjectsPage(figures)
        ? [htmlObject(`${prefix}${PROJECTS_PAGE}`, renderProjectsPage(figures))]
        : []),
    ]);
    await csv.close();
    for (const object of objects) await site.put(object);
    return {
      keys: [csvKey, ...pages.keys, ...objects.map((o) => o.key)],
      summary: { status: 'rendered', entry: periodIndexEntry(figures), streaks },
      figures,
      freshLines,
      execution,
    };
  } catch (error) {
    await csv.abort();
    if (!(error instanceof DrawingError)) throw error;
    const failure = { id, ...period, href: periodHref(id), generatedAt, reason: reasonOf(error.cause) };
    const page = htmlObject(
      `${prefix}index.html`,
      renderPeriodFailurePage(deps.city.name, failure, deps.options.timeZone),
    );
    await site.put(page);
    return {
      keys: [page.key],
      summary: { status: 'failed', failure },
      figures: null,
      freshLines: new FreshWarnings(() => true),
      execution: null,
    };
  }
}
