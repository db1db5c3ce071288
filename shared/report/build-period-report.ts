/**
 * `buildPeriodReport`: one period's group lines → the report.json model. Pure and
 * deterministic: the same input (in any line order) gives the same report, byte for byte.
 */

import { CLASSIFICATIONS } from '../classification/classifications';
import type { Amounts } from '../domain-types';
import { CSV_FIELDS, EXPORT_FIELDS, type LineRule, listProperty } from '../export/export-fields';
import { compareGroupKeys, compareText } from '../group-key';
import { addAmounts, zeroAmounts } from '../money';
import { yuanToFen } from '../render/display-format';
import { rollupByClassification } from './classification-rollup';
import { roundFraction } from './exact-fraction';
import { lagAndFlags } from './line-flags';
import { toMoneyFigures } from './money-figures';
import { checkMonthOverMonth } from './month-over-month';
import {
  type BuildPeriodReportInput,
  type PeriodReport,
  type ReportLine,
  reportOptionsOf,
  type SourcedGroupLine,
} from './period-report';
import { gapPoints } from './progress-gap';
import { rankProjects, rankUnits } from './rankings';
import { flagWarnings, monthOverMonthWarning, sortWarnings } from './report-warnings';
import {
  countProjectsByLevel,
  rollupByExpenditureType,
  rollupByFundType,
  rollupByProject,
  rollupByUnit,
  totalOf,
  totalsBy,
} from './rollups';
import { timeProgressFraction } from './time-progress';
import type { ProgressRules } from './warning-levels';
import { yearEndScore } from './year-end-score';
import { yearOverYear } from './year-over-year';

function compareLines(a: SourcedGroupLine, b: SourcedGroupLine): number {
  return compareGroupKeys(a, b) || compareText(a.sourceKey, b.sourceKey);
}

/** What a report line repeats of its group line: the field table's key, first-line, code and name fields. */
const REPORTED = CSV_FIELDS.flatMap((field): { property: string; list: boolean }[] => {
  const rule = EXPORT_FIELDS[field].line as LineRule;
  if (rule === 'key' || rule === 'first') return [{ property: field, list: false }];
  if (rule === 'codes' || rule === 'names') return [{ property: listProperty(field), list: true }];
  return [];
});

function toReportLine(line: SourcedGroupLine, rules: ProgressRules): ReportLine {
  const { lag, level, flags } = lagAndFlags(line.amounts, rules);
  const source = line as unknown as Record<string, unknown>;
  const carried: Record<string, unknown> = { sourceKey: line.sourceKey };
  for (const { property, list } of REPORTED) {
    const value = source[property];
    if (value === undefined) continue;
    carried[property] = list ? structuredClone(value) : value;
  }
  return {
    ...(carried as Pick<ReportLine, 'sourceKey'>),
    lineCount: line.lineCount,
    ...toMoneyFigures(line.amounts),
    lag,
    level,
    flags,
  } as ReportLine;
}

export function buildPeriodReport(input: BuildPeriodReportInput): PeriodReport {
  const { period, options } = input;
  const lines = [...input.lines].sort(compareLines);
  const rules: ProgressRules = {
    timeProgress: timeProgressFraction(options.timeProgress, period),
    levels: options.warningLevels,
    minBudget: yuanToFen(options.warningMinBudget),
  };
  const timeProgress = roundFraction(rules.timeProgress, 4);
  const total = totalOf(lines);

  const reportLines = lines.map((line) => toReportLine(line, rules));
  const warnings = sortWarnings([
    ...reportLines.flatMap((line) => flagWarnings(line, timeProgress)),
    ...checkMonthOverMonth(period.month, lines, input.previousLines).map(monthOverMonthWarning),
  ]);
  const byProject = rollupByProject(lines, rules);

  const report: PeriodReport = {
    schemaVersion: 1,
    generatedAt: input.generatedAt,
    city: { id: input.city.id, name: input.city.name },
    period: { year: period.year, month: period.month },
    timeProgress,
    sources: [...input.sources].sort((a, b) => compareText(a.key, b.key)).map((source) => ({ ...source })),
    totals: toMoneyFigures(total),
    byFundType: rollupByFundType(lines, total),
    byUnit: rollupByUnit(lines, rules),
    byProject,
    byExpenditureType: rollupByExpenditureType(lines),
    projectCounts: countProjectsByLevel(lines),
    gapPoints: gapPoints(total, rules.timeProgress),
    rankings: {
      units: rankUnits(totalsBy(lines, 'unit'), rules),
      projects: rankProjects(totalsBy(lines, 'project'), rules),
    },
    lines: reportLines,
    warnings,
    options: reportOptionsOf(options),
  };
  for (const classification of CLASSIFICATIONS) {
    const rollup = rollupByClassification(lines, classification);
    if (rollup !== undefined) report[classification.property] = rollup;
  }
  if (input.previousYear != null) report.yearOverYear = yearOverYear(total, input.previousYear);
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
