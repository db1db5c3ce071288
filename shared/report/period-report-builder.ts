/**
 * A period's report built line by line (docs/contract.md §4, §8): each line, given in group
 * order, comes back as its report line and its warnings at once (to be written out: the
 * period's line pages, lines.csv), while the roll-ups accumulate; `finish` gives every other
 * figure. Memory holds one entry per unit, project and fund type, never the lines, so a
 * 200,000-group period is reported in the memory its roll-ups take.
 *
 * Pure and deterministic: the same lines give the same figures, byte for byte. The order is
 * checked (`compareGroupKeys`, then the source key), because the roll-ups count a unit's
 * projects and a project's units as they change.
 */
import type { Amounts, Fen } from '../domain-types';
import { CSV_FIELDS, EXPORT_FIELDS, type LineRule, listProperty } from '../export/export-fields';
import { yuanToFen } from '../format';
import { compareGroupKeys, compareText } from '../group-key';
import { addAmounts, zeroAmounts } from '../money';
import { roundRatio } from '../rational';
import { lagAndFlags } from './line-flags';
import { toMoneyFigures } from './money-figures';
import { monthOverMonthMismatch } from './month-over-month';
import {
  type PeriodFigures,
  type ReportLine,
  type ReportOptions,
  type ReportSource,
  type ReportWarning,
  reportOptionsOf,
  type SourcedGroupLine,
  type WarningCount,
} from './period-report';
import { gapPoints } from './progress-gap';
import { ProjectExpenditureTotals } from './project-expenditure';
import { type RankingInput, rankProjects, rankUnits } from './rankings';
import { flagWarnings, monthOverMonthWarning, WARNING_CODE_ORDER } from './report-warnings';
import type { Rollup } from './rollup';
import { RollupAccumulator } from './rollup-accumulator';
import { ROLLUPS } from './rollups';
import { timeProgressFraction } from './time-progress';
import { bySeverity, type ProgressRules } from './warning-levels';
import { yearEndScore } from './year-end-score';
import { type PreviousYearTotals, yearOverYear } from './year-over-year';

export interface PeriodReportBuilderInput {
  city: { id: string; name: string };
  period: { year: number; month: number };
  sources: ReportSource[];
  /** The department totals of the same month one year earlier, when that period exists. */
  previousYear?: PreviousYearTotals | null;
  options: ReportOptions;
  /** ISO timestamp put into the report; passed in so the build stays pure. */
  generatedAt: string;
}

/** One line as reported: its report line and its warnings, in code order. */
export interface ReportedLine {
  line: ReportLine;
  warnings: ReportWarning[];
}

export function compareLines(a: SourcedGroupLine, b: SourcedGroupLine): number {
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

export class PeriodReportBuilder {
  private readonly rules: ProgressRules;
  private readonly timeProgress: number;
  private total: Amounts = zeroAmounts();
  private readonly rollups = ROLLUPS.map((rollup) => new RollupAccumulator(rollup));
  /** Each project's 项目支出 only (基本支出 is not a project): the rankings and the year-end score. */
  private readonly projectExpenditure = new ProjectExpenditureTotals();
  private readonly counts = new Map<string, WarningCount>();
  private lineCount = 0;
  private warningCount = 0;
  private last: SourcedGroupLine | null = null;

  constructor(private readonly input: PeriodReportBuilderInput) {
    this.rules = {
      timeProgress: timeProgressFraction(input.options.timeProgress, input.period),
      levels: input.options.warningLevels,
      minBudget: yuanToFen(input.options.warningMinBudget),
    };
    this.timeProgress = roundRatio(this.rules.timeProgress, 4);
  }

  /** A line as it will be reported, without adding it (which columns a period's lines carry). */
  preview(line: SourcedGroupLine): ReportLine {
    return toReportLine(line, this.rules);
  }

  /**
   * Adds the next line in group order. `previousSpentToDate`: the group's year-to-date figure
   * in the month before (0 for a group new this month), or null when month-over-month is not
   * checked (January, or no data the month before).
   */
  add(line: SourcedGroupLine, previousSpentToDate: Fen | null): ReportedLine {
    if (this.last !== null && compareLines(this.last, line) >= 0) {
      throw new RangeError(
        `lines out of group order: ${JSON.stringify([line.unitCode, line.projectCode, line.fundType])} after ${JSON.stringify([this.last.unitCode, this.last.projectCode, this.last.fundType])}`,
      );
    }
    this.last = line;
    this.total = addAmounts(this.total, line.amounts);
    for (const accumulator of this.rollups) accumulator.add(line);
    this.projectExpenditure.add(line);
    const reportLine = toReportLine(line, this.rules);
    const warnings = flagWarnings(reportLine, this.timeProgress);
    const mismatch = previousSpentToDate === null ? null : monthOverMonthMismatch(line, previousSpentToDate);
    if (mismatch !== null) warnings.push(monthOverMonthWarning(mismatch));
    this.lineCount++;
    this.warningCount += warnings.length;
    for (const warning of warnings) {
      const level = warning.level ?? null;
      const key = `${warning.code}|${level ?? ''}`;
      const count = this.counts.get(key);
      if (count === undefined) this.counts.set(key, { code: warning.code, level, count: 1 });
      else count.count++;
    }
    return { line: reportLine, warnings };
  }

  finish(): PeriodFigures {
    const { rules } = this;
    const input = this.input;
    const total = this.total;
    const context = { total, rules };
    // report.json keeps its order: the roll-ups every period has after `totals`, those a period
    // may lack (no line has their column) after `options`.
    const always: Record<string, unknown> = {};
    const present: Record<string, unknown> = {};
    for (const accumulator of this.rollups) {
      const { property, whenAbsent } = accumulator.rollup;
      if (whenAbsent === 'always') always[property] = accumulator.rows(context);
      else if (accumulator.isPresent()) present[property] = accumulator.rows(context);
    }
    const projectTotals = this.projectExpenditure.totals();
    const figures = {
      schemaVersion: 2,
      generatedAt: input.generatedAt,
      city: { id: input.city.id, name: input.city.name },
      period: { year: input.period.year, month: input.period.month },
      timeProgress: this.timeProgress,
      sources: [...input.sources].sort((a, b) => compareText(a.key, b.key)).map((source) => ({ ...source })),
      totals: toMoneyFigures(total),
      ...always,
      projectCounts: this.projectCounts(),
      gapPoints: gapPoints(total, rules.timeProgress),
      rankings: {
        units: rankUnits(this.unitTotals(), rules),
        // Projects on their 项目支出 only: 基本支出 is not a project (docs/contract.md §4).
        projects: rankProjects(projectTotals, rules),
      },
      lineCount: this.lineCount,
      warningCount: this.warningCount,
      warningCounts: this.sortedCounts(),
      options: reportOptionsOf(input.options),
      ...present,
    } as PeriodFigures;
    if (input.previousYear != null) figures.yearOverYear = yearOverYear(total, input.previousYear);
    if (input.period.month === 12) {
      const projects = projectTotals.map(({ code, name, amounts }) => ({
        projectCode: code,
        projectName: name,
        amounts,
      }));
      figures.score = yearEndScore(input.options.scoreWeight, total, projects);
    }
    return figures;
  }

  private accumulatorOf(property: Rollup['property']): RollupAccumulator {
    const found = this.rollups.find((accumulator) => accumulator.rollup.property === property);
    if (found === undefined) throw new RangeError(`no roll-up publishes ${property}`);
    return found;
  }

  /** Each unit's summed amounts and name, for the rankings. */
  private unitTotals(): RankingInput[] {
    return [...this.accumulatorOf('byUnit').keyed()].map((entry) => ({
      code: entry.key,
      name: entry.first as string,
      amounts: entry.amounts,
    }));
  }

  /** Distinct projects per level, each project counted once at the level `byProject` gives it. */
  private projectCounts(): { level1: number; level2: number } {
    let level1 = 0;
    let level2 = 0;
    for (const entry of this.accumulatorOf('byProject').keyed()) {
      if ((entry.first as { level: string }).level === '一级') level1++;
      else level2++;
    }
    return { level1, level2 };
  }

  private sortedCounts(): WarningCount[] {
    const levels = bySeverity(this.rules.levels).map((level) => level.level);
    const levelRank = (level: string | null) => (level === null ? levels.length : levels.indexOf(level));
    return [...this.counts.values()].sort(
      (a, b) =>
        WARNING_CODE_ORDER.indexOf(a.code) - WARNING_CODE_ORDER.indexOf(b.code) ||
        levelRank(a.level) - levelRank(b.level),
    );
  }
}
