/**
 * Month-over-month consistency (docs/contract.md §4): what was spent in month m must be the growth of the
 * year-to-date figure since month m−1, per group. A difference means a month was re-exported
 * with other figures, a refund was booked oddly, or a line went missing.
 *
 * Checked one line at a time against the previous month's year-to-date figure of the same
 * group, so the two months can be read side by side as streams in group order
 * (`joinPreviousMonth` on the render side) or from a map (`previousSpentToDate`).
 */
import type { Fen } from '../domain-types';
import { groupKeyId } from '../group-key';
import type { SourcedGroupLine } from './period-report';

export interface MonthOverMonthMismatch {
  line: SourcedGroupLine;
  previousSpentToDate: Fen;
  /** spentToDate(m) − spentToDate(m−1). */
  growth: Fen;
}

/**
 * The mismatch of one line, or null. `previousSpentToDate` is the group's year-to-date figure
 * last month, 0 when the group is new. Not checked in January (the caller passes no previous
 * month): year-to-date figures start again, so December of the year before says nothing.
 */
export function monthOverMonthMismatch(
  line: SourcedGroupLine,
  previousSpentToDate: Fen,
): MonthOverMonthMismatch | null {
  const growth = line.amounts.spentToDate - previousSpentToDate;
  return growth === line.amounts.spentThisMonth ? null : { line, previousSpentToDate, growth };
}

/** The previous month's year-to-date figure per group (`groupKeyId`), for lines held in memory. */
export function previousSpentToDate(previousLines: readonly SourcedGroupLine[]): Map<string, Fen> {
  const previous = new Map<string, Fen>();
  for (const line of previousLines) {
    const key = groupKeyId(line);
    previous.set(key, (previous.get(key) ?? 0n) + line.amounts.spentToDate);
  }
  return previous;
}
