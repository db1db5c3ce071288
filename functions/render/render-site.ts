/**
 * Re-renders the site from the table. Every live period is read (one consistent cut) and its
 * report built, because the index, the trend charts and the month-over-month checks need
 * their neighbours; then every live period is written and the snapshots of periods left
 * without data are removed, whatever the request. (Writing only the periods the request's
 * keys touched is not enough: when a key changes twice before one render — notifications
 * queue behind a running render and arrive in batches, a failed render is retried later —
 * its head no longer names the first period it left, whose snapshot would keep showing
 * retracted data.) Output depends on table state alone (timestamps are the sources' commit
 * times), so rendering twice writes the same bytes: render is idempotent.
 */
import { renderLinesCsv } from '../../shared/render/lines-csv';
import { buildPeriodIndex, renderPeriodIndexJson } from '../../shared/render/period-index';
import { renderReportPage } from '../../shared/render/report-page';
import { renderSiteIndexPage } from '../../shared/render/site-index-page';
import { renderUploadsPage } from '../../shared/render/uploads-page';
import type { PeriodReport } from '../../shared/report/period-report';
import { parsePeriodId, previousPeriodInYear } from '../common/period-id';
import type { RenderDeps, RenderSummary } from './render-deps';
import type { RenderRequest } from './render-request';
import { uploadViewOf } from './upload-view';

const HTML = 'text/html; charset=utf-8';
const CSV = 'text/csv; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
/** Snapshots change whenever an upload does; browsers and CloudFront should look again soon. */
const SHORT_CACHE = 'public, max-age=60, must-revalidate';

const SNAPSHOT_FILES = ['index.html', 'report.json', 'lines.csv'] as const;

const maxOf = (values: (string | null)[], fallback: string): string =>
  values.reduce<string>((max, v) => (v !== null && v > max ? v : max), '') || fallback;

/** `_request` says why render runs (logged by the handler); what is written no longer depends on it. */
export async function renderSite(deps: RenderDeps, _request: RenderRequest): Promise<RenderSummary> {
  const started = Date.now();
  const { store, site } = deps;

  const heads = await store.listHeads();
  const candidates = [...new Set(heads.flatMap((h) => (h.active === null ? [] : [h.active.period])))].sort();
  const contents = await store.readPeriods(candidates);

  const reports = new Map<string, PeriodReport>();
  for (const [id, period] of contents) {
    const parsed = parsePeriodId(id);
    if (parsed === null || period.sources.length === 0) continue;
    const previousId = previousPeriodInYear(id);
    const previous = previousId === null ? undefined : contents.get(previousId);
    reports.set(
      id,
      deps.buildReport({
        city: deps.city,
        period: parsed,
        sources: period.sources.map((s) => ({ key: s.key, rows: s.rows, sha256: s.sha256 })),
        lines: period.lines,
        previousLines: previous !== undefined && previous.sources.length > 0 ? previous.lines : null,
        options: deps.options,
        generatedAt: maxOf(
          period.sources.map((s) => s.committedAt),
          deps.now().toISOString(),
        ),
      }),
    );
  }
  const live = [...reports.keys()].sort();

  const targets = new Set([...live, ...(await site.listReportPeriods())]);

  const generatedAt = maxOf(
    heads.map((h) => h.processedAt),
    deps.now().toISOString(),
  );
  const index = buildPeriodIndex(deps.city, [...reports.values()], generatedAt);
  const rendered: string[] = [];
  const removed: string[] = [];

  for (const id of [...targets].sort()) {
    const report = reports.get(id);
    const prefix = `reports/${id}/`;
    if (report === undefined) {
      for (const file of SNAPSHOT_FILES) await site.remove(`${prefix}${file}`);
      removed.push(id);
      continue;
    }
    const trend = index.periods
      .filter((p) => p.year === report.period.year && p.month <= report.period.month)
      .map((p) => ({ month: p.month, executionRate: p.totals.executionRate }));
    await site.put({
      key: `${prefix}report.json`,
      body: `${JSON.stringify(report, null, 2)}\n`,
      contentType: JSON_TYPE,
      cacheControl: SHORT_CACHE,
    });
    await site.put({
      key: `${prefix}lines.csv`,
      body: renderLinesCsv(report),
      contentType: CSV,
      cacheControl: SHORT_CACHE,
    });
    await site.put({
      key: `${prefix}index.html`,
      body: renderReportPage(report, { trend }),
      contentType: HTML,
      cacheControl: SHORT_CACHE,
    });
    rendered.push(id);
  }

  await site.put({
    key: 'reports/index.json',
    body: renderPeriodIndexJson(index),
    contentType: JSON_TYPE,
    cacheControl: SHORT_CACHE,
  });
  await site.put({
    key: 'index.html',
    body: renderSiteIndexPage(index),
    contentType: HTML,
    cacheControl: SHORT_CACHE,
  });
  await site.put({
    key: 'uploads.html',
    body: renderUploadsPage({ city: deps.city, generatedAt, uploads: heads.map(uploadViewOf) }),
    contentType: HTML,
    cacheControl: SHORT_CACHE,
  });

  return { rendered, removed, durationMs: Date.now() - started };
}
