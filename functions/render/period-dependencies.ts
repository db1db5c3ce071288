/**
 * What a period's published snapshot is drawn from besides its own lines — THE place for
 * render's dependency rules (docs/contract.md §8). A change in period P re-renders P and every period
 * that lists P here (its dependents), plus the year step of P's year; nothing else.
 *
 * - the month before, in the same budget year: the month-over-month check (§4). January has
 *   none: year-to-date figures restart.
 * - every earlier month of the same year: the page's execution trend chart.
 * - the same month of the year before: year over year (§4.1).
 *
 * To add a dependency (a new comparison on the period page), add it to `dependenciesOf`; the
 * render plan's fingerprints, and so the dependents, follow from this list alone.
 */
import { formatPeriodId, parsePeriodId } from '../../shared/period-id';

export interface PeriodDependencies {
  /** Month-over-month: the month before within the year, null for January. */
  previousMonth: string | null;
  /** The trend chart: months 1 … m−1 of the same year. */
  earlierMonths: string[];
  /** Year over year: the same month one year earlier. */
  sameMonthLastYear: string;
}

export function dependenciesOf(id: string): PeriodDependencies {
  const period = parsePeriodId(id);
  if (period === null) throw new RangeError(`not a period id: ${id}`);
  const earlierMonths = Array.from({ length: period.month - 1 }, (_, i) =>
    formatPeriodId({ year: period.year, month: i + 1 }),
  );
  return {
    previousMonth: earlierMonths.at(-1) ?? null,
    earlierMonths,
    sameMonthLastYear: formatPeriodId({ year: period.year - 1, month: period.month }),
  };
}

/** Every period `id` depends on, once each, sorted. */
export function dependencyPeriods(id: string): string[] {
  const d = dependenciesOf(id);
  return [
    ...new Set([
      ...d.earlierMonths,
      ...(d.previousMonth === null ? [] : [d.previousMonth]),
      d.sameMonthLastYear,
    ]),
  ].sort();
}

/** The periods among `live` whose snapshot uses `changed`: the inverse of `dependenciesOf`. */
export function dependentsOf(changed: string, live: Iterable<string>): string[] {
  return [...live].filter((id) => id !== changed && dependencyPeriods(id).includes(changed)).sort();
}

/** The budget year a period id, or a year-scoped key such as an indicator set's `2021`, belongs to. */
export function yearOf(id: string): number | null {
  const match = /^(\d{4})(?:-\d{2})?$/.exec(id);
  return match === null ? null : Number(match[1]);
}
