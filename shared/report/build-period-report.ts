/**
 * `buildPeriodReport`: one period's group lines, held in memory → the whole report, lines and
 * warnings included. Pure and deterministic: the same input (in any line order) gives the same
 * report, byte for byte. Render streams large periods through `PeriodReportBuilder` instead;
 * this is the same builder fed from arrays (tests, small periods).
 */
import { groupKeyId } from '../group-key';
import { previousSpentToDate } from './month-over-month';
import type { BuildPeriodReportInput, PeriodReport, ReportLine, ReportWarning } from './period-report';
import { compareLines, PeriodReportBuilder } from './period-report-builder';

export function buildPeriodReport(input: BuildPeriodReportInput): PeriodReport {
  const builder = new PeriodReportBuilder(input);
  const previous =
    input.previousLines === null || input.period.month === 1
      ? null
      : previousSpentToDate(input.previousLines);
  const lines: ReportLine[] = [];
  const warnings: ReportWarning[] = [];
  for (const line of [...input.lines].sort(compareLines)) {
    const reported = builder.add(line, previous === null ? null : (previous.get(groupKeyId(line)) ?? 0n));
    lines.push(reported.line);
    warnings.push(...reported.warnings);
  }
  return { ...builder.finish(), lines, warnings };
}
