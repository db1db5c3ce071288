/**
 * `reports/index.json`: every period with a report, latest first, with the figures the site
 * index and the trend charts need (so they never open every report). It is built from one
 * small summary per period (`PeriodSummary`), which render keeps between runs: the site-wide
 * pages never need any period's lines.
 */

import { formatPeriodId } from '../period-id';
import type { MoneyFigures, PeriodFigures, TimeProgressRule } from '../report/period-report';
import type { WarningStreaks } from '../report/warning-streaks';

export interface PeriodIndexEntry {
  /** `YYYY-MM`. */
  id: string;
  year: number;
  month: number;
  timeProgress: number;
  totals: MoneyFigures;
  sourceCount: number;
  warningCount: number;
  /** Relative to the site root. */
  href: string;
  generatedAt: string;
}

/** A period with data whose report could not be rendered; its page says why. */
export interface UnrenderedPeriod {
  id: string;
  year: number;
  month: number;
  href: string;
  generatedAt: string;
  /** Why, in the words of the error (shown to staff; no file content beyond what they uploaded). */
  reason: string;
}

/** What the site-wide pages know of one period. */
export type PeriodSummary =
  | {
      status: 'rendered';
      entry: PeriodIndexEntry;
      /** Who is at a warning level and for how long: the next month's 通报 counts on from it. Not in index.json. */
      streaks?: WarningStreaks;
    }
  | { status: 'failed'; failure: UnrenderedPeriod };

export interface PeriodIndex {
  schemaVersion: 1;
  generatedAt: string;
  city: { id: string; name: string };
  /** The city's 序时进度 rule, for the yardstick curve of the trend charts. */
  timeProgressRule: TimeProgressRule;
  periods: PeriodIndexEntry[];
  /** Periods that have data but no report (rendering failed), latest first. */
  unrendered: UnrenderedPeriod[];
}

export const periodHref = (id: string): string => `reports/${id}/index.html`;

export function periodIndexEntry(report: PeriodFigures): PeriodIndexEntry {
  const id = formatPeriodId(report.period);
  return {
    id,
    year: report.period.year,
    month: report.period.month,
    timeProgress: report.timeProgress,
    totals: report.totals,
    sourceCount: report.sources.length,
    warningCount: report.warningCount,
    href: periodHref(id),
    generatedAt: report.generatedAt,
  };
}

const latestFirst = (a: { id: string }, b: { id: string }): number =>
  a.id < b.id ? 1 : a.id > b.id ? -1 : 0;

export function indexFromSummaries(
  city: { id: string; name: string },
  summaries: Iterable<PeriodSummary>,
  generatedAt: string,
  timeProgressRule: TimeProgressRule,
): PeriodIndex {
  const periods: PeriodIndexEntry[] = [];
  const unrendered: UnrenderedPeriod[] = [];
  for (const summary of summaries) {
    if (summary.status === 'rendered') periods.push(summary.entry);
    else unrendered.push(summary.failure);
  }
  return {
    schemaVersion: 1,
    generatedAt,
    city,
    timeProgressRule,
    periods: periods.sort(latestFirst),
    unrendered: unrendered.sort(latestFirst),
  };
}

export function buildPeriodIndex(
  city: { id: string; name: string },
  reports: PeriodFigures[],
  generatedAt: string,
  timeProgressRule: TimeProgressRule,
): PeriodIndex {
  return indexFromSummaries(
    city,
    reports.map((report) => ({ status: 'rendered', entry: periodIndexEntry(report) })),
    generatedAt,
    timeProgressRule,
  );
}

export function renderPeriodIndexJson(index: PeriodIndex): string {
  return `${JSON.stringify(index, null, 2)}\n`;
}
