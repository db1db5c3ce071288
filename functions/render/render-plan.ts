/**
 * Which periods and years a render must (re-)draw: the ones whose inputs differ from what
 * their published snapshot was drawn from. Pure.
 *
 * A period's inputs are the live versions (key, generation) of the period itself and of every
 * period it depends on (`period-dependencies.ts`), plus the settings that shape the output
 * (render revision, city, report options), hashed into one fingerprint. Render records the
 * fingerprint with the period once its objects are written, and compares on every run. So:
 * - a key that changed twice before one render (or whose render was lost) cannot be missed:
 *   the comparison is with what was last *rendered*, not with what the request names, and
 *   the period the key left has a different live set from the one recorded;
 * - a crash between writing a period and recording it re-renders that period next time;
 *   a dependent is re-rendered even when the period it depends on was already recorded,
 *   because its own fingerprint covers the dependency;
 * - rendering twice changes nothing (the second run finds every fingerprint equal).
 * Generations are sequencers, never reused, so equal fingerprints mean equal data.
 */
import { createHash } from 'node:crypto';
import { isPeriodId } from '../../shared/period-id';
import type { PeriodRenderState, YearRenderState } from '../store/render-state';
import type { ActiveVersion } from '../store/source-head';
import { dependencyPeriods, yearOf } from './period-dependencies';

/**
 * Bump when render's output changes for the same data (a new object per period, a new
 * layout, a fix): the next render then re-draws every period and year once, by itself.
 */
export const RENDER_REVISION = 4;

export interface RenderPlanInput {
  active: Map<string, ActiveVersion>;
  periodStates: PeriodRenderState[];
  yearStates: YearRenderState[];
  /** Everything besides the data that shapes the output (city, report options). */
  settings: unknown;
  /** Render-all (rebuild): draw every live period and year whatever was recorded. */
  everything: boolean;
}

export interface PlannedPeriod {
  id: string;
  inputs: string;
}

export interface PlannedYear {
  year: number;
  inputs: string;
}

export interface RenderPlan {
  /** Every period with live data, ascending. */
  live: string[];
  /** Periods to draw, ascending (a period's trend uses the earlier months drawn before it). */
  periods: PlannedPeriod[];
  /** Periods recorded as drawn that have no live data any more: their objects go. */
  removedPeriods: string[];
  /** Years whose year step must run. */
  years: PlannedYear[];
  /** Years recorded that have no live data any more. */
  removedYears: number[];
}

/** Live versions as `[key, gen]` pairs, by the period (or year-scoped id) they live in. */
export function liveVersionsBy(active: Map<string, ActiveVersion>): Map<string, [string, string][]> {
  const by = new Map<string, [string, string][]>();
  for (const [key, version] of active) {
    const list = by.get(version.period) ?? [];
    list.push([key, version.gen]);
    by.set(version.period, list);
  }
  for (const list of by.values()) list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return by;
}

const fingerprint = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex');

export function planRender(input: RenderPlanInput): RenderPlan {
  const settings = { revision: RENDER_REVISION, settings: input.settings };
  const byPeriod = liveVersionsBy(input.active);
  const live = [...byPeriod.keys()].filter(isPeriodId).sort();

  const recorded = new Map(input.periodStates.map((s) => [s.period, s.inputs]));
  const periods: PlannedPeriod[] = [];
  for (const id of live) {
    const inputs = fingerprint([
      settings,
      id,
      [id, ...dependencyPeriods(id)].map((p) => [p, byPeriod.get(p) ?? []]),
    ]);
    if (input.everything || recorded.get(id) !== inputs) periods.push({ id, inputs });
  }
  const liveSet = new Set(live);
  const removedPeriods = [...recorded.keys()].filter((id) => !liveSet.has(id)).sort();

  // The year step's inputs: every live version of the year, whatever its scope (a month's
  // export, or a year-scoped input such as an indicator set).
  const yearIds = new Map<number, string[]>();
  for (const id of [...byPeriod.keys()].sort()) {
    const year = yearOf(id);
    if (year === null) continue;
    yearIds.set(year, [...(yearIds.get(year) ?? []), id]);
  }
  const recordedYears = new Map(input.yearStates.map((s) => [s.year, s.inputs]));
  const years: PlannedYear[] = [];
  for (const [year, ids] of [...yearIds].sort((a, b) => a[0] - b[0])) {
    const inputs = fingerprint([settings, year, ids.map((id) => [id, byPeriod.get(id) ?? []])]);
    if (input.everything || recordedYears.get(year) !== inputs) years.push({ year, inputs });
  }
  const removedYears = [...recordedYears.keys()].filter((year) => !yearIds.has(year)).sort((a, b) => a - b);
  return { live, periods, removedPeriods, years, removedYears };
}
