/**
 * The self-evaluation.json contract (docs/contract.md §4.2, schemaVersion 1): what render publishes per
 * year under `self-evaluation/<YYYY>/`, and what the page, the workbook and the draft report
 * are drawn from. Money as yuan strings with two places, rates as 4-decimal fractions (null at
 * zero budget), points and scores as numbers with at most 2 decimals, null where a set is missing.
 */
import type { ExpenditureType, FundType, Period, ProjectLevel } from '../domain-types';
import type { FundSource } from '../vocabulary';
import type { FormTexts } from './form-texts';
import type { Grade } from './grade';
import type { IndicatorOperator } from './indicator-set';

export interface FundTypeExecution {
  fundType: FundType;
  budgetInitial: string | null;
  budget: string;
  spentToDate: string;
  executionRate: number | null;
}

/** A row 其中：本年财政拨款 / 上年结转资金 / 其他资金 of the 项目资金 block (资金来源, when the exports state it). */
export interface FundSourceExecution {
  /** `未注明` for what lines without a 资金来源 add up to. */
  fundSource: FundSource | '未注明';
  budgetInitial: string | null;
  budget: string;
  spentToDate: string;
  executionRate: number | null;
}

/** The department's 项目支出 and 基本支出 apart; they add up to its whole. */
export interface ExpenditureTypeExecution {
  expenditureType: ExpenditureType;
  budget: string;
  spentToDate: string;
  executionRate: number | null;
}

/** A project of one fund type's 项目支出, with its budget in that fund type. */
export interface CoverageProject {
  projectCode: string;
  projectName: string;
  projectLevel: ProjectLevel;
  budget: string;
}

/**
 * How much of one fund type's 项目支出 was self-evaluated (the projects with an indicator set),
 * computed from the data: 「共涉及资金8260.16万元，占一般公共预算项目支出总额的71.33%」.
 */
export interface FundTypeCoverage {
  fundType: FundType;
  /** All 项目支出 of the fund type (全年预算数). */
  projectBudget: string;
  /** The part in evaluated projects. */
  evaluatedBudget: string;
  /** evaluatedBudget / projectBudget as a published rate; null when projectBudget is 0. */
  share: number | null;
  evaluated: CoverageProject[];
  notEvaluated: CoverageProject[];
}

export interface ScoredIndicator {
  level1: string;
  level2: string;
  indicator: string;
  operator: IndicatorOperator;
  unit: string | null;
  /** A number for ≥ ≤ =, the text as written for 定性. */
  target: number | string;
  /** A number for ≥ ≤ =; for 定性 the officer's judgement as written (a rating, a grade, a score, or both). */
  actual: number | string;
  weight: number;
  points: number;
  met: boolean;
  reason: string | null;
}

export type SelfEvaluationWarningCode =
  | 'REASON_REQUIRED'
  | 'EXECUTION_REASON_REQUIRED'
  | 'NO_DEPARTMENT_SET'
  | 'NO_EXECUTION_DATA'
  | 'WEIGHTS_NOT_STANDARD'
  | 'OVER_ACHIEVEMENT'
  | 'SCORE_REQUIRED';

export interface SelfEvaluationWarning {
  code: SelfEvaluationWarningCode;
  /** `部门整体` for the department, a project code, or null for the whole evaluation. */
  projectCode: string | null;
  indicator: string | null;
  messageZh: string;
  messageEn: string;
}

interface ExecutionBlock {
  budgetInitial: string | null;
  budget: string;
  spentToDate: string;
  /** spentToDate / budget, 4 decimals, never capped; null at zero budget. */
  executionRate: number | null;
  /** executionWeight × min(rate, 1), 2 decimals. */
  executionPoints: number;
  /** Sum of the indicators' points; null without an indicator set. */
  indicatorPoints: number | null;
  /** executionPoints + indicatorPoints; null without an indicator set. */
  score: number | null;
  grade: Grade | null;
  indicators: ScoredIndicator[];
  /** The 预算执行情况 block of the form, one row per fund type. */
  byFundType: FundTypeExecution[];
  /** The same block by 资金来源, when the exports carry that column; null otherwise (the form then shows byFundType). */
  byFundSource: FundSourceExecution[] | null;
  /** 实施单位: the names of the units whose lines these are, by unit code. */
  units: string[];
  /** The form's text rows (年度总体目标, 评价结论, 存在问题, 改进措施, signatures) from the indicator file; null = blank. */
  form: FormTexts;
}

export interface DepartmentEvaluation extends ExecutionBlock {
  /** Units in the data (the department itself and its subordinate units). */
  unitCount: number;
  /** 项目支出 and 基本支出 apart, each present in the data. */
  byExpenditureType: ExpenditureTypeExecution[];
}

export interface ProjectEvaluation extends ExecutionBlock {
  projectCode: string;
  projectName: string;
  projectLevel: ProjectLevel;
  /** True when the project has an indicator set (a 项目支出绩效自评表). */
  scored: boolean;
  warnings: SelfEvaluationWarning[];
}

export interface SelfEvaluation {
  schemaVersion: 1;
  city: { id: string; name: string };
  /** 主管部门 on every form: the city's `competentDepartment`, else its name. */
  competentDepartment: string;
  year: number;
  /** The year's latest period with data; before December the tables read 截至M月. */
  asOf: Period;
  executionWeight: number;
  department: DepartmentEvaluation;
  /** Every project with project expenditure (项目支出) in the data, and every project with a set. */
  projects: ProjectEvaluation[];
  /** Per fund type of 项目支出: which projects were self-evaluated and their share. */
  coverage: FundTypeCoverage[];
  /** Every warning: the department's, then each project's in order. */
  warnings: SelfEvaluationWarning[];
}
