/**
 * The sentences of the draft 绩效自评报告, in the seed report's own forms, every figure from
 * the self-evaluation model:
 *   「部门整体支出绩效自评得分为100分。全年预算数12965.37万元，执行数12965.37万元，完成预算的100%。」
 *   「最低生活保障项目绩效自评综述：全年预算数为4623.33万元，执行数为4623.33万元，完成预算数的100%。」
 * What only people can write is a placeholder, 【待填写：…】, so it cannot pass for content.
 */
import { displayName } from '../display-name';
import { formatWan, formatWanParts, percent, sentencePercent, yuanToFen } from '../format';
import { executionRate } from '../report/execution-rate';
import { expenditureSplitSentence } from '../report/expenditure-split';
import { projectExecutionZh, projectLabel } from '../report/project-summary';
import { actualText, asOfLabel, pointsText, targetText } from './indicator-display';
import type { CoverageProject, ProjectEvaluation, ScoredIndicator, SelfEvaluation } from './self-evaluation';

export function placeholder(what: string): string {
  return `【待填写：${what}】`;
}

const amountsOf = (block: { budget: string; spentToDate: string }) => ({
  budget: yuanToFen(block.budget),
  spentThisMonth: 0n,
  spentToDate: yuanToFen(block.spentToDate),
});

/** 「截至6月，」 before year end: the figures are the latest period's, not the year's. */
function asOfPrefix(evaluation: SelfEvaluation): string {
  const label = asOfLabel(evaluation.asOf).zh;
  return label === '' ? '' : `${label}，`;
}

export function reportTitle(evaluation: SelfEvaluation): string {
  return `${evaluation.city.name}${evaluation.year}年度整体支出项目绩效自评报告`;
}

/**
 * Which projects were self-evaluated, per fund type of 项目支出, from the data: the evaluated
 * projects' count by level, their budget and its share of the fund type's 项目支出, then the
 * projects without an indicator set, named. The two printed amounts add up to the printed
 * whole (formatWanParts):
 * 「组织对2021年一般公共预算项目支出开展绩效自评，其中一级项目4个，二级项目0个，共涉及资金8260.16万元，
 * 占一般公共预算项目支出总额的71.33%；未开展绩效自评的项目3个：…，共3320.64万元（一般公共预算项目支出合计11580.80万元）。」
 */
export function coverageSentences(evaluation: SelfEvaluation): string[] {
  const year = evaluation.year;
  return evaluation.coverage.map((c) => {
    const evaluatedFen = yuanToFen(c.evaluatedBudget);
    const totalFen = yuanToFen(c.projectBudget);
    const wan = formatWanParts([evaluatedFen, totalFen - evaluatedFen]);
    const [evaluatedWan = '', restWan = ''] = wan.parts;
    const names = (list: CoverageProject[]) => list.map((p) => displayName(p.projectName)).join('、');
    // A share, not the seed's completion rate: always two decimals (71.33%, 0.00%).
    const share = percent(c.share);
    const whole = `（${c.fundType}项目支出合计${wan.total}万元）`;
    if (c.evaluated.length === 0) {
      return (
        `${year}年${c.fundType}项目支出${c.notEvaluated.length}个项目均未开展绩效自评，` +
        `占${c.fundType}项目支出总额的${share}：${names(c.notEvaluated)}，共${restWan}万元${whole}。`
      );
    }
    const level1 = c.evaluated.filter((p) => p.projectLevel === '一级').length;
    const head =
      `组织对${year}年${c.fundType}项目支出开展绩效自评，其中一级项目${level1}个，二级项目${c.evaluated.length - level1}个，` +
      `共涉及资金${evaluatedWan}万元，占${c.fundType}项目支出总额的${share}`;
    if (c.notEvaluated.length === 0) return `${head}${whole}。`;
    return `${head}；未开展绩效自评的项目${c.notEvaluated.length}个：${names(c.notEvaluated)}，共${restWan}万元${whole}。`;
  });
}

/** 绩效管理工作总体情况: the coverage of each fund type of project expenditure, then the department. */
export function overviewSentences(evaluation: SelfEvaluation): string[] {
  const d = evaluation.department;
  const subordinate = Math.max(0, d.unitCount - 1);
  const funds = formatWanParts(d.byFundType.map((f) => f.budget));
  const departmentFunds = d.byFundType
    .map((f, i) => `${f.fundType}支出${funds.parts[i] ?? ''}万元`)
    .join('，');
  return [
    `根据财政预算绩效管理要求，${coverageSentences(evaluation).join('')}`,
    `${placeholder('重点绩效评价情况（评价的项目、涉及资金）')}`,
    `组织整体支出绩效自评（含下属单位${subordinate}个），涉及${departmentFunds}，合计${funds.total}万元。`,
  ];
}

/** 绩效自评结果: 「今年开展了部门整体支出及4个项目绩效自评。」 */
export function resultsSentence(evaluation: SelfEvaluation): string {
  const scored = evaluation.projects.filter((p) => p.scored).length;
  const department = evaluation.department.score !== null;
  if (department) return `今年开展了部门整体支出及${scored}个项目绩效自评。`;
  return `今年开展了${scored}个项目绩效自评（部门整体支出未设绩效指标，未评分）。`;
}

/** 「根据年初设定的绩效目标，部门整体支出绩效自评得分为100分。全年预算数12965.37万元，执行数12965.37万元，完成预算的100%。」 */
export function departmentSentence(evaluation: SelfEvaluation): string {
  const d = evaluation.department;
  const amounts = amountsOf(d);
  const rate = executionRate(amounts);
  const score =
    d.score === null
      ? '部门整体支出未设绩效指标，未评分。'
      : `根据年初设定的绩效目标，部门整体支出绩效自评得分为${pointsText(d.score)}分。`;
  const execution =
    `${asOfPrefix(evaluation)}全年预算数${formatWan(amounts.budget)}万元，执行数${formatWan(amounts.spentToDate)}万元` +
    (rate === null
      ? '，未安排预算。'
      : `，完成预算的${sentencePercent(rate, amounts.spentToDate, amounts.budget)}。`);
  return `${score}${execution}${expenditureSplitSentence(d.byExpenditureType)?.zh ?? ''}`;
}

/** 「最低生活保障项目绩效自评综述：全年预算数为4623.33万元，执行数为4623.33万元，完成预算数的100%。」 */
export function projectSentence(evaluation: SelfEvaluation, project: ProjectEvaluation): string {
  return `${projectLabel(project.projectName)}绩效自评综述：${asOfPrefix(evaluation)}${projectExecutionZh(amountsOf(project))}`;
}

/** 「项目绩效自评得分为100分，等级为“优”。」 */
export function scoreSentence(score: number | null, grade: string | null, subject = '项目'): string {
  if (score === null) return `${subject}未设绩效指标，未评分。`;
  return `${subject}绩效自评得分为${pointsText(score)}分，等级为“${grade}”。`;
}

/** 「各项绩效指标均已完成。」 or the missed ones with their values and reasons. */
export function indicatorSentences(indicators: ScoredIndicator[]): string[] {
  if (indicators.length === 0) return [];
  const missed = indicators.filter((i) => !i.met);
  if (missed.length === 0) return [`${indicators.length}项绩效指标均已完成。`];
  return [
    `${indicators.length}项绩效指标中，${indicators.length - missed.length}项已完成，${missed.length}项未完成：`,
    ...missed.map(
      (i) =>
        `${i.indicator}：年度指标值${targetText(i)}，实际完成值${actualText(i)}，得分${pointsText(i.points)}分（分值${pointsText(i.weight)}分）；` +
        `偏差原因：${i.reason ?? placeholder('需说明偏差原因')}。`,
    ),
  ];
}

/** A rate under 90% asks for a reason; the model's warnings say where. */
export function executionWarningSentences(evaluation: SelfEvaluation, projectCode: string): string[] {
  return evaluation.warnings
    .filter((w) => w.projectCode === projectCode && w.code === 'EXECUTION_REASON_REQUIRED')
    .map((w) => `${w.messageZh}：${placeholder('预算执行偏差原因')}`);
}
