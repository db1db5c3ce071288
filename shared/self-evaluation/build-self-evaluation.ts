/**
 * `buildSelfEvaluation`: the year's latest period of execution data + the year's indicator sets
 * → the self-evaluation.json model (docs/contract.md §4.2). Pure and deterministic.
 *
 * A project's score is its execution points (its rate across all its units and fund types)
 * plus its indicators' points; the department's is the department-wide execution points plus
 * the `部门整体` set's points. Each part is rounded to 2 decimals once, then added exactly.
 */
import { DEFAULT_SCORING, type ScoringSettings } from '../city-settings';
import { type Amounts, EXPENDITURE_TYPES, FUND_TYPES, type FundType, type Period } from '../domain-types';
import { formatYuan } from '../format';
import { compareText, inListOrder } from '../group-key';
import { addAmounts, amountsEqual, subtractAmounts, zeroAmounts } from '../money';
import { add, hundredthsToNumber, type Ratio, ratioOfNumber, ratioToDecimalString, ZERO } from '../rational';
import { executionRate, ratio } from '../report/execution-rate';
import { projectLabel } from '../report/project-summary';
import { executionPointsHundredths } from '../report/year-end-score';
import { FUND_SOURCES, type FundSource } from '../vocabulary';
import type { ExecutionTally } from './execution-tally';
import { emptyFormTexts } from './form-texts';
import { gradeOf } from './grade';
import {
  DEPARTMENT_SET_CODE,
  type IndicatorRow,
  type IndicatorSet,
  type Level1Indicator,
} from './indicator-set';
import { scoreIndicator } from './score-indicator';
import type {
  CoverageProject,
  DepartmentEvaluation,
  ExpenditureTypeExecution,
  FundSourceExecution,
  FundTypeCoverage,
  FundTypeExecution,
  ProjectEvaluation,
  ScoredIndicator,
  SelfEvaluation,
  SelfEvaluationWarning,
} from './self-evaluation';
import { selfEvaluationMessages } from './self-evaluation-messages';
import { standardWeightDepartures } from './standard-weights';

const fundTypeOrder = inListOrder(FUND_TYPES);

export interface BuildSelfEvaluationInput {
  city: { id: string; name: string };
  /** The year's latest period with data. */
  asOf: Period;
  /** That period's execution data, tallied from its lines (`tallyExecution`). */
  execution: ExecutionTally;
  /** The year's indicator sets, at most one per project code. */
  sets: readonly IndicatorSet[];
  /** The city's `scoreWeight`: points of the 预算执行情况 indicator. */
  executionWeight: number;
  /** 主管部门 (the city's `competentDepartment`); the city's name when unset. */
  competentDepartment?: string;
  /** The city's scoring options; the contract's rules when unset. */
  scoring?: ScoringSettings;
}

export const DEPARTMENT_LABEL = '部门整体支出';

/** Under 90% asks for a reason: spent × 10 < budget × 9, exactly. */
function executionBelowNinety(amounts: Amounts): boolean {
  return amounts.budget > 0n && amounts.spentToDate * 10n < amounts.budget * 9n;
}

/** 年初预算数 when the data states it (an export with that column), else null. */
const initialBudget = (amounts: Amounts): string | null =>
  amounts.budgetInitial === undefined ? null : formatYuan(amounts.budgetInitial);

function byFundType(sums: ReadonlyMap<FundType, Amounts>): FundTypeExecution[] {
  return [...sums]
    .sort(([a], [b]) => fundTypeOrder(a, b))
    .map(([fundType, amounts]) => ({
      fundType,
      budgetInitial: initialBudget(amounts),
      budget: formatYuan(amounts.budget),
      spentToDate: formatYuan(amounts.spentToDate),
      executionRate: executionRate(amounts),
    }));
}

/**
 * The 资金来源 rows (本年财政拨款, 上年结转资金, 其他资金) when any line states a source, else null;
 * what lines without a source add up to is a row `未注明` of its own, so the rows sum to the total.
 */
function byFundSource(
  total: Amounts,
  sums: ReadonlyMap<FundSource, Amounts>,
  sourceStated: boolean,
): FundSourceExecution[] | null {
  if (!sourceStated) return null;
  const stated = [...sums.values()].reduce(addAmounts, zeroAmounts());
  const rest = subtractAmounts(total, stated);
  const row = (fundSource: FundSourceExecution['fundSource'], amounts: Amounts): FundSourceExecution => ({
    fundSource,
    budgetInitial: initialBudget(amounts),
    budget: formatYuan(amounts.budget),
    spentToDate: formatYuan(amounts.spentToDate),
    executionRate: executionRate(amounts),
  });
  return [
    ...FUND_SOURCES.flatMap((source) => {
      const amounts = sums.get(source);
      return amounts === undefined ? [] : [row(source, amounts)];
    }),
    ...(amountsEqual(rest, {
      ...zeroAmounts(),
      ...(rest.budgetInitial === undefined ? {} : { budgetInitial: 0n }),
    })
      ? []
      : [row('未注明', rest)]),
  ];
}

/** 实施单位: each unit's name once, in unit-code order. */
/** Unit names (each unit's first line's) in unit-code order. */
function unitNames(units: ReadonlyMap<string, string>): string[] {
  return [...units].sort(([a], [b]) => compareText(a, b)).map(([, name]) => name);
}

function byExpenditureType(sums: ReadonlyMap<string, Amounts>): ExpenditureTypeExecution[] {
  return EXPENDITURE_TYPES.flatMap((expenditureType) => {
    const amounts = sums.get(expenditureType);
    if (amounts === undefined) return [];
    return [
      {
        expenditureType,
        budget: formatYuan(amounts.budget),
        spentToDate: formatYuan(amounts.spentToDate),
        executionRate: executionRate(amounts),
      },
    ];
  });
}

/**
 * Per fund type of 项目支出: the projects with a set (self-evaluated) and those without, and the
 * evaluated share of the fund type's project budget, computed from the data. Listed by code.
 */
function coverageOf(execution: ExecutionTally, scored: (code: string) => boolean): FundTypeCoverage[] {
  const byFund = new Map<FundType, (CoverageProject & { fen: bigint })[]>();
  for (const [code, project] of [...execution.projects].sort(([a], [b]) => compareText(a, b))) {
    if (!project.hasProjectExpenditure) continue;
    for (const [fundType, amounts] of project.byFundType) {
      const list = byFund.get(fundType) ?? [];
      list.push({
        projectCode: code,
        projectName: project.name,
        projectLevel: project.level,
        budget: formatYuan(amounts.budget),
        fen: amounts.budget,
      });
      byFund.set(fundType, list);
    }
  }
  return [...byFund]
    .sort(([a], [b]) => fundTypeOrder(a, b))
    .map(([fundType, list]) => {
      const evaluated = list.filter((p) => scored(p.projectCode));
      const total = list.reduce((sum, p) => sum + p.fen, 0n);
      const evaluatedBudget = evaluated.reduce((sum, p) => sum + p.fen, 0n);
      const plain = (entries: typeof list): CoverageProject[] => entries.map(({ fen: _, ...p }) => p);
      return {
        fundType,
        projectBudget: formatYuan(total),
        evaluatedBudget: formatYuan(evaluatedBudget),
        share: ratio(evaluatedBudget, total),
        evaluated: plain(evaluated),
        notEvaluated: plain(list.filter((p) => !scored(p.projectCode))),
      };
    });
}

function valueText(row: IndicatorRow, which: 'target' | 'actual'): string {
  if (row.operator === '定性') return which === 'target' ? row.target : row.actual;
  return which === 'target' ? row.targetText : row.actualText;
}

function scoredIndicator(
  row: IndicatorRow,
  scoring: ScoringSettings,
): { scored: ScoredIndicator; pointsHundredths: bigint; overAchieved: boolean; scoreMissing: boolean } {
  const { met, pointsHundredths, overAchieved, scoreMissing } = scoreIndicator(row, row.weight, scoring);
  const numeric = row.operator !== '定性';
  return {
    pointsHundredths,
    overAchieved,
    scoreMissing,
    scored: {
      level1: row.level1,
      level2: row.level2,
      indicator: row.indicator,
      operator: row.operator,
      unit: row.unit,
      target: numeric ? Number(ratioToDecimalString(row.target)) : row.target,
      actual: numeric ? Number(ratioToDecimalString(row.actual)) : row.actual,
      weight: Number(ratioToDecimalString(row.weight)),
      points: hundredthsToNumber(pointsHundredths),
      met,
      reason: row.reason,
    },
  };
}

interface Evaluated {
  executionPoints: number;
  indicatorPoints: number | null;
  score: number | null;
  grade: ReturnType<typeof gradeOf> | null;
  indicators: ScoredIndicator[];
  warnings: SelfEvaluationWarning[];
}

function evaluate(
  label: string,
  code: string,
  amounts: Amounts,
  set: IndicatorSet | undefined,
  weight: number,
  scoring: ScoringSettings,
): Evaluated {
  const executionHundredths = executionPointsHundredths(amounts, weight);
  const executionPoints = hundredthsToNumber(executionHundredths);
  if (set === undefined) {
    return { executionPoints, indicatorPoints: null, score: null, grade: null, indicators: [], warnings: [] };
  }
  const warnings: SelfEvaluationWarning[] = [];
  const warn = (
    kind: SelfEvaluationWarning['code'],
    indicator: string | null,
    text: { zh: string; en: string },
  ) => warnings.push({ code: kind, projectCode: code, indicator, messageZh: text.zh, messageEn: text.en });

  const rate = executionRate(amounts);
  if (rate !== null && executionBelowNinety(amounts))
    warn('EXECUTION_REASON_REQUIRED', null, selfEvaluationMessages.executionLow(label, rate));

  const weightByLevel1 = new Map<Level1Indicator, Ratio>();
  for (const row of set.indicators)
    weightByLevel1.set(row.level1, add(weightByLevel1.get(row.level1) ?? ZERO, row.weight));
  const departures = standardWeightDepartures(weightByLevel1, ratioOfNumber(weight));
  if (departures !== null)
    warn('WEIGHTS_NOT_STANDARD', null, selfEvaluationMessages.weightsNotStandard(label, departures));

  let indicatorHundredths = 0n;
  const indicators: ScoredIndicator[] = [];
  for (const row of set.indicators) {
    const { scored, pointsHundredths, overAchieved, scoreMissing } = scoredIndicator(row, scoring);
    indicatorHundredths += pointsHundredths;
    indicators.push(scored);
    if (overAchieved)
      warn(
        'OVER_ACHIEVEMENT',
        row.indicator,
        selfEvaluationMessages.overAchieved(
          label,
          row.indicator,
          valueText(row, 'target'),
          valueText(row, 'actual'),
          scoring.overAchievement,
        ),
      );
    if (scoreMissing)
      warn(
        'SCORE_REQUIRED',
        row.indicator,
        selfEvaluationMessages.scoreRequired(label, row.indicator, valueText(row, 'actual')),
      );
    if (!scored.met && row.reason === null) {
      warn(
        'REASON_REQUIRED',
        row.indicator,
        selfEvaluationMessages.indicatorMissed(
          label,
          row.indicator,
          valueText(row, 'target'),
          valueText(row, 'actual'),
        ),
      );
    }
  }
  const scoreHundredths = executionHundredths + indicatorHundredths;
  return {
    executionPoints,
    indicatorPoints: hundredthsToNumber(indicatorHundredths),
    score: hundredthsToNumber(scoreHundredths),
    grade: gradeOf(scoreHundredths),
    indicators,
    warnings,
  };
}

export function buildSelfEvaluation(input: BuildSelfEvaluationInput): SelfEvaluation {
  const { asOf, executionWeight, execution } = input;
  const scoring = input.scoring ?? DEFAULT_SCORING;
  const year = asOf.year;
  const sets = new Map(input.sets.filter((set) => set.year === year).map((set) => [set.projectCode, set]));
  const projects = execution.projects;
  const total = execution.total;
  const departmentSet = sets.get(DEPARTMENT_SET_CODE);
  const departmentResult = evaluate(
    DEPARTMENT_LABEL,
    DEPARTMENT_SET_CODE,
    total,
    departmentSet,
    executionWeight,
    scoring,
  );
  const department: DepartmentEvaluation = {
    budgetInitial: initialBudget(total),
    budget: formatYuan(total.budget),
    spentToDate: formatYuan(total.spentToDate),
    executionRate: executionRate(total),
    executionPoints: departmentResult.executionPoints,
    indicatorPoints: departmentResult.indicatorPoints,
    score: departmentResult.score,
    grade: departmentResult.grade,
    indicators: departmentResult.indicators,
    byFundType: byFundType(execution.byFundType),
    byFundSource: byFundSource(execution.total, execution.byFundSource, execution.fundSourceStated),
    units: unitNames(execution.units),
    form: departmentSet?.form ?? emptyFormTexts(),
    unitCount: execution.units.size,
    byExpenditureType: byExpenditureType(execution.byExpenditureType),
  };
  const warnings: SelfEvaluationWarning[] = [...departmentResult.warnings];
  if (departmentSet === undefined) {
    const text = selfEvaluationMessages.noDepartmentSet(year);
    warnings.push({
      code: 'NO_DEPARTMENT_SET',
      projectCode: null,
      indicator: null,
      messageZh: text.zh,
      messageEn: text.en,
    });
  }

  const codes = new Set<string>();
  for (const [code, data] of projects) if (data.hasProjectExpenditure) codes.add(code);
  for (const code of sets.keys()) if (code !== DEPARTMENT_SET_CODE) codes.add(code);

  const evaluations: ProjectEvaluation[] = [...codes].sort(compareText).map((code) => {
    const data = projects.get(code);
    const set = sets.get(code);
    const name = data?.name ?? (set?.projectName || code);
    const label = projectLabel(name);
    const fundTypes = data?.byFundType ?? new Map<FundType, Amounts>();
    const amounts = [...fundTypes.values()].reduce(addAmounts, zeroAmounts());
    const result = evaluate(label, code, amounts, set, executionWeight, scoring);
    const projectWarnings = [...result.warnings];
    if (set !== undefined && data === undefined) {
      const text = selfEvaluationMessages.noExecutionData(label, code, year);
      projectWarnings.unshift({
        code: 'NO_EXECUTION_DATA',
        projectCode: code,
        indicator: null,
        messageZh: text.zh,
        messageEn: text.en,
      });
    }
    warnings.push(...projectWarnings);
    return {
      projectCode: code,
      projectName: name,
      projectLevel: data?.level ?? '一级',
      scored: set !== undefined,
      budgetInitial: initialBudget(amounts),
      budget: formatYuan(amounts.budget),
      spentToDate: formatYuan(amounts.spentToDate),
      executionRate: executionRate(amounts),
      executionPoints: result.executionPoints,
      indicatorPoints: result.indicatorPoints,
      score: result.score,
      grade: result.grade,
      indicators: result.indicators,
      byFundType: byFundType(fundTypes),
      byFundSource: byFundSource(amounts, data?.byFundSource ?? new Map(), data?.fundSourceStated ?? false),
      units: unitNames(data?.units ?? new Map()),
      form: set?.form ?? emptyFormTexts(),
      warnings: projectWarnings,
    };
  });

  return {
    schemaVersion: 1,
    city: { id: input.city.id, name: input.city.name },
    competentDepartment: input.competentDepartment ?? input.city.name,
    year,
    asOf: { year: asOf.year, month: asOf.month },
    executionWeight,
    department,
    projects: evaluations,
    coverage: coverageOf(execution, (code) => sets.has(code)),
    warnings,
  };
}
