/**
 * `reports/<YYYY-MM>/index.html`: one period's report, read like the department's
 * self-evaluation report (绩效自评报告): summary sentences first, then the tables by fund
 * type, unit and project, the charts, the warnings and, at year end, the execution score.
 */

import { displayName } from '../display-name';
import { formatPoints as points } from '../report/format-percent';
import type { LineFlag, PeriodReport, RankingFigures } from '../report/period-report';
import { timeProgressCurve } from '../report/time-progress';
import { bi } from './bilingual';
import { dataTable } from './data-table';
import { groupedYuan, percent, periodLabel, wanOf } from './display-format';
import { type HtmlValue, html, type SafeHtml } from './html';
import {
  EXPENDITURE_TYPE_LABELS,
  FLAG_LABELS,
  FUND_TYPE_LABELS,
  PROJECT_LEVEL_LABELS,
  warningLevelLabel,
} from './labels';
import { renderPage } from './page-layout';
import { progressSentence } from './progress-sentence';
import { selfEvaluationHref } from './self-evaluation-page';
import { progressLegend, renderProgressTrend, type TrendPoint } from './svg-progress-trend';
import { renderProjectBars } from './svg-project-bars';

export interface ReportPageContext {
  /** Execution rates of this year's periods up to this one, for the trend chart. */
  trend: TrendPoint[];
}

const label = (text: { zh: string; en: string }): SafeHtml => bi(text.zh, text.en);
const flags = (list: LineFlag[]): HtmlValue =>
  list.map((flag) => html`<span class="flag">${label(FLAG_LABELS[flag])}</span>`);
const yuan = groupedYuan;
const levelOf = (level: string | null): HtmlValue =>
  level === null ? '—' : html`<span class="flag level-${level}">${label(warningLevelLabel(level))}</span>`;

function overview(report: PeriodReport): SafeHtml {
  const t = report.totals;
  const units = report.byUnit.length;
  const sentenceZh =
    `部门整体支出（${units}个单位）：全年预算数为${wanOf(t.budget)}万元，执行数为${wanOf(t.spentToDate)}万元，` +
    `完成预算的${percent(t.executionRate)}；时间进度${percent(report.timeProgress)}。`;
  const sentenceEn =
    `Department as a whole (${units} unit${units === 1 ? '' : 's'}): annual budget ${wanOf(t.budget)} (10k yuan), spent ` +
    `${wanOf(t.spentToDate)}, ${percent(t.executionRate)} of the budget; time progress ${percent(report.timeProgress)}.`;
  const figure = (name: { zh: string; en: string }, value: HtmlValue) =>
    html`<div><dt>${label(name)}</dt><dd>${value}</dd></div>`;
  return html`<section aria-labelledby="overview">
<h2 id="overview">${bi('总体情况', 'Overview')}</h2>
<p class="lead">${bi(sentenceZh, sentenceEn)}</p>
<p class="lead">${bi(progressSentence(report).zh, progressSentence(report).en)} <a href="bulletin.html">${bi('查看本期进度通报', 'Read this period’s progress bulletin')}</a></p>
<dl class="figures">
${t.budgetInitial === undefined ? '' : figure({ zh: '年初预算数（万元）', en: 'Initial budget (10k yuan)' }, wanOf(t.budgetInitial))}
${figure({ zh: '全年预算数（万元）', en: 'Annual budget (10k yuan)' }, wanOf(t.budget))}
${figure({ zh: '累计执行数（万元）', en: 'Spent to date (10k yuan)' }, wanOf(t.spentToDate))}
${figure({ zh: '本月支出（万元）', en: 'Spent this month (10k yuan)' }, wanOf(t.spentThisMonth))}
${figure({ zh: '执行率', en: 'Execution rate' }, percent(t.executionRate))}
${figure({ zh: '时间进度', en: 'Time progress' }, percent(report.timeProgress))}
${figure({ zh: '与序时进度差距', en: 'Gap to time progress' }, report.gapPoints === null ? '—' : bi(`${points(report.gapPoints)}个百分点`, `${points(report.gapPoints)} points`))}
${figure({ zh: '项目数', en: 'Projects' }, bi(`一级${report.projectCounts.level1}个，二级${report.projectCounts.level2}个`, `${report.projectCounts.level1} level 1, ${report.projectCounts.level2} level 2`))}
${figure({ zh: '预警', en: 'Warnings' }, report.warnings.length)}
</dl>
</section>`;
}

function projectSentences(report: PeriodReport): SafeHtml {
  const items = report.byProject.map((p) => html`<li>${bi(p.summaryZh, p.summaryEn)}</li>\n`);
  return html`<section aria-labelledby="projects-summary">
<h2 id="projects-summary">${bi('项目执行情况', 'Projects')}</h2>
<ul class="sentences">
${items}</ul>
</section>`;
}

function charts(report: PeriodReport, context: ReportPageContext): SafeHtml {
  const bars = renderProjectBars(
    'chart-projects',
    { zh: '预算数与执行数（按项目，万元）', en: 'Budget and spending by project (10k yuan)' },
    report.byProject.map((p) => ({ name: p.projectName, budget: p.budget, spent: p.spentToDate })),
  );
  const trend = renderProgressTrend(
    'chart-trend',
    {
      zh: `${report.period.year}年执行进度与时间进度`,
      en: `Execution against time progress, ${report.period.year}`,
    },
    report.period.year,
    context.trend,
    timeProgressCurve(report.options.timeProgress, report.period.year),
  );
  return html`<section aria-labelledby="charts">
<h2 id="charts">${bi('图表', 'Charts')}</h2>
<figure>
<figcaption>${bi('预算数与执行数（按项目，万元）', 'Budget and spending by project (10k yuan)')}</figcaption>
<p class="legend"><span><span class="swatch swatch-budget"></span>${bi('全年预算数', 'Annual budget')}</span><span><span class="swatch swatch-spent"></span>${bi('累计执行数', 'Spent to date')}</span></p>
${bars}
</figure>
<figure>
<figcaption>${bi('执行进度与时间进度', 'Execution against time progress')}</figcaption>
${progressLegend()}
${trend}
</figure>
</section>`;
}

function fundTypeTable(report: PeriodReport): SafeHtml {
  const t = report.totals;
  return dataTable({
    caption: { zh: '按资金性质', en: 'By fund type' },
    columns: [
      { label: { zh: '资金性质', en: 'Fund type' } },
      { label: { zh: '项目数', en: 'Projects' }, numeric: true },
      ...initialColumn(report),
      { label: { zh: '全年预算数（元）', en: 'Annual budget (yuan)' }, numeric: true },
      { label: { zh: '占预算总额', en: 'Share of budget' }, numeric: true },
      { label: { zh: '累计执行数（元）', en: 'Spent to date (yuan)' }, numeric: true },
      { label: { zh: '占执行总额', en: 'Share of spending' }, numeric: true },
      { label: { zh: '执行率', en: 'Execution rate' }, numeric: true },
    ],
    rows: report.byFundType.map((f) => [
      label(FUND_TYPE_LABELS[f.fundType]),
      f.projectCount,
      yuan(f.budget),
      percent(f.shareOfBudget),
      yuan(f.spentToDate),
      percent(f.shareOfSpent),
      percent(f.executionRate),
    ]),
    footer: [
      bi('合计', 'Total'),
      '',
      yuan(t.budget),
      percent(t.budget === '0.00' ? null : 1),
      yuan(t.spentToDate),
      percent(t.spentToDate === '0.00' ? null : 1),
      percent(t.executionRate),
    ],
  });
}

/**
 * 年初预算数 beside the adjusted budget, in periods whose exports state it; the rate stays on
 * the adjusted budget (docs/contract.md §2.2).
 */
function initialColumn(report: PeriodReport): { label: { zh: string; en: string }; numeric: true }[] {
  if (report.totals.budgetInitial === undefined) return [];
  return [{ label: { zh: '年初预算数（元）', en: 'Initial budget (yuan)' }, numeric: true }];
}

function initialCell(report: PeriodReport, figures: { budgetInitial?: string }): ReturnType<typeof yuan>[] {
  if (report.totals.budgetInitial === undefined) return [];
  return [yuan(figures.budgetInitial ?? '0.00')];
}

function unitTable(report: PeriodReport): SafeHtml {
  return dataTable({
    caption: { zh: '按单位', en: 'By unit' },
    columns: [
      { label: { zh: '单位名称', en: 'Unit' } },
      { label: { zh: '单位编码', en: 'Unit code' } },
      { label: { zh: '项目数', en: 'Projects' }, numeric: true },
      ...initialColumn(report),
      { label: { zh: '全年预算数（元）', en: 'Annual budget (yuan)' }, numeric: true },
      { label: { zh: '本月支出（元）', en: 'This month (yuan)' }, numeric: true },
      { label: { zh: '累计执行数（元）', en: 'Spent to date (yuan)' }, numeric: true },
      { label: { zh: '执行率', en: 'Execution rate' }, numeric: true },
    ],
    rows: report.byUnit.map((u) => [
      displayName(u.unitName),
      html`<span class="mono">${u.unitCode}</span>`,
      u.projectCount,
      ...initialCell(report, u),
      yuan(u.budget),
      yuan(u.spentThisMonth),
      yuan(u.spentToDate),
      percent(u.executionRate),
    ]),
  });
}

function projectTable(report: PeriodReport): SafeHtml {
  return dataTable({
    caption: { zh: '按项目', en: 'By project' },
    columns: [
      { label: { zh: '项目名称', en: 'Project' } },
      { label: { zh: '项目编码', en: 'Project code' } },
      { label: { zh: '级次', en: 'Level' } },
      { label: { zh: '资金性质', en: 'Fund type' } },
      { label: { zh: '单位数', en: 'Units' }, numeric: true },
      ...initialColumn(report),
      { label: { zh: '全年预算数（元）', en: 'Annual budget (yuan)' }, numeric: true },
      { label: { zh: '累计执行数（元）', en: 'Spent to date (yuan)' }, numeric: true },
      { label: { zh: '执行率', en: 'Execution rate' }, numeric: true },
      { label: { zh: '标记', en: 'Flags' } },
    ],
    rows: report.byProject.map((p) => [
      displayName(p.projectName),
      html`<span class="mono">${p.projectCode}</span>`,
      label(PROJECT_LEVEL_LABELS[p.projectLevel]),
      p.fundTypes.map((f, i) => html`${i > 0 ? '、' : ''}${label(FUND_TYPE_LABELS[f])}`),
      p.unitCount,
      ...initialCell(report, p),
      yuan(p.budget),
      yuan(p.spentToDate),
      percent(p.executionRate),
      flags(p.flags),
    ]),
  });
}

function expenditureTypeTable(report: PeriodReport): SafeHtml {
  return dataTable({
    caption: { zh: '按支出类型', en: 'By expenditure type' },
    columns: [
      { label: { zh: '支出类型', en: 'Expenditure type' } },
      { label: { zh: '全年预算数（元）', en: 'Annual budget (yuan)' }, numeric: true },
      { label: { zh: '累计执行数（元）', en: 'Spent to date (yuan)' }, numeric: true },
      { label: { zh: '执行率', en: 'Execution rate' }, numeric: true },
    ],
    rows: report.byExpenditureType.map((e) => [
      label(EXPENDITURE_TYPE_LABELS[e.expenditureType]),
      yuan(e.budget),
      yuan(e.spentToDate),
      percent(e.executionRate),
    ]),
  });
}

function lineTable(report: PeriodReport): SafeHtml {
  return dataTable({
    caption: { zh: '明细（单位 × 项目 × 资金性质）', en: 'Lines (unit × project × fund type)' },
    columns: [
      { label: { zh: '项目名称', en: 'Project' } },
      { label: { zh: '单位名称', en: 'Unit' } },
      { label: { zh: '资金性质', en: 'Fund type' } },
      { label: { zh: '全年预算数（元）', en: 'Annual budget (yuan)' }, numeric: true },
      { label: { zh: '本月支出（元）', en: 'This month (yuan)' }, numeric: true },
      { label: { zh: '累计执行数（元）', en: 'Spent to date (yuan)' }, numeric: true },
      { label: { zh: '执行率', en: 'Execution rate' }, numeric: true },
      { label: { zh: '标记', en: 'Flags' } },
    ],
    rows: report.lines.map((l) => [
      displayName(l.projectName),
      displayName(l.unitName),
      label(FUND_TYPE_LABELS[l.fundType]),
      yuan(l.budget),
      yuan(l.spentThisMonth),
      yuan(l.spentToDate),
      percent(l.executionRate),
      flags(l.flags),
    ]),
  });
}

const RANKING_COLUMNS = [
  { label: { zh: '全年预算数（元）', en: 'Annual budget (yuan)' }, numeric: true },
  { label: { zh: '累计执行数（元）', en: 'Spent to date (yuan)' }, numeric: true },
  { label: { zh: '执行率', en: 'Execution rate' }, numeric: true },
  { label: { zh: '与序时进度差距（百分点）', en: 'Gap to time progress (points)' }, numeric: true },
  { label: { zh: '预警等级', en: 'Warning level' } },
];

function rankingCells(entry: RankingFigures): HtmlValue[] {
  return [
    yuan(entry.budget),
    yuan(entry.spentToDate),
    percent(entry.executionRate),
    entry.gapPoints === null ? '—' : points(entry.gapPoints),
    levelOf(entry.level),
  ];
}

function rankings(report: PeriodReport): SafeHtml {
  const rank = (value: number | null): HtmlValue => (value === null ? '—' : value);
  return html`<section aria-labelledby="rankings">
<h2 id="rankings">${bi('执行进度排名', 'Rankings')}</h2>
<p>${bi(
    `按执行率从高到低排列；序时进度${percent(report.timeProgress)}，差距为执行率减序时进度（负数为落后）。`,
    `By execution rate, highest first; time progress ${percent(report.timeProgress)}; the gap is the rate minus time progress (negative = behind).`,
  )}</p>
${dataTable({
  caption: { zh: '单位执行进度排名', en: 'Units ranked by execution rate' },
  columns: [
    { label: { zh: '排名', en: 'Rank' }, numeric: true },
    { label: { zh: '单位名称', en: 'Unit' } },
    ...RANKING_COLUMNS,
  ],
  rows: report.rankings.units.map((u) => [rank(u.rank), displayName(u.unitName), ...rankingCells(u)]),
})}
${dataTable({
  caption: { zh: '项目执行进度排名', en: 'Projects ranked by execution rate' },
  columns: [
    { label: { zh: '排名', en: 'Rank' }, numeric: true },
    { label: { zh: '项目名称', en: 'Project' } },
    ...RANKING_COLUMNS,
  ],
  rows: report.rankings.projects.map((p) => [rank(p.rank), displayName(p.projectName), ...rankingCells(p)]),
})}
</section>`;
}

function yearOverYear(report: PeriodReport): SafeHtml | '' {
  const y = report.yearOverYear;
  if (y === undefined) return '';
  const then = periodLabel(y.period);
  const change = y.rateChangePoints;
  const changeZh =
    change === null
      ? ''
      : change === 0
        ? '，与上年同期持平'
        : `，${change > 0 ? '提高' : '降低'}${points(Math.abs(change))}个百分点`;
  const changeEn =
    change === null
      ? ''
      : change === 0
        ? ', unchanged'
        : `, ${change > 0 ? 'up' : 'down'} ${points(Math.abs(change))} points`;
  return html`<section aria-labelledby="year-over-year">
<h2 id="year-over-year">${bi('与上年同期比较', 'Year over year')}</h2>
<p class="lead">${bi(
    `上年同期（${then.zh}）执行率${percent(y.executionRate)}，本期${percent(report.totals.executionRate)}${changeZh}。`,
    `Same month last year (${then.en}): ${percent(y.executionRate)}; this period ${percent(report.totals.executionRate)}${changeEn}.`,
  )}</p>
${dataTable({
  caption: { zh: '本期与上年同期', en: 'This period and the same month last year' },
  columns: [
    { label: { zh: '期间', en: 'Period' } },
    { label: { zh: '全年预算数（元）', en: 'Annual budget (yuan)' }, numeric: true },
    { label: { zh: '累计执行数（元）', en: 'Spent to date (yuan)' }, numeric: true },
    { label: { zh: '执行率', en: 'Execution rate' }, numeric: true },
  ],
  rows: [
    [
      bi(periodLabel(report.period).zh, periodLabel(report.period).en),
      yuan(report.totals.budget),
      yuan(report.totals.spentToDate),
      percent(report.totals.executionRate),
    ],
    [bi(then.zh, then.en), yuan(y.totals.budget), yuan(y.totals.spentToDate), percent(y.executionRate)],
  ],
})}
</section>`;
}

function warnings(report: PeriodReport): SafeHtml {
  const body =
    report.warnings.length === 0
      ? html`<p>${bi('无预警。', 'No warnings.')}</p>`
      : html`<ul class="warnings">
${report.warnings.map((w) => html`<li>${bi(w.messageZh, w.messageEn)}</li>\n`)}</ul>`;
  return html`<section aria-labelledby="warnings">
<h2 id="warnings">${bi('预警', 'Warnings')}</h2>
${body}
</section>`;
}

function score(report: PeriodReport): SafeHtml | '' {
  const s = report.score;
  if (s === undefined) return '';
  const points = s.points.toFixed(2);
  return html`<section aria-labelledby="score">
<h2 id="score">${bi('年终自评：预算执行率得分', 'Year-end self-evaluation: execution score')}</h2>
<p class="lead">${bi(
    `预算执行率指标得分${points}分（权重${s.weight}分 × 执行率${percent(s.executionRate)}，超过100%按100%计）。`,
    `Execution indicator: ${points} points (weight ${s.weight} × rate ${percent(s.executionRate)}, capped at 100%).`,
  )}</p>
<p><a href="${selfEvaluationHref(report.period.year)}">${bi(
    `${report.period.year}年度绩效自评：部门整体及项目支出绩效自评表、自评报告初稿`,
    `Performance self-evaluation ${report.period.year}: department and project tables, draft report`,
  )}</a></p>
${dataTable({
  caption: { zh: '各项目预算执行率得分', en: 'Execution score by project' },
  columns: [
    { label: { zh: '项目名称', en: 'Project' } },
    { label: { zh: '项目编码', en: 'Project code' } },
    { label: { zh: '执行率', en: 'Execution rate' }, numeric: true },
    { label: { zh: '得分', en: 'Points' }, numeric: true },
  ],
  rows: s.byProject.map((p) => [
    displayName(p.projectName),
    html`<span class="mono">${p.projectCode}</span>`,
    percent(p.executionRate),
    p.points.toFixed(2),
  ]),
})}
</section>`;
}

function sources(report: PeriodReport): SafeHtml {
  return html`<section aria-labelledby="sources">
<h2 id="sources">${bi('数据来源与下载', 'Sources and downloads')}</h2>
${dataTable({
  caption: { zh: '本期数据来源文件', en: 'Source files of this period' },
  columns: [
    { label: { zh: '文件', en: 'File' } },
    { label: { zh: '行数', en: 'Rows' }, numeric: true },
    { label: { zh: 'SHA-256', en: 'SHA-256' } },
  ],
  rows: report.sources.map((s) => [
    html`<span class="mono">${s.key}</span>`,
    s.rows,
    html`<span class="mono" title="${s.sha256}">${s.sha256.slice(0, 12)}</span>`,
  ]),
})}
<ul>
<li><a href="report.json" type="application/json">${bi('报告数据 report.json', 'Report data, report.json')}</a></li>
<li><a href="lines.csv" type="text/csv" download>${bi('明细表 lines.csv（Excel 可直接打开）', 'Lines, lines.csv (opens in Excel)')}</a></li>
<li><a href="bulletin.html">${bi('进度通报 bulletin.html（可打印）', 'Progress bulletin, bulletin.html (printable)')}</a></li>
<li><a href="${selfEvaluationHref(report.period.year)}">${bi(`${report.period.year}年度绩效自评`, `Performance self-evaluation ${report.period.year}`)}</a></li>
</ul>
</section>`;
}

export function renderReportPage(report: PeriodReport, context: ReportPageContext): string {
  const period = periodLabel(report.period);
  const body = html`${overview(report)}
${projectSentences(report)}
${yearOverYear(report)}
${charts(report, context)}
${rankings(report)}
<section aria-labelledby="tables">
<h2 id="tables">${bi('分类汇总', 'Breakdowns')}</h2>
${fundTypeTable(report)}
${unitTable(report)}
${projectTable(report)}
${expenditureTypeTable(report)}
</section>
${warnings(report)}
${score(report)}
<section aria-labelledby="lines">
<h2 id="lines">${bi('明细', 'Lines')}</h2>
${lineTable(report)}
</section>
${sources(report)}`;
  return renderPage({
    title: { zh: `${period.zh}预算执行情况`, en: `Budget execution, ${period.en}` },
    cityName: report.city.name,
    root: '../../',
    body,
    generatedAt: report.generatedAt,
  });
}
