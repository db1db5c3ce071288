/**
 * `reports/index.json`: every period with a report, latest first, with the figures the site
 * index and the trend charts need (so they never open every report).
 */
import type { MoneyFigures, PeriodReport } from '../report/period-report';
import { periodId } from './display-format';

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

export interface PeriodIndex {
  schemaVersion: 1;
  generatedAt: string;
  city: { id: string; name: string };
  periods: PeriodIndexEntry[];
}

export function buildPeriodIndex(
  city: { id: string; name: string },
  reports: PeriodReport[],
  generatedAt: string,
): PeriodIndex {
  const periods = reports
    .map((report) => {
      const id = periodId(report.period);
      return {
        id,
        year: report.period.year,
        month: report.period.month,
        timeProgress: report.timeProgress,
        totals: report.totals,
        sourceCount: report.sources.length,
        warningCount: report.warnings.length,
        href: `reports/${id}/index.html`,
        generatedAt: report.generatedAt,
      };
    })
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return { schemaVersion: 1, generatedAt, city, periods };
}

export function renderPeriodIndexJson(index: PeriodIndex): string {
  return `${JSON.stringify(index, null, 2)}\n`;
}
