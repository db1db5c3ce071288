/**
 * The uploads pages (site-wide, extension point d), drawn from per-upload summaries that
 * render files in the table by processing month, never from every head: a render refreshes
 * the summaries of the keys its request names (each status object written names its key),
 * then redraws the pages of the months those summaries left or joined, and `uploads.html`
 * (the latest month). Reads per render: a constant per key named, plus one query per month
 * drawn. Render-all (rebuild) re-files every key from the heads.
 *
 * Crash order, per key: file the new summary, drop the old one, then re-point the listing; a
 * crash anywhere leaves at worst the new summary filed twice over (the same item) or an old one
 * the retry still finds through the listing, which is only moved once the old one is gone.
 */
import { createHash } from 'node:crypto';
import { renderUploadsPage, type UploadView, uploadsMonthPage } from '../../shared/render/uploads-page';
import type { UploadSummary } from '../store/render-state';
import type { SourceHead } from '../store/source-head';
import type { RenderDeps } from './render-deps';
import type { RenderRequest } from './render-request';
import { htmlObject } from './site-objects';
import { uploadViewOf } from './upload-view';
import { uploadViewSchema } from './upload-view-record';

const monthOf = (listedAt: string): string => listedAt.slice(0, 7);
const MONTH = /^\d{4}-\d{2}$/;

function listedAtOf(head: SourceHead & { processedAt: string }): string {
  return `${head.processedAt}#${createHash('sha256').update(head.key).digest('hex').slice(0, 32)}`;
}

function summaryOf(head: SourceHead & { processedAt: string }): UploadSummary {
  return { key: head.key, listedAt: listedAtOf(head), view: JSON.stringify(uploadViewOf(head)) };
}

const processed = (head: SourceHead): head is SourceHead & { processedAt: string } =>
  head.processedAt !== null && MONTH.test(head.processedAt.slice(0, 7));

/** Files `key`'s current state; returns the months whose page changes. */
async function refileUpload(deps: RenderDeps, key: string): Promise<string[]> {
  const { store, renderState } = deps;
  const head = await store.getHead(key);
  const old = await renderState.getUploadListing(key);
  const months: string[] = [];
  if (head === null || !processed(head)) {
    // Nothing to show yet (a first version still in flight), or the key is gone.
    if (old !== null) {
      await renderState.deleteUploadSummary(old);
      await renderState.deleteUploadListing(key);
      months.push(monthOf(old));
    }
    return months;
  }
  const summary = summaryOf(head);
  await renderState.putUploadSummary(summary);
  months.push(monthOf(summary.listedAt));
  if (old !== summary.listedAt) {
    if (old !== null) {
      await renderState.deleteUploadSummary(old);
      months.push(monthOf(old));
    }
    await renderState.putUploadListing(key, summary.listedAt);
  }
  return months;
}

/** Every key re-filed from the heads, summaries of keys that no longer qualify dropped. */
async function refileEverything(deps: RenderDeps): Promise<string[]> {
  const { store, renderState } = deps;
  const heads = (await store.listHeads()).filter(processed);
  const wanted = new Set(heads.map(listedAtOf));
  const months = new Set<string>();
  for (const head of heads) {
    const summary = summaryOf(head);
    await renderState.putUploadSummary(summary);
    await renderState.putUploadListing(head.key, summary.listedAt);
    months.add(monthOf(summary.listedAt));
  }
  for (const summary of await renderState.listUploadSummaries('')) {
    if (wanted.has(summary.listedAt)) continue;
    await renderState.deleteUploadSummary(summary.listedAt);
    months.add(monthOf(summary.listedAt));
  }
  for (const month of await renderState.listUploadMonths()) months.add(month);
  for (const key of await deps.site.list('uploads/')) {
    const month = /^uploads\/(\d{4}-\d{2})\.html$/.exec(key)?.[1];
    if (month !== undefined) months.add(month);
  }
  return [...months];
}

const viewsOf = (summaries: UploadSummary[]): UploadView[] =>
  summaries.map((s) => uploadViewSchema.parse(JSON.parse(s.view)));

const latest = (views: UploadView[], fallback: string): string =>
  views.reduce((max, v) => (v.processedAt !== null && v.processedAt > max ? v.processedAt : max), '') ||
  fallback;

export async function renderUploads(
  deps: RenderDeps,
  request: RenderRequest,
  fallbackTime: string,
): Promise<void> {
  const { renderState, site } = deps;
  const touched = new Set<string>();
  if (request.kind === 'all') for (const month of await refileEverything(deps)) touched.add(month);
  else for (const key of request.keys) for (const month of await refileUpload(deps, key)) touched.add(month);

  const months = new Set(await renderState.listUploadMonths());
  const viewsByMonth = new Map<string, UploadView[]>();
  for (const month of [...touched].sort()) {
    const views = viewsOf(await renderState.listUploadSummaries(month));
    if (views.length === 0) {
      await site.remove(uploadsMonthPage(month));
      if (months.has(month)) await renderState.deleteUploadMonth(month);
      months.delete(month);
    } else {
      viewsByMonth.set(month, views);
      if (!months.has(month)) await renderState.putUploadMonth(month);
      months.add(month);
    }
  }
  const all = [...months];
  for (const [month, views] of viewsByMonth) {
    await site.put(
      htmlObject(
        uploadsMonthPage(month),
        renderUploadsPage({
          city: deps.city,
          timeZone: deps.options.timeZone,
          generatedAt: latest(views, fallbackTime),
          uploads: views,
          paging: { month, months: null, root: '../' },
        }),
      ),
    );
  }

  const newest = all.sort().at(-1);
  const views =
    newest === undefined
      ? []
      : (viewsByMonth.get(newest) ?? viewsOf(await renderState.listUploadSummaries(newest)));
  await site.put(
    htmlObject(
      'uploads.html',
      renderUploadsPage({
        city: deps.city,
        timeZone: deps.options.timeZone,
        generatedAt: latest(views, fallbackTime),
        uploads: views,
        ...(newest === undefined ? {} : { paging: { month: newest, months: all, root: '' } }),
      }),
    ),
  );
}
