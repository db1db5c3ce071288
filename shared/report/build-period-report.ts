/**
 * `buildPeriodReport`: one period's group lines → the report.json model. Pure and
 * deterministic: the same input (in any line order) gives the same report, byte for byte.
 */
import type { Amounts } from '../domain-types';
import { compareGroupKeys, compareText } from '../group-key';
import { addAmounts, zeroAmounts } from '../money';
import { timeProgress as progressOf, timeProgressBasisPoints } from './execution-rate';
import { lagAndFlags } from './line-flags';
import { toMoneyFigures } from './money-figures';
import { checkMonthOverMonth } from './month-over-month';
import type { BuildPeriodReportInput, PeriodReport, ReportLine, SourcedGroupLine } from './period-report';
import { flagWarnings, monthOverMonthWarning, sortWarnings } from './report-warnings';
import {
  countProjectsByLevel,
  rollupByExpenditureType,
  rollupByFundType,
  rollupByProject,
  rollupByUnit,
  totalOf,
} from './rollups';
import { yearEndScore } from './year-end-score';

function compareLines(a: SourcedGroupLine, b: SourcedGroupLine): number {
  return compareGroupKeys(a, b) || compareText(a.sourceKey, b.sourceKey);
}

function toReportLine(line: SourcedGroupLine, timeProgressBp: bigint, lagThreshold: number): ReportLine {
  const { lag, flags } = lagAndFlags(line.amounts, timeProgressBp, lagThreshold);
  return {
    sourceKey: line.sourceKey,
    unitCode: line.unitCode,
    unitName: line.unitName,
    projectCode: line.projectCode,
    projectName: line.projectName,
    projectLevel: line.projectLevel,
    fundType: line.fundType,
    functionCodes: [...line.functionCodes],
    lineCount: line.lineCount,
    ...toMoneyFigures(line.amounts),
    lag,
    flags,
  };
}

export function buildPeriodReport(input: BuildPeriodReportInput): PeriodReport {
  const { period, options } = input;
  const lines = [...input.lines].sort(compareLines);
  const timeProgressBp = timeProgressBasisPoints(period.month);
  const timeProgress = progressOf(period.month);
  const total = totalOf(lines);

  const reportLines = lines.map((line) => toReportLine(line, timeProgressBp, options.lagThreshold));
  const warnings = sortWarnings([
    ...reportLines.flatMap((line) => flagWarnings(line, timeProgress)),
    ...checkMonthOverMonth(period.month, lines, input.previousLines).map(monthOverMonthWarning),
  ]);
  const byProject = rollupByProject(lines, timeProgressBp, options.lagThreshold);

  const report: PeriodReport = {
    schemaVersion: 1,
    generatedAt: input.generatedAt,
    city: { id: input.city.id, name: input.city.name },
    period: { year: period.year, month: period.month },
    timeProgress,
    sources: [...input.sources].sort((a, b) => compareText(a.key, b.key)).map((source) => ({ ...source })),
    totals: toMoneyFigures(total),
    byFundType: rollupByFundType(lines, total),
    byUnit: rollupByUnit(lines),
    byProject,
    byExpenditureType: rollupByExpenditureType(lines),
    projectCounts: countProjectsByLevel(lines),
    lines: reportLines,
    warnings,
    options: { lagThreshold: options.lagThreshold, scoreWeight: options.scoreWeight },
  };
  if (period.month === 12) {
    const amountsByProject = new Map<string, Amounts>();
    for (const line of lines) {
      amountsByProject.set(
        line.projectCode,
        addAmounts(amountsByProject.get(line.projectCode) ?? zeroAmounts(), line.amounts),
      );
    }
    const projectAmounts = byProject.map((project) => ({
      projectCode: project.projectCode,
      projectName: project.projectName,
      amounts: amountsByProject.get(project.projectCode) ?? zeroAmounts(),
    }));
    report.score = yearEndScore(options.scoreWeight, total, projectAmounts);
  }
  return report;
}
