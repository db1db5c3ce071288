/**
 * Extension point (c): the year step. Runs when anything live in a budget year changed (any
 * of its periods, or a year-scoped input such as an indicator file: see `render-plan.ts`),
 * after the year's periods were drawn, so `summaries` are current. It returns the objects to
 * publish under the year's prefixes (`yearPrefixes`); anything else left there is removed,
 * and all of them go when the year has no live data any more.
 *
 * It publishes the year's performance self-evaluation (docs/contract.md §4.2, `self-evaluation/<YYYY>/`,
 * `render-self-evaluation.ts`), reading the year's latest period and its indicator sets
 * through `deps.store` as a stream (or taking its tally from this run's draw of it), so memory
 * holds the tally of one period's projects, never its lines.
 */
import type { PeriodSummary } from '../../shared/render/period-index';
import type { ExecutionTally } from '../../shared/self-evaluation/execution-tally';
import type { RenderDeps } from './render-deps';
import { selfEvaluationObjects, selfEvaluationPrefix } from './render-self-evaluation';
import type { SiteObject } from './site-bucket';

export interface YearRenderInput {
  year: number;
  /** The year's periods with live data, ascending. */
  periods: string[];
  /** Every period's latest summary, this run's included. */
  summaries: ReadonlyMap<string, PeriodSummary>;
  /** The execution data of the year's last period drawn in this run, if any (saves reading it again). */
  drawn: { period: string; execution: ExecutionTally } | null;
}

/** Prefixes (in the site bucket) that hold a year's objects. */
export function yearPrefixes(year: number): string[] {
  return [selfEvaluationPrefix(year)];
}

export async function renderYear(deps: RenderDeps, input: YearRenderInput): Promise<SiteObject[]> {
  return selfEvaluationObjects(deps, input.year, input.periods, input.drawn);
}
