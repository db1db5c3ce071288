/**
 * One render: brings the site in line with the table, reading and writing only what changed
 * (docs/contract.md §8). The shape, in order (docs/pipeline.md, "Render"):
 *
 * 1. Plan (`render-plan.ts`): the live version of every key (a projection of the heads) and
 *    render's own records give, per period and per year, a fingerprint of the inputs; the
 *    periods and years whose fingerprint differs from the recorded one are drawn, those
 *    recorded without live data any more are removed. What the request names does not
 *    matter: it only says that something changed. Render-all (rebuild) draws everything.
 * 2. Periods, ascending, one at a time (`draw-period.ts`): the period's lines and its previous
 *    month's stream past in group order under a consistent view, `renderPeriod` (extension
 *    point a) writes its objects as it goes (memory: one line page and the roll-ups, never the
 *    lines), any other object under its prefix is removed, then its record (fingerprint +
 *    summary). A crash before the record re-draws the period next time.
 * 3. Removed periods: every object under the prefix, then the record.
 * 4. Years (`render-year.ts`, extension point c), after their periods, the same way.
 * 5. Site-wide pages (extension point d), every run: the index from the period summaries, the
 *    uploads pages from per-upload summaries (`render-uploads.ts`).
 *
 * Output depends on table state alone (timestamps are the sources' commit times), so
 * rendering twice writes the same bytes, and a render that finds nothing changed writes only
 * the site-wide pages.
 */

import { isPeriodId } from '../../shared/period-id';
import { indexFromSummaries, type PeriodSummary } from '../../shared/render/period-index';
import { renderSiteIndexPage } from '../../shared/render/site-index-page';
import type { ExecutionTally } from '../../shared/self-evaluation/execution-tally';
import { announceNewWarnings } from './announce-new-warnings';
import { drawPeriod } from './draw-period';
import { yearOf } from './period-dependencies';
import { parsePeriodSummary, serializePeriodSummary } from './period-summary-record';
import type { RenderDeps, RenderSummary } from './render-deps';
import { planRender } from './render-plan';
import type { RenderRequest } from './render-request';
import { renderUploads } from './render-uploads';
import { renderYear, yearPrefixes } from './render-year';
import type { SiteBucket, SiteObject } from './site-bucket';
import { htmlObject, jsonObject, periodPrefix } from './site-objects';

const latest = (values: (string | null)[], fallback: string): string =>
  values.reduce<string>((max, v) => (v !== null && v > max ? v : max), '') || fallback;

/** Removes every object under `prefixes` but the `kept` ones (leftovers of an earlier shape or size). */
async function removeLeftovers(
  site: SiteBucket,
  prefixes: string[],
  kept: ReadonlySet<string>,
): Promise<void> {
  for (const prefix of prefixes) {
    for (const key of await site.list(prefix)) if (!kept.has(key)) await site.remove(key);
  }
}

/** Writes `objects` and removes every other object under `prefixes`. */
async function publish(site: SiteBucket, prefixes: string[], objects: SiteObject[]): Promise<void> {
  for (const object of objects) await site.put(object);
  await removeLeftovers(site, prefixes, new Set(objects.map((o) => o.key)));
}

export async function renderSite(deps: RenderDeps, request: RenderRequest): Promise<RenderSummary> {
  const started = Date.now();
  const { store, site, renderState } = deps;
  const fallbackTime = deps.now().toISOString();
  const everything = request.kind === 'all';

  // 1. Plan.
  const active = await store.listActiveVersions();
  const periodStates = await renderState.listPeriodStates();
  const yearStates = await renderState.listYearStates();
  const plan = planRender({
    active,
    periodStates,
    yearStates,
    settings: { city: deps.city, options: deps.options },
    everything,
  });
  const live = new Set(plan.live);
  const summaries = new Map<string, PeriodSummary>();
  for (const state of periodStates) {
    if (live.has(state.period)) summaries.set(state.period, parsePeriodSummary(state.summary));
  }

  // 2. Periods, one at a time.
  const rendered: string[] = [];
  const failed: string[] = [];
  // The year step reads the execution data of its year's latest period: kept from the draw
  // when that period was drawn in this run (one tally per year, the latest drawn).
  const executions = new Map<number, { period: string; execution: ExecutionTally }>();
  for (const planned of plan.periods) {
    const announced = await deps.alerts.ledger.announcedWarnings(planned.id);
    const output = await drawPeriod(deps, planned.id, { summaries, fallbackTime, announced });
    if (output === null) continue; // left since the plan: the next run removes it
    await removeLeftovers(site, [periodPrefix(planned.id)], new Set(output.keys));
    // After the pages it links to exist, before the period is recorded as drawn: a failure here
    // re-draws the period on the retry, and the alert ledger keeps that from announcing twice.
    if (output.figures !== null)
      await announceNewWarnings(deps, output.figures, announced, output.freshLines);
    await renderState.putPeriodState({
      period: planned.id,
      inputs: planned.inputs,
      summary: serializePeriodSummary(output.summary),
    });
    summaries.set(planned.id, output.summary);
    rendered.push(planned.id);
    if (output.summary.status === 'failed') failed.push(planned.id);
    const year = yearOf(planned.id);
    if (output.execution !== null && year !== null)
      executions.set(year, { period: planned.id, execution: output.execution });
  }

  // 3. Periods without data: recorded ones, and on render-all whatever the bucket still holds.
  const removedIds = new Set(plan.removedPeriods);
  if (everything) for (const id of await site.listReportPeriods()) if (!live.has(id)) removedIds.add(id);
  const removed = [...removedIds].sort();
  for (const id of removed) {
    await publish(site, [periodPrefix(id)], []);
    await renderState.deletePeriodState(id);
  }

  // 4. Years.
  for (const planned of plan.years) {
    const periods = plan.live.filter((id) => yearOf(id) === planned.year);
    const objects = await renderYear(deps, {
      year: planned.year,
      periods,
      summaries,
      drawn: executions.get(planned.year) ?? null,
    });
    await publish(site, yearPrefixes(planned.year), objects);
    await renderState.putYearState(planned);
  }
  for (const year of plan.removedYears) {
    await publish(site, yearPrefixes(year), []);
    await renderState.deleteYearState(year);
  }

  // 5. Site-wide pages.
  const current = [...summaries].filter(([id]) => isPeriodId(id) && live.has(id)).map(([, s]) => s);
  const index = indexFromSummaries(
    deps.city,
    current,
    latest(
      current.map((s) => (s.status === 'rendered' ? s.entry.generatedAt : s.failure.generatedAt)),
      fallbackTime,
    ),
    deps.options.timeProgress,
  );
  await site.put(jsonObject('reports/index.json', index));
  await site.put(htmlObject('index.html', renderSiteIndexPage(index, deps.options.timeZone)));
  await renderUploads(deps, request, fallbackTime);

  return {
    rendered,
    failed,
    removed,
    years: plan.years.map((y) => y.year),
    durationMs: Date.now() - started,
  };
}
