/**
 * Extension point (c): the year step. Runs when anything live in a budget year changed (any
 * of its periods, or a year-scoped input such as an indicator file: see `render-plan.ts`),
 * after the year's periods were drawn, so `summaries` are current. It returns the objects to
 * publish under the year's prefixes (`yearPrefixes`); anything else left there is removed,
 * and all of them go when the year has no live data any more.
 *
 * Today it publishes nothing; the performance self-evaluation (docs/contract.md §4.2,
 * `self-evaluation/<YYYY>/`) is meant to live here. It may read what it needs through
 * `deps.store` (e.g. the year's latest period: `deps.store.readPeriods([id])`), one period at
 * a time, so memory stays bounded by the largest period.
 */
import type { PeriodSummary } from '../../shared/render/period-index';
import type { RenderDeps } from './render-deps';
import type { SiteObject } from './site-bucket';

export interface YearRenderInput {
  year: number;
  /** The year's periods with live data, ascending. */
  periods: string[];
  /** Every period's latest summary, this run's included. */
  summaries: ReadonlyMap<string, PeriodSummary>;
}

/** Prefixes (in the site bucket) that hold a year's objects. */
export function yearPrefixes(_year: number): string[] {
  return [];
}

export async function renderYear(_deps: RenderDeps, _input: YearRenderInput): Promise<SiteObject[]> {
  return [];
}
