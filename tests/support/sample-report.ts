/**
 * A small hand-built report.json for renderer tests, independent of the report builder.
 * Names can be overridden to feed hostile text through the renderers.
 */
import { linePageEntry } from '../../shared/render/line-page';
import type { TrendPoint } from '../../shared/render/svg-progress-trend';
import type {
  LinePageEntry,
  PeriodReport,
  ReportOptions,
  ReportWarning,
} from '../../shared/report/period-report';

/** The defaults a city gets without settings: month ÷ 12, red at 20 points, yellow at 10, no floor. */
export const DEFAULT_OPTIONS: ReportOptions = {
  timeProgress: 'month',
  warningLevels: [
    { level: 'red', lagPoints: 20 },
    { level: 'yellow', lagPoints: 10 },
  ],
  warningMinBudget: '0.00',
  scoreWeight: 10,
};

export function sampleReport(
  overrides: { projectName?: string; unitName?: string; month?: number } = {},
): PeriodReport {
  const projectName = overrides.projectName ?? '最低生活保障';
  const unitName = overrides.unitName ?? '乐昌市民政局';
  const month = overrides.month ?? 12;
  const money = {
    budget: '46233300.00',
    spentThisMonth: '3929830.50',
    spentToDate: '46233300.00',
    executionRate: 1,
  };
  const fund = {
    budget: '2078800.00',
    spentThisMonth: '-12.00',
    spentToDate: '1039400.00',
    executionRate: 0.5,
  };
  return {
    schemaVersion: 2,
    generatedAt: '2022-01-05T02:13:55.000Z',
    city: { id: 'lechang', name: '乐昌市民政局' },
    period: { year: 2021, month },
    timeProgress: Math.round((month / 12) * 10_000) / 10_000,
    sources: [{ key: 'incoming/2021-12.csv', rows: 2, sha256: 'ab'.repeat(32) }],
    totals: {
      budget: '48312100.00',
      spentThisMonth: '3929818.50',
      spentToDate: '47272700.00',
      executionRate: 0.9785,
    },
    byFundType: [
      { fundType: '一般公共预算', ...money, shareOfBudget: 0.957, shareOfSpent: 0.978, projectCount: 1 },
      { fundType: '政府性基金预算', ...fund, shareOfBudget: 0.043, shareOfSpent: 0.022, projectCount: 1 },
    ],
    byUnit: [{ unitCode: '101001', unitName, ...money, projectCount: 2, level: null }],
    byProject: [
      {
        projectCode: '44028121A000001',
        projectName,
        projectLevel: '一级',
        fundTypes: ['一般公共预算'],
        unitCount: 1,
        flags: [],
        level: null,
        ...money,
        summaryZh: `${projectName}项目：全年预算数为4623.33万元，执行数为4623.33万元，完成预算数的100%。`,
        summaryEn: `${projectName}: annual budget 4623.33 (10k yuan), spent 4623.33, 100% of the budget.`,
      },
      {
        projectCode: '44028121B000001',
        projectName: '养老服务设施建设',
        projectLevel: '一级',
        fundTypes: ['政府性基金预算'],
        unitCount: 1,
        flags: ['lagging'],
        level: 'red',
        ...fund,
        summaryZh: '养老服务设施建设项目：全年预算数为207.88万元，执行数为103.94万元，完成预算数的50%。',
        summaryEn:
          'Elderly care facilities: annual budget 207.88 (10k yuan), spent 103.94, 50% of the budget.',
      },
    ],
    byExpenditureType: [
      {
        expenditureType: '项目支出',
        budget: '48312100.00',
        spentThisMonth: '3929818.50',
        spentToDate: '47272700.00',
        executionRate: 0.9785,
      },
    ],
    projectCounts: { level1: 2, level2: 0 },
    gapPoints: Math.round((0.9785 - month / 12) * 10_000) / 100,
    rankings: {
      units: [
        {
          rank: 1,
          unitCode: '101001',
          unitName,
          budget: money.budget,
          spentToDate: money.spentToDate,
          executionRate: money.executionRate,
          gapPoints: Math.round((1 - month / 12) * 10_000) / 100,
          level: null,
        },
      ],
      projects: [
        {
          rank: 1,
          projectCode: '44028121A000001',
          projectName,
          budget: money.budget,
          spentToDate: money.spentToDate,
          executionRate: money.executionRate,
          gapPoints: Math.round((1 - month / 12) * 10_000) / 100,
          level: null,
        },
        {
          rank: 2,
          projectCode: '44028121B000001',
          projectName: '养老服务设施建设',
          budget: fund.budget,
          spentToDate: fund.spentToDate,
          executionRate: fund.executionRate,
          gapPoints: Math.round((0.5 - month / 12) * 10_000) / 100,
          level: month >= 9 ? 'red' : month === 8 ? 'yellow' : null,
        },
      ],
    },
    lines: [
      {
        sourceKey: 'incoming/2021-12.csv',
        unitCode: '101001',
        unitName,
        projectCode: '44028121A000001',
        projectName,
        projectLevel: '一级',
        fundType: '一般公共预算',
        functionCodes: ['2081901'],
        lineCount: 1,
        ...money,
        lag: 0,
        level: null,
        flags: [],
      },
      {
        sourceKey: 'incoming/2021-12.csv',
        unitCode: '-101001',
        unitName,
        projectCode: '44028121B000001',
        projectName: '养老服务设施建设',
        projectLevel: '一级',
        fundType: '政府性基金预算',
        functionCodes: ['2296002'],
        lineCount: 1,
        ...fund,
        lag: 0.5,
        level: 'red',
        flags: ['lagging'],
      },
    ],
    warnings: [
      {
        code: 'LAGGING',
        unitCode: '101001',
        unitName,
        projectCode: '44028121B000001',
        projectName: '养老服务设施建设',
        fundType: '政府性基金预算',
        level: 'red',
        messageZh: `${unitName}“养老服务设施建设”执行率50%，低于时间进度100%，执行滞后。`,
        messageEn: 'Elderly care facilities is 50% executed against 100% time progress: lagging.',
      },
    ],
    lineCount: 2,
    warningCount: 1,
    warningCounts: [{ code: 'LAGGING', level: 'red', count: 1 }],
    options: DEFAULT_OPTIONS,
    ...(month === 12
      ? {
          score: {
            weight: 10,
            executionRate: 0.9785,
            points: 9.79,
            byProject: [
              { projectCode: '44028121A000001', projectName, executionRate: 1, points: 10 },
              {
                projectCode: '44028121B000001',
                projectName: '养老服务设施建设',
                executionRate: 0.5,
                points: 5,
              },
            ],
          },
        }
      : {}),
  };
}

/** What render gives the period page besides the figures: one line page holding every line. */
export function samplePageContext(
  report: PeriodReport,
  trend: TrendPoint[] = [],
): { trend: TrendPoint[]; linePages: LinePageEntry[]; firstWarnings: ReportWarning[] } {
  const page = {
    cityName: report.city.name,
    period: report.period,
    generatedAt: report.generatedAt,
    statesInitial: false,
    page: 1,
    hasNext: false,
    lines: report.lines,
    warnings: report.warnings,
  };
  return {
    trend,
    linePages: report.lines.length === 0 ? [] : [linePageEntry(page)],
    firstWarnings: report.warnings,
  };
}
