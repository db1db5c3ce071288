/**
 * The year's self-evaluation (docs/contract.md §4.2): `self-evaluation/<YYYY>/` in the site bucket —
 * index.html, self-evaluation.json, self-evaluation.xlsx and report.docx — built from the
 * year's latest live period (so before December it reads 截至M月) and the year's live
 * indicator sets. A year without a live period has none. Run by the year step
 * (`render-year.ts`), which runs whenever anything live in the year changed: one of its
 * periods or one of its indicator files.
 */

import { formatYearId, parsePeriodId } from '../../shared/period-id';
import { contentDisposition, selfEvaluationDownloadName } from '../../shared/render/download-name';
import { renderSelfEvaluationPage, SELF_EVALUATION_FILES } from '../../shared/render/self-evaluation-page';
import { buildSelfEvaluation } from '../../shared/self-evaluation/build-self-evaluation';
import { ExecutionTally } from '../../shared/self-evaluation/execution-tally';
import { renderSelfEvaluationReport } from '../../shared/self-evaluation/self-evaluation-report';
import { renderSelfEvaluationWorkbook } from '../../shared/self-evaluation/self-evaluation-workbook';
import { type ActiveSource, activeSources } from '../store/pipeline-reader';
import { generationsOf, underConsistentView } from './draw-period';
import type { RenderDeps } from './render-deps';
import type { SiteObject } from './site-bucket';
import { DOCX_TYPE, HTML_TYPE, JSON_TYPE, SHORT_CACHE, XLSX_TYPE } from './site-objects';

/** Where a year's self-evaluation lives; everything under it belongs to that year. */
export const selfEvaluationPrefix = (year: number): string => `self-evaluation/${formatYearId(year)}/`;

const TYPES: Record<keyof typeof SELF_EVALUATION_FILES, string> = {
  page: HTML_TYPE,
  json: JSON_TYPE,
  workbook: XLSX_TYPE,
  report: DOCX_TYPE,
};

export function selfEvaluationKey(year: number, file: keyof typeof SELF_EVALUATION_FILES): string {
  return `${selfEvaluationPrefix(year)}${SELF_EVALUATION_FILES[file]}`;
}

/**
 * The objects of one year's self-evaluation, or none when the year has no live period.
 * @param periods the year's periods with live data, ascending.
 */
/** The execution data of `period`, streamed from the table under a consistent view. */
async function readExecution(
  deps: RenderDeps,
  period: string,
): Promise<{ execution: ExecutionTally; sources: ActiveSource[] }> {
  return underConsistentView(deps.store, [period], async (active) => {
    const execution = new ExecutionTally();
    for (const { key, gen } of generationsOf(active, period)) {
      for await (const page of deps.store.generationLinePages(period, key, gen, 1_000))
        for (const line of page) execution.add(line);
    }
    return { execution, sources: activeSources(active, period) };
  });
}

export async function selfEvaluationObjects(
  deps: RenderDeps,
  year: number,
  periods: readonly string[],
  drawn: { period: string; execution: ExecutionTally } | null = null,
): Promise<SiteObject[]> {
  const latest = periods.at(-1);
  const asOf = latest === undefined ? null : parsePeriodId(latest);
  if (latest === undefined || asOf === null) return [];
  const period =
    drawn !== null && drawn.period === latest
      ? { execution: drawn.execution, sources: activeSources(await deps.store.listActiveVersions(), latest) }
      : await readExecution(deps, latest);
  if (period.sources.length === 0) return [];
  const indicators = (await deps.store.readIndicatorSets([formatYearId(year)])).get(formatYearId(year));

  const evaluation = buildSelfEvaluation({
    city: deps.city,
    asOf,
    execution: period.execution,
    sets: (indicators?.sets ?? []).map(({ set }) => set),
    executionWeight: deps.options.scoreWeight,
    competentDepartment: deps.options.competentDepartment,
    scoring: deps.options.scoring,
  });
  // Dated by the latest commit among the sources used, so drawing twice gives the same figures.
  const generatedAt =
    [...period.sources, ...(indicators?.sources ?? [])]
      .map((s) => s.committedAt)
      .sort()
      .at(-1) ?? deps.now().toISOString();

  const object = (file: keyof typeof SELF_EVALUATION_FILES, body: string | Uint8Array): SiteObject => ({
    key: selfEvaluationKey(year, file),
    body,
    contentType: TYPES[file],
    cacheControl: SHORT_CACHE,
    // Saved as 乐昌市民政局-2021-绩效自评表.xlsx, not as its key's self-evaluation.xlsx.
    ...(file === 'workbook' || file === 'report'
      ? { contentDisposition: contentDisposition(selfEvaluationDownloadName(file, deps.city.name, year)) }
      : {}),
  });
  return [
    object('json', `${JSON.stringify(evaluation, null, 2)}\n`),
    object('workbook', await renderSelfEvaluationWorkbook(evaluation, generatedAt)),
    object('report', await renderSelfEvaluationReport(evaluation)),
    // The page last: it links the other three.
    object('page', renderSelfEvaluationPage(evaluation, generatedAt, deps.options.timeZone)),
  ];
}
