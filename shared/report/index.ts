export { buildPeriodReport } from './build-period-report';
export { executionRate, ratio } from './execution-rate';
export { lagAndFlags } from './line-flags';
export { type MonthOverMonthMismatch, monthOverMonthMismatch } from './month-over-month';
export type * from './period-report';
export { PeriodReportBuilder } from './period-report-builder';
export { gapPoints } from './progress-gap';
export { projectExecutionZh, projectLabel, projectSummaryEn, projectSummaryZh } from './project-summary';
export { rankProjects, rankUnits } from './rankings';
export {
  describeTimeProgress,
  timeProgressCurve,
  timeProgressFraction,
  timeProgressOf,
} from './time-progress';
export { warningLevelOf } from './warning-levels';
export { executionPoints, executionPointsHundredths, yearEndScore } from './year-end-score';
export { yearOverYear } from './year-over-year';
