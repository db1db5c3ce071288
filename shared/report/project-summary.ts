/**
 * The per-project sentence of the self-evaluation report, in the seed's exact form:
 * 「最低生活保障项目：全年预算数为4623.33万元，执行数为4623.33万元，完成预算数的100%。」
 */

import { displayName } from '../display-name';
import type { Amounts } from '../domain-types';
import { formatWan, groupedYuan, sentencePercent } from '../format';
import { executionRate } from './execution-rate';

/** The seed's 「完成预算数的100%」: a whole percentage only when exact, else two decimals. */
function completion(amounts: Amounts, rate: number): string {
  return sentencePercent(rate, amounts.spentToDate, amounts.budget);
}

/** Names like “双百工程”社会工作服务站建设项目 already end in 项目: do not say it twice. */
export function projectLabel(name: string): string {
  const shown = displayName(name);
  return shown.endsWith('项目') ? shown : `${shown}项目`;
}

/** 「全年预算数为4623.33万元，执行数为4623.33万元，完成预算数的100%。」: the part after the project's name. */
export function projectExecutionZh(amounts: Amounts): string {
  const rate = executionRate(amounts);
  const head = `全年预算数为${formatWan(amounts.budget)}万元，执行数为${formatWan(amounts.spentToDate)}万元`;
  return rate === null
    ? `${head}，未安排预算，不计算完成率。`
    : `${head}，完成预算数的${completion(amounts, rate)}。`;
}

export function projectSummaryZh(projectName: string, amounts: Amounts): string {
  return `${projectLabel(projectName)}：${projectExecutionZh(amounts)}`;
}

export function projectSummaryEn(projectName: string, amounts: Amounts): string {
  const rate = executionRate(amounts);
  const head = `${displayName(projectName)}: full-year budget ${groupedYuan(amounts.budget)} yuan, executed ${groupedYuan(amounts.spentToDate)} yuan`;
  return rate === null
    ? `${head}; no budget, so no completion rate.`
    : `${head}, ${completion(amounts, rate)} of the budget.`;
}
