/**
 * The report.json contract (schemaVersion 1): what `render` publishes per period and what
 * the HTML pages are drawn from. Money is a yuan string with two places ("46233300.00"),
 * rates are fractions rounded to 4 decimals, or null when the budget is zero.
 */
import type { CitySettings } from '../city-settings';
import type { ExpenditureType, FundType, GroupLine, Period, ProjectLevel } from '../domain-types';

/** A group line as stored by the pipeline: which source object it came from. */
export interface SourcedGroupLine extends GroupLine {
  sourceKey: string;
}

export interface ReportSource {
  key: string;
  rows: number;
  sha256: string;
}

/**
 * The city settings a report reads (their meaning, bounds and defaults are in
 * shared/city-settings.ts): lagThreshold, a fraction above which lag is flagged 执行滞后, and
 * scoreWeight, the points of the year-end execution indicator.
 */
export type ReportOptions = Pick<CitySettings, 'lagThreshold' | 'scoreWeight'>;

export interface BuildPeriodReportInput {
  city: { id: string; name: string };
  period: Period;
  sources: ReportSource[];
  lines: SourcedGroupLine[];
  /** The previous month's lines when that period exists (month-over-month check), else null. */
  previousLines: SourcedGroupLine[] | null;
  options: ReportOptions;
  /** ISO timestamp put into the report; passed in so the build stays pure. */
  generatedAt: string;
}

export interface MoneyFigures {
  /** 年初预算数, when the period's exports state it (docs/contract.md §2.2). */
  budgetInitial?: string;
  /** The adjusted full-year budget (调整后预算数): the rate's denominator. */
  budget: string;
  spentThisMonth: string;
  spentToDate: string;
  /** spentToDate / budget, 4 decimals, null when budget is 0. Never capped. */
  executionRate: number | null;
}

export type LineFlag = 'lagging' | 'overExecuted' | 'zeroBudgetSpending';

export interface ReportLine extends MoneyFigures {
  sourceKey: string;
  unitCode: string;
  unitName: string;
  projectCode: string;
  projectName: string;
  projectLevel: ProjectLevel;
  fundType: FundType;
  functionCodes: string[];
  lineCount: number;
  /** timeProgress − executionRate, 4 decimals, null when the rate is null. */
  lag: number | null;
  flags: LineFlag[];
}

export interface FundTypeRollup extends MoneyFigures {
  fundType: FundType;
  /** This fund type's budget / department budget (4 decimals), null when the total is 0. */
  shareOfBudget: number | null;
  shareOfSpent: number | null;
  projectCount: number;
}

export interface UnitRollup extends MoneyFigures {
  unitCode: string;
  unitName: string;
  projectCount: number;
}

export interface ProjectRollup extends MoneyFigures {
  projectCode: string;
  projectName: string;
  projectLevel: ProjectLevel;
  fundTypes: FundType[];
  unitCount: number;
  flags: LineFlag[];
  /** The seed's sentence: 「最低生活保障项目：全年预算数为4623.33万元，执行数为4623.33万元，完成预算数的100%。」 */
  summaryZh: string;
  summaryEn: string;
}

export interface ExpenditureTypeRollup extends MoneyFigures {
  expenditureType: ExpenditureType;
}

export type ReportWarningCode =
  | 'LAGGING'
  | 'OVER_EXECUTION'
  | 'ZERO_BUDGET_SPENDING'
  | 'NEGATIVE_BUDGET'
  | 'MONTH_OVER_MONTH';

export interface ReportWarning {
  code: ReportWarningCode;
  unitCode: string;
  unitName: string;
  projectCode: string;
  projectName: string;
  fundType: FundType;
  messageZh: string;
  messageEn: string;
}

export interface YearEndScore {
  weight: number;
  /** Department-level rate used (min(rate, 1) applied), null at zero budget. */
  executionRate: number | null;
  /** weight × min(rate, 1), 2 decimals. */
  points: number;
  byProject: { projectCode: string; projectName: string; executionRate: number | null; points: number }[];
}

export interface PeriodReport {
  schemaVersion: 1;
  generatedAt: string;
  city: { id: string; name: string };
  period: Period;
  /** month / 12, 4 decimals. */
  timeProgress: number;
  sources: ReportSource[];
  totals: MoneyFigures;
  byFundType: FundTypeRollup[];
  byUnit: UnitRollup[];
  byProject: ProjectRollup[];
  byExpenditureType: ExpenditureTypeRollup[];
  projectCounts: { level1: number; level2: number };
  lines: ReportLine[];
  warnings: ReportWarning[];
  options: ReportOptions;
  /** Present only for year-end (month 12) snapshots. */
  score?: YearEndScore;
}
