/**
 * The warnings of a period report, one sentence per finding in Chinese and English, in line
 * order and, within a line, in `WARNING_CODE_ORDER`.
 */

import { displayName } from '../display-name';
import { formatPoints, groupedYuan, percent, quoteZh } from '../format';
import type { MonthOverMonthMismatch } from './month-over-month';
import type { ReportLine, ReportWarning, ReportWarningCode } from './period-report';

/** The order of a line's warnings, and of the counts by code. */
export const WARNING_CODE_ORDER: readonly ReportWarningCode[] = [
  'LAGGING',
  'OVER_EXECUTION',
  'ZERO_BUDGET_SPENDING',
  'NEGATIVE_BUDGET',
  'MONTH_OVER_MONTH',
];

type Subject = Pick<ReportLine, 'unitCode' | 'unitName' | 'projectCode' | 'projectName' | 'fundType'>;

function subjectZh(line: Subject): string {
  return `${displayName(line.unitName)}${quoteZh(displayName(line.projectName))}（${line.fundType}）`;
}

function subjectEn(line: Subject): string {
  return `${displayName(line.unitName)} “${displayName(line.projectName)}” (${line.projectCode}, ${line.fundType})`;
}

function warning(
  code: ReportWarningCode,
  line: Subject,
  messageZh: string,
  messageEn: string,
  level?: string,
): ReportWarning {
  return {
    code,
    unitCode: line.unitCode,
    unitName: line.unitName,
    projectCode: line.projectCode,
    projectName: line.projectName,
    fundType: line.fundType,
    ...(level === undefined ? {} : { level }),
    messageZh,
    messageEn,
  };
}

/** A 4-decimal fraction (the lag) in 百分点 with 2 decimals. */
function points(fraction: number): string {
  return formatPoints(fraction * 100);
}

export function flagWarnings(line: ReportLine, timeProgress: number): ReportWarning[] {
  const warnings: ReportWarning[] = [];
  const rate = line.executionRate;
  if (line.flags.includes('lagging') && rate !== null && line.lag !== null) {
    warnings.push(
      warning(
        'LAGGING',
        line,
        `${subjectZh(line)}执行率${percent(rate)}，时间进度${percent(timeProgress)}，落后${points(line.lag)}个百分点，执行滞后。`,
        `${subjectEn(line)}: executed ${percent(rate)} against a time progress of ${percent(timeProgress)}, ${points(line.lag)} points behind.`,
        line.level ?? undefined,
      ),
    );
  }
  if (line.flags.includes('overExecuted') && rate !== null) {
    warnings.push(
      warning(
        'OVER_EXECUTION',
        line,
        `${subjectZh(line)}累计支出${groupedYuan(line.spentToDate)}元，超过全年预算数${groupedYuan(line.budget)}元（执行率${percent(rate)}）。`,
        `${subjectEn(line)}: spent ${groupedYuan(line.spentToDate)} yuan to date, above the budget of ${groupedYuan(line.budget)} yuan (${percent(rate)}).`,
      ),
    );
  }
  if (line.flags.includes('zeroBudgetSpending')) {
    warnings.push(
      warning(
        'ZERO_BUDGET_SPENDING',
        line,
        `${subjectZh(line)}未安排预算，但累计支出${groupedYuan(line.spentToDate)}元。`,
        `${subjectEn(line)}: no budget, yet ${groupedYuan(line.spentToDate)} yuan spent to date.`,
      ),
    );
  }
  // Budget reductions exist (docs/contract.md §2.4): accepted, and said in the report too.
  if (line.budget.startsWith('-')) {
    warnings.push(
      warning(
        'NEGATIVE_BUDGET',
        line,
        `${subjectZh(line)}全年预算数为负数（${groupedYuan(line.budget)}元），属预算调减，请核实。`,
        `${subjectEn(line)}: the budget is negative (${groupedYuan(line.budget)} yuan), a budget reduction; please check it.`,
      ),
    );
  }
  return warnings;
}

export function monthOverMonthWarning(mismatch: MonthOverMonthMismatch): ReportWarning {
  const { line } = mismatch;
  const thisMonth = groupedYuan(line.amounts.spentThisMonth);
  const growth = groupedYuan(mismatch.growth);
  const before = groupedYuan(mismatch.previousSpentToDate);
  const now = groupedYuan(line.amounts.spentToDate);
  return warning(
    'MONTH_OVER_MONTH',
    line,
    `${subjectZh(line)}本月支出${thisMonth}元，但累计支出由上月的${before}元变为${now}元，增加${growth}元，两者不一致。`,
    `${subjectEn(line)}: spent ${thisMonth} yuan this month, but the year-to-date figure went from ${before} to ${now} yuan (${growth}).`,
  );
}
