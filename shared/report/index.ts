export { buildPeriodReport } from './build-period-report';
export { executionRate, ratio, timeProgress } from './execution-rate';
export { formatPercent } from './format-percent';
export { lagAndFlags } from './line-flags';
export { checkMonthOverMonth, type MonthOverMonthMismatch } from './month-over-month';
export type * from './period-report';
export { projectExecutionZh, projectLabel, projectSummaryEn, projectSummaryZh } from './project-summary';
export { executionPoints, executionPointsHundredths, yearEndScore } from './year-end-score';
