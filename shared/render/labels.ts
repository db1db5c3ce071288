/** Names of the domain's fixed vocabularies in both languages. */
import type { ExpenditureType, FundType, ProjectLevel } from '../domain-types';
import type { LineFlag, ReportWarningCode } from '../report/period-report';
import type { Bilingual } from './bilingual';

export const FUND_TYPE_LABELS: Record<FundType, Bilingual> = {
  一般公共预算: { zh: '一般公共预算', en: 'General public budget' },
  政府性基金预算: { zh: '政府性基金预算', en: 'Government fund budget' },
  国有资本经营预算: { zh: '国有资本经营预算', en: 'State capital operation budget' },
  社会保险基金预算: { zh: '社会保险基金预算', en: 'Social insurance fund budget' },
  财政专户管理资金: { zh: '财政专户管理资金', en: 'Special fiscal account funds' },
  其他资金: { zh: '其他资金', en: 'Other funds' },
};

export const PROJECT_LEVEL_LABELS: Record<ProjectLevel, Bilingual> = {
  一级: { zh: '一级', en: 'Level 1' },
  二级: { zh: '二级', en: 'Level 2' },
};

export const EXPENDITURE_TYPE_LABELS: Record<ExpenditureType, Bilingual> = {
  基本支出: { zh: '基本支出', en: 'Basic expenditure' },
  项目支出: { zh: '项目支出', en: 'Project expenditure' },
};

export const FLAG_LABELS: Record<LineFlag, Bilingual> = {
  lagging: { zh: '执行滞后', en: 'Lagging' },
  overExecuted: { zh: '超预算执行', en: 'Over budget' },
  zeroBudgetSpending: { zh: '无预算支出', en: 'Spending without budget' },
};

/** The usual names of warning levels; a city's own names are shown as written. */
const WARNING_LEVEL_LABELS: Record<string, Bilingual> = {
  red: { zh: '红色预警', en: 'Red' },
  orange: { zh: '橙色预警', en: 'Orange' },
  yellow: { zh: '黄色预警', en: 'Yellow' },
  blue: { zh: '蓝色预警', en: 'Blue' },
};

export function warningLevelLabel(level: string): Bilingual {
  return WARNING_LEVEL_LABELS[level] ?? { zh: `${level}预警`, en: level };
}

export const WARNING_CODE_LABELS: Record<ReportWarningCode, Bilingual> = {
  LAGGING: { zh: '执行滞后', en: 'Lagging' },
  OVER_EXECUTION: { zh: '超预算执行', en: 'Over budget' },
  ZERO_BUDGET_SPENDING: { zh: '无预算支出', en: 'Spending without budget' },
  NEGATIVE_BUDGET: { zh: '预算数为负', en: 'Negative budget' },
  MONTH_OVER_MONTH: { zh: '本月支出与累计数不符', en: 'Month over month mismatch' },
};
