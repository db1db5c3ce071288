/** Periods as they appear in keys, paths and status records: `YYYY-MM`. */
import type { Period } from './domain-types';

const PERIOD_ID = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function formatPeriodId(period: Period): string {
  return `${String(period.year).padStart(4, '0')}-${String(period.month).padStart(2, '0')}`;
}

export function parsePeriodId(id: string): Period | null {
  const match = PERIOD_ID.exec(id);
  if (match === null) return null;
  return { year: Number(match[1]), month: Number(match[2]) };
}

export function isPeriodId(id: string): boolean {
  return PERIOD_ID.test(id);
}

/**
 * An indicator file belongs to a budget year, not a month: its "period" (in its status record,
 * its head and the partition of its sets) is the year alone, `YYYY`, which no `YYYY-MM` period
 * can be mistaken for.
 */
const YEAR_ID = /^(\d{4})$/;

export function formatYearId(year: number): string {
  return String(year).padStart(4, '0');
}

export function parseYearId(id: string): number | null {
  const match = YEAR_ID.exec(id);
  return match === null ? null : Number(match[1]);
}
