/**
 * The report.json contract (schemaVersion 2): what `render` publishes per period and what
 * the HTML pages are drawn from. A period's figures (`PeriodFigures`: totals, roll-ups,
 * rankings, counts) are bounded by its units and projects; its lines and their warnings are
 * not, so report.json lists them in pages (`linePages`, docs/contract.md §5) instead of holding them. Money is a yuan string with two places ("46233300.00"),
 * rates are fractions rounded to 4 decimals, or null when the budget is zero.
 */
import type { CitySettings } from '../city-settings';
import type { ClassificationProperty } from '../classification/classifications';
import type { Amounts, ExpenditureType, FundType, GroupLine, Period, ProjectLevel } from '../domain-types';
import type { GroupCodeLists, GroupNames, GroupValues } from '../group-line';

export type { TimeProgressSetting as TimeProgressRule, WarningLevel } from '../city-settings';

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
 * The city settings a report is computed with (meaning, bounds and defaults in
 * shared/city-settings.ts): how 序时进度 is reckoned, the warning levels and their budget floor
 * (yuan), and the points of the year-end execution indicator. report.json repeats them so it
 * explains itself.
 */
export type ReportOptions = Pick<
  CitySettings,
  'timeProgress' | 'warningLevels' | 'warningMinBudget' | 'scoreWeight'
> &
  /** The city's time zone, for the times the pages write (default Asia/Shanghai). */
  Partial<Pick<CitySettings, 'timeZone'>>;

/**
 * Just the settings a report is computed with, out of a city's whole settings: what render
 * keeps and fingerprints, so a change of any other setting (alert e-mails, limits, columns)
 * redraws nothing.
 */
export function reportOptionsOf(settings: ReportOptions): ReportOptions {
  return {
    timeProgress: settings.timeProgress,
    warningLevels: settings.warningLevels.map((level) => ({ ...level })),
    warningMinBudget: settings.warningMinBudget,
    scoreWeight: settings.scoreWeight,
    ...(settings.timeZone === undefined ? {} : { timeZone: settings.timeZone }),
  };
}

export interface BuildPeriodReportInput {
  city: { id: string; name: string };
  period: Period;
  sources: ReportSource[];
  lines: SourcedGroupLine[];
  /** The previous month's lines when that period exists (month-over-month check), else null. */
  previousLines: SourcedGroupLine[] | null;
  /** The department totals of the same month one year earlier, when that period exists. */
  previousYear?: { period: Period; totals: Amounts } | null;
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

/**
 * A group line in report.json: its source, what the field table carries to the lines (key and
 * first-line values, code lists, names per code), its figures and its flags.
 */
export type ReportLine = { sourceKey: string } & GroupValues &
  GroupCodeLists &
  GroupNames &
  MoneyFigures &
  ReportLineState;

interface ReportLineState {
  lineCount: number;
  /** timeProgress − executionRate, 4 decimals, null when the rate is null. */
  lag: number | null;
  /** The warning level reached (`red`, `yellow`, …), or null. */
  level: string | null;
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
  /** The warning level reached, or null. */
  level: string | null;
}

export interface ProjectRollup extends MoneyFigures {
  projectCode: string;
  projectName: string;
  projectLevel: ProjectLevel;
  fundTypes: FundType[];
  unitCount: number;
  flags: LineFlag[];
  /** The warning level reached, or null. */
  level: string | null;
  /** The seed's sentence: 「最低生活保障项目：全年预算数为4623.33万元，执行数为4623.33万元，完成预算数的100%。」 */
  summaryZh: string;
  summaryEn: string;
}

/**
 * One row of a classification breakdown (功能分类, 经济分类): a code at one of its levels, with
 * its name (the export's, else the bundled table's, else null). The amounts no code accounts
 * for come last, with `code`, `level` and `name` null.
 */
export interface ClassificationRollup extends MoneyFigures {
  /** 类 / 款 / 项, or null for the unclassified remainder. */
  level: string | null;
  code: string | null;
  name: string | null;
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
  /** For LAGGING: the warning level the line reached. */
  level?: string;
  messageZh: string;
  messageEn: string;
}

/** One row of a ranking (docs/contract.md §4.1). */
export interface RankingFigures {
  /** 1 for the highest execution rate; equal rates share a rank; null without a budget. */
  rank: number | null;
  budget: string;
  spentToDate: string;
  executionRate: number | null;
  /** (executionRate − timeProgress) in 百分点, 2 decimals, negative = behind; null without a budget. */
  gapPoints: number | null;
  level: string | null;
}

export interface UnitRanking extends RankingFigures {
  unitCode: string;
  unitName: string;
}

export interface ProjectRanking extends RankingFigures {
  projectCode: string;
  projectName: string;
}

export interface YearOverYear {
  /** The same month one year earlier. */
  period: Period;
  totals: MoneyFigures;
  executionRate: number | null;
  /** This period's rate − that period's rate, in 百分点 (2 decimals); null when either has no budget. */
  rateChangePoints: number | null;
}

export interface YearEndScore {
  weight: number;
  /** Department-level rate used (min(rate, 1) applied), null at zero budget. */
  executionRate: number | null;
  /** weight × min(rate, 1), 2 decimals. */
  points: number;
  byProject: { projectCode: string; projectName: string; executionRate: number | null; points: number }[];
}

/** How many warnings of one code (and, for LAGGING, one level) a period has. */
export interface WarningCount {
  code: ReportWarningCode;
  level: string | null;
  count: number;
}

/**
 * One roll-up per classification of shared/classification/classifications.ts (`byFunction`,
 * …), present when a line of the period has its codes.
 */
export type ClassificationRollups = { [P in ClassificationProperty]?: ClassificationRollup[] };

/** Every figure of a period except its lines and their warnings: bounded by units, projects and codes. */
export interface PeriodFigures extends ClassificationRollups {
  schemaVersion: 2;
  generatedAt: string;
  city: { id: string; name: string };
  period: Period;
  /** 序时进度 under the city's rule (options.timeProgress), 4 decimals. */
  timeProgress: number;
  sources: ReportSource[];
  totals: MoneyFigures;
  byFundType: FundTypeRollup[];
  byUnit: UnitRollup[];
  byProject: ProjectRollup[];
  byExpenditureType: ExpenditureTypeRollup[];
  projectCounts: { level1: number; level2: number };
  /** Department total against time progress: rate − time progress in 百分点, 2 decimals. */
  gapPoints: number | null;
  rankings: { units: UnitRanking[]; projects: ProjectRanking[] };
  /** Present when the same month of the previous year has data. */
  yearOverYear?: YearOverYear;
  /** Group lines in the period. */
  lineCount: number;
  warningCount: number;
  /** Warnings by code and level, in the warnings' code order, most severe level first. */
  warningCounts: WarningCount[];
  options: ReportOptions;
  /** Present only for year-end (month 12) snapshots. */
  score?: YearEndScore;
}

/** The whole period in memory, lines and warnings included (a small period, tests). */
export interface PeriodReport extends PeriodFigures {
  lines: ReportLine[];
  warnings: ReportWarning[];
}

/** Where a line page starts or ends. */
export interface LinePageBound {
  unitCode: string;
  unitName: string;
  projectCode: string;
  projectName: string;
}

/**
 * One page of a period's lines, in group order: `lines/<nnnn>.json` ({lines, warnings}) and
 * `lines/<nnnn>.html`, paths relative to the period's folder.
 */
export interface LinePageEntry {
  page: number;
  json: string;
  html: string;
  lineCount: number;
  warningCount: number;
  first: LinePageBound;
  last: LinePageBound;
}

/** `reports/<YYYY-MM>/report.json`: the figures, and where the lines and warnings are. */
export interface ReportJson extends PeriodFigures {
  linePages: LinePageEntry[];
}
