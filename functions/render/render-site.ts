/**
 * One render: brings the site in line with the table, reading and writing only what changed
 * (docs/contract.md §8). The shape, in order (docs/pipeline.md, "Render"):
 *
 * 1. Plan (`render-plan.ts`): the live version of every key (a projection of the heads) and
 *    render's own records give, per period and per year, a fingerprint of the inputs; the
 *    periods and years whose fingerprint differs from the recorded one are drawn, those
 *    recorded without live data any more are removed. What the request names does not
 *    matter: it only says that something changed. Render-all (rebuild) draws everything.
 * 2. Periods, ascending, one at a time (memory: one period and the month before it): one
 *    consistent read of the period and its previous month, `renderPeriod` (extension point
 *    a), its objects written and any other object under its prefix removed, then its record
 *    (fingerprint + summary). A crash before the record re-draws the period next time.
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
import { announceNewWarnings } from './announce-new-warnings';
import { dependenciesOf, yearOf } from './period-dependencies';
import { parsePeriodSummary, serializePeriodSummary } from './period-summary-record';
import type { RenderDeps, RenderSummary } from './render-deps';
import { renderPeriod } from './render-period';
import { planRender } from './render-plan';
import type { RenderRequest } from './render-request';
import { renderUploads } from './render-uploads';
import { renderYear, yearPrefixes } from './render-year';
import type { SiteBucket, SiteObject } from './site-bucket';
import { htmlObject, jsonObject, periodPrefix } from './site-objects';

const latest = (values: (string | null)[], fallback: string): string =>
  values.reduce<string>((max, v) => (v !== null && v > max ? v : max), '') || fallback;

/** Writes `objects` and removes every other object under `prefixes` (leftovers of an earlier shape). */
async function publish(site: SiteBucket, prefixes: string[], objects: SiteObject[]): Promise<void> {
  for (const object of objects) await site.put(object);
  const kept = new Set(objects.map((o) => o.key));
  for (const prefix of prefixes) {
    for (const key of await site.list(prefix)) if (!kept.has(key)) await site.remove(key);
  }
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
  for (const planned of plan.periods) {
    const previousId = dependenciesOf(planned.id).previousMonth;
    const previousLive = previousId !== null && live.has(previousId) ? previousId : null;
    const contents = await store.readPeriods(
      previousLive === null ? [planned.id] : [previousLive, planned.id],
    );
    const own = contents.get(planned.id);
    const previous = previousLive === null ? undefined : contents.get(previousLive);
    if (own === undefined || own.sources.length === 0) continue; // left since the plan: the next run removes it
    const output = await renderPeriod(deps, {
      id: planned.id,
      contents: own,
      previousMonth: previous !== undefined && previous.sources.length > 0 ? previous : null,
      summaries,
      fallbackTime,
    });
    await publish(site, [periodPrefix(planned.id)], output.objects);
    // After the pages it links to exist, before the period is recorded as drawn: a failure here
    // re-draws the period on the retry, and the alert ledger keeps that from announcing twice.
    if (output.report !== null) await announceNewWarnings(deps, output.report);
    await renderState.putPeriodState({
      period: planned.id,
      inputs: planned.inputs,
      summary: serializePeriodSummary(output.summary),
    });
    summaries.set(planned.id, output.summary);
    rendered.push(planned.id);
    if (output.summary.status === 'failed') failed.push(planned.id);
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
    const objects = await renderYear(deps, { year: planned.year, periods, summaries });
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
  await site.put(htmlObject('index.html', renderSiteIndexPage(index)));
  await renderUploads(deps, request, fallbackTime);

  return {
    rendered,
    failed,
    removed,
    years: plan.years.map((y) => y.year),
    durationMs: Date.now() - started,
  };
}
