/**
 * The per-project sentence of the self-evaluation report, in the seed's exact form:
 * 「最低生活保障项目：全年预算数为4623.33万元，执行数为4623.33万元，完成预算数的100%。」
 */

import { displayName } from '../display-name';
import type { Amounts } from '../domain-types';
import { formatWan, formatYuan } from '../money';
import { executionRate } from './execution-rate';
import { formatPercent } from './format-percent';

/** "1,234,567.89": English text groups thousands; the Chinese sentence uses 万元 instead. */
function groupedYuan(amount: bigint): string {
  const [whole = '', cents = ''] = formatYuan(amount).split('.');
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${cents}`;
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
    : `${head}，完成预算数的${formatPercent(rate)}。`;
}

export function projectSummaryZh(projectName: string, amounts: Amounts): string {
  return `${projectLabel(projectName)}：${projectExecutionZh(amounts)}`;
}

export function projectSummaryEn(projectName: string, amounts: Amounts): string {
  const rate = executionRate(amounts);
  const head = `${displayName(projectName)}: full-year budget ${groupedYuan(amounts.budget)} yuan, executed ${groupedYuan(amounts.spentToDate)} yuan`;
  return rate === null
    ? `${head}; no budget, so no completion rate.`
    : `${head}, ${formatPercent(rate)} of the budget.`;
}
