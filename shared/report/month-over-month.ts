/**
 * Month-over-month consistency (docs/contract.md §4): what was spent in month m must be the growth of the
 * year-to-date figure since month m−1, per group. A difference means a month was re-exported
 * with other figures, a refund was booked oddly, or a line went missing.
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
 * Groups absent last month count as 0 spent so far (a new project). Not checked in January:
 * year-to-date figures start again, so December of the year before says nothing.
 */
export function checkMonthOverMonth(
  month: number,
  lines: readonly SourcedGroupLine[],
  previousLines: readonly SourcedGroupLine[] | null,
): MonthOverMonthMismatch[] {
  if (previousLines === null || month === 1) return [];
  const previous = new Map<string, Fen>();
  for (const line of previousLines) {
    const key = groupKeyId(line);
    previous.set(key, (previous.get(key) ?? 0n) + line.amounts.spentToDate);
  }
  const mismatches: MonthOverMonthMismatch[] = [];
  for (const line of lines) {
    const previousSpentToDate = previous.get(groupKeyId(line)) ?? 0n;
    const growth = line.amounts.spentToDate - previousSpentToDate;
    if (growth !== line.amounts.spentThisMonth) mismatches.push({ line, previousSpentToDate, growth });
  }
  return mismatches;
}
