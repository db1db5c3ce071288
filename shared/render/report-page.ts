/**
 * `reports/<YYYY-MM>/index.html`: one period's report, read like the department's
 * self-evaluation report (绩效自评报告): summary sentences first, then the tables by fund
 * type, unit and project, the charts, the warnings and, at year end, the execution score,
 * then the list of the line pages (`line-page.ts`): the page's size follows the period's units
 * and projects, never its lines (docs/contract.md §5).
 */

import { displayName } from '../display-name';
import type { Period } from '../domain-types';
import {
  formatWan,
  percent,
  periodLabel,
  formatPoints as points,
  sentencePercent,
  yuanToFen,
} from '../format';
import { GROUP_KEY_LABEL } from '../group-key';
import { expenditureSplitSentence } from '../report/expenditure-split';
import type {
  LinePageBound,
  LinePageEntry,
  MoneyFigures,
  PeriodFigures,
  ProjectRanking,
  ProjectRollup,
  RankingFigures,
  ReportSource,
  ReportWarning,
  UnitRanking,
  WarningCount,
  YearEndScore,
} from '../report/period-report';
import { ROLLUPS, rollupOf } from '../report/rollups';
import { timeProgressCurve } from '../report/time-progress';
import { bi } from './bilingual';
import { BULLETIN_DOCX } from './bulletin-page';
import { type Column, dataTable } from './data-table';
import { figureColumn } from './figure-columns';
import { type HtmlValue, html, type SafeHtml } from './html';
import { WARNING_CODE_LABELS, warningLevelLabel } from './labels';
import { renderPage } from './page-layout';
import { progressSentence } from './progress-sentence';
import { rollupTable } from './rollup-table';
import { selfEvaluationHref } from './self-evaluation-page';
import { progressLegend, renderProgressTrend, type TrendPoint } from './svg-progress-trend';
import { renderProjectBars } from './svg-project-bars';

/** Warnings listed on the period page itself; all of them are on the line pages. */
export const PERIOD_PAGE_WARNINGS = 100;

export interface ReportPageContext {
  /** Execution rates of this year's periods up to this one, for the trend chart. */
  trend: TrendPoint[];
  /** The pages of the period's lines (and their warnings), in order. */
  linePages: LinePageEntry[];
  /** The period's first warnings, in line order: at most `PERIOD_PAGE_WARNINGS`. */
  firstWarnings: ReportWarning[];
}

export const label = (text: { zh: string; en: string }): SafeHtml => bi(text.zh, text.en);
export const levelOf = (level: string | null): HtmlValue =>
  level === null ? '—' : html`<span class="flag level-${level}">${label(warningLevelLabel(level))}</span>`;

function overview(report: PeriodFigures): SafeHtml {
  const t = report.totals;
  const units = report.byUnit.length;
  const completion =
    t.executionRate === null
      ? '—'
      : sentencePercent(t.executionRate, yuanToFen(t.spentToDate), yuanToFen(t.budget));
  const split = expenditureSplitSentence(report.byExpenditureType);
  const sentenceZh =
    `部门整体支出（${units}个单位）：全年预算数为${formatWan(t.budget)}万元，执行数为${formatWan(t.spentToDate)}万元，` +
    `完成预算的${completion}；时间进度${percent(report.timeProgress)}。${split?.zh ?? ''}`;
  const sentenceEn =
    `Department as a whole (${units} unit${units === 1 ? '' : 's'}): annual budget ${formatWan(t.budget)} (10k yuan), spent ` +
    `${formatWan(t.spentToDate)}, ${completion} of the budget; time progress ${percent(report.timeProgress)}. ${split?.en ?? ''}`;
  const figure = (name: { zh: string; en: string }, value: HtmlValue) =>
    html`<div><dt>${label(name)}</dt><dd>${value}</dd></div>`;
  return html`<section aria-labelledby="overview">
<h2 id="overview">${bi('总体情况', 'Overview')}</h2>
<p class="lead">${bi(sentenceZh, sentenceEn)}</p>
<p class="lead">${bi(progressSentence(report).zh, progressSentence(report).en)} <a href="bulletin.html">${bi('查看本期进度通报', 'Read this period’s progress bulletin')}</a></p>
<dl class="figures">
${t.budgetInitial === undefined ? '' : figure({ zh: '年初预算数（万元）', en: 'Initial budget (10k yuan)' }, formatWan(t.budgetInitial))}
${figure({ zh: '全年预算数（万元）', en: 'Annual budget (10k yuan)' }, formatWan(t.budget))}
${figure({ zh: '累计执行数（万元）', en: 'Spent to date (10k yuan)' }, formatWan(t.spentToDate))}
${figure({ zh: '本月支出（万元）', en: 'Spent this month (10k yuan)' }, formatWan(t.spentThisMonth))}
${figure({ zh: '执行率', en: 'Execution rate' }, percent(t.executionRate))}
${figure({ zh: '时间进度', en: 'Time progress' }, percent(report.timeProgress))}
${figure({ zh: '与序时进度差距', en: 'Gap to time progress' }, report.gapPoints === null ? '—' : bi(`${points(report.gapPoints)}个百分点`, `${points(report.gapPoints)} points`))}
${figure({ zh: '项目数', en: 'Projects' }, bi(`一级${report.projectCounts.level1}个，二级${report.projectCounts.level2}个`, `${report.projectCounts.level1} level 1, ${report.projectCounts.level2} level 2`))}
${figure({ zh: '预警', en: 'Warnings' }, report.warningCount)}
</dl>
</section>`;
}

function projectSentences(report: PeriodFigures): SafeHtml {
  const items = report.byProject.map((p) => html`<li>${bi(p.summaryZh, p.summaryEn)}</li>\n`);
  return html`<section aria-labelledby="projects-summary">
<h2 id="projects-summary">${bi('项目执行情况', 'Projects')}</h2>
<ul class="sentences">
${items}</ul>
</section>`;
}

/** Projects drawn in the bar chart: all of them, or the largest budgets when there are many. */
function chartedProjects(report: PeriodFigures): ProjectRollup[] {
  if (report.byProject.length <= PROJECTS_ON_PERIOD_PAGE) return report.byProject;
  return [...report.byProject]
    .sort((a, b) =>
      yuanToFen(b.budget) > yuanToFen(a.budget) ? 1 : yuanToFen(b.budget) < yuanToFen(a.budget) ? -1 : 0,
    )
    .slice(0, CHARTED_PROJECTS);
}

function charts(report: PeriodFigures, context: ReportPageContext): SafeHtml {
  const bars = renderProjectBars(
    'chart-projects',
    { zh: '预算数与执行数（按项目，万元）', en: 'Budget and spending by project (10k yuan)' },
    chartedProjects(report).map((p) => ({ name: p.projectName, budget: p.budget, spent: p.spentToDate })),
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

/**
 * Every roll-up the period has, in their declared order, each table on a line of its own; a
 * roll-up drawn with the projects is left to `projects.html` when the period has one.
 */
function rollupTables(report: PeriodFigures, inline: boolean): SafeHtml[] {
  return ROLLUPS.flatMap((rollup) => {
    if (rollup.table.withProjects === true && !inline) return [];
    const table = rollupTable(rollup, report);
    return table === null ? [] : [html`${table}\n`];
  });
}

const rankColumn: Column<RankingFigures> = {
  label: { zh: '排名', en: 'Rank' },
  numeric: true,
  cell: (entry) => (entry.rank === null ? '—' : entry.rank),
};

const RANKING_COLUMNS: Column<RankingFigures>[] = [
  figureColumn.budget,
  figureColumn.spent,
  figureColumn.rate,
  {
    label: { zh: '与序时进度差距（百分点）', en: 'Gap to time progress (points)' },
    numeric: true,
    cell: (entry) => (entry.gapPoints === null ? '—' : points(entry.gapPoints)),
  },
  { label: { zh: '预警等级', en: 'Warning level' }, cell: (entry) => levelOf(entry.level) },
];

function projectRanking(report: PeriodFigures): SafeHtml {
  return dataTable<ProjectRanking>({
    caption: { zh: '项目执行进度排名', en: 'Projects ranked by execution rate' },
    columns: [
      rankColumn,
      { label: { zh: '项目名称', en: 'Project' }, cell: (p) => displayName(p.projectName) },
      ...RANKING_COLUMNS,
    ],
    rows: report.rankings.projects,
  });
}

function rankings(report: PeriodFigures, withProjects: boolean): SafeHtml {
  return html`<section aria-labelledby="rankings">
<h2 id="rankings">${bi('执行进度排名', 'Rankings')}</h2>
<p>${bi(
    `按执行率从高到低排列；序时进度${percent(report.timeProgress)}，差距为执行率减序时进度（负数为落后）。`,
    `By execution rate, highest first; time progress ${percent(report.timeProgress)}; the gap is the rate minus time progress (negative = behind).`,
  )}</p>
${dataTable<UnitRanking>({
  caption: { zh: '单位执行进度排名', en: 'Units ranked by execution rate' },
  columns: [
    rankColumn,
    { label: { zh: '单位名称', en: 'Unit' }, cell: (u) => displayName(u.unitName) },
    ...RANKING_COLUMNS,
  ],
  rows: report.rankings.units,
})}
${withProjects ? projectRanking(report) : ''}
</section>`;
}

function yearOverYear(report: PeriodFigures): SafeHtml | '' {
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
${dataTable<{ period: Period; figures: MoneyFigures }>({
  caption: { zh: '本期与上年同期', en: 'This period and the same month last year' },
  columns: [
    {
      label: { zh: '期间', en: 'Period' },
      cell: (row) => bi(periodLabel(row.period).zh, periodLabel(row.period).en),
    },
    ...[figureColumn.budget, figureColumn.spent, figureColumn.rate].map(
      (column): Column<{ figures: MoneyFigures }> => ({ ...column, cell: (row) => column.cell(row.figures) }),
    ),
  ],
  rows: [
    { period: report.period, figures: report.totals },
    { period: y.period, figures: { ...y.totals, executionRate: y.executionRate } },
  ],
})}
</section>`;
}

/** Warnings as a compact list, one sentence each; `className` marks a list the filter reads. */
export function warningList(list: readonly ReportWarning[], className = ''): SafeHtml {
  if (list.length === 0) return html`<p>${bi('无预警。', 'No warnings.')}</p>`;
  return html`<ul class="warnings${className === '' ? '' : ` ${className}`}">
${list.map((w) => html`<li>${bi(w.messageZh, w.messageEn)}</li>\n`)}</ul>`;
}

/**
 * The warnings in full as counts (by kind and level), then the first of them; every warning is
 * on the line page of its line, so a period with thousands stays one readable page.
 */
function warnings(report: PeriodFigures, context: ReportPageContext): SafeHtml {
  const counts = dataTable<WarningCount>({
    caption: { zh: '预警分类统计', en: 'Warnings by kind' },
    columns: [
      { label: { zh: '类别', en: 'Kind' }, cell: (c) => label(WARNING_CODE_LABELS[c.code]) },
      { label: { zh: '预警等级', en: 'Warning level' }, cell: (c) => levelOf(c.level) },
      { label: { zh: '条数', en: 'Count' }, numeric: true, cell: (c) => c.count, total: report.warningCount },
    ],
    rows: report.warningCounts,
  });
  const shown = context.firstWarnings;
  const rest = report.warningCount - shown.length;
  const more =
    rest <= 0
      ? ''
      : html`<p>${bi(
          `以上为前${shown.length}条；其余${rest}条列在各明细页（见“明细”），也可下载 lines.csv 查看标记。`,
          `The first ${shown.length} are listed above; the other ${rest} are on the line pages (see “Lines”), and flagged in lines.csv.`,
        )}</p>`;
  return html`<section aria-labelledby="warnings">
<h2 id="warnings">${bi(`预警（${report.warningCount}条）`, `Warnings (${report.warningCount})`)}</h2>
${report.warningCount === 0 ? '' : counts}
${warningList(shown)}
${more}
</section>`;
}

/** The line pages: what each holds, so a unit or project is found without opening them all. */
function lines(report: PeriodFigures, context: ReportPageContext): SafeHtml {
  const pages = context.linePages;
  const where = (b: LinePageBound) => html`${displayName(b.unitName)}“${displayName(b.projectName)}”`;
  return html`<section aria-labelledby="lines">
<h2 id="lines">${bi('明细', 'Lines')}</h2>
<p>${bi(
    `本期明细（${GROUP_KEY_LABEL.zh}）共${report.lineCount}行，按单位、项目排列，分${pages.length}页；每页可筛选。全部明细另见 lines.csv。`,
    `${report.lineCount} lines (unit × project × fund type) in unit and project order, on ${pages.length} page${pages.length === 1 ? '' : 's'}, each with a filter. All of them are also in lines.csv.`,
  )}</p>
${dataTable<LinePageEntry>({
  caption: { zh: '明细分页', en: 'Line pages' },
  columns: [
    {
      label: { zh: '页', en: 'Page' },
      numeric: true,
      cell: (p) => html`<a href="${p.html}">${p.page}</a>`,
    },
    { label: { zh: '起', en: 'From' }, cell: (p) => where(p.first) },
    { label: { zh: '止', en: 'To' }, cell: (p) => where(p.last) },
    { label: { zh: '行数', en: 'Lines' }, numeric: true, cell: (p) => p.lineCount },
    { label: { zh: '预警', en: 'Warnings' }, numeric: true, cell: (p) => p.warningCount },
  ],
  rows: pages,
})}
</section>`;
}

function projectScores(s: YearEndScore): SafeHtml {
  return dataTable<YearEndScore['byProject'][number]>({
    caption: { zh: '各项目预算执行率得分', en: 'Execution score by project' },
    columns: [
      { label: { zh: '项目名称', en: 'Project' }, cell: (p) => displayName(p.projectName) },
      {
        label: { zh: '项目编码', en: 'Project code' },
        cell: (p) => html`<span class="mono">${p.projectCode}</span>`,
      },
      { label: { zh: '执行率', en: 'Execution rate' }, numeric: true, cell: (p) => percent(p.executionRate) },
      { label: { zh: '得分', en: 'Points' }, numeric: true, cell: (p) => p.points.toFixed(2) },
    ],
    rows: s.byProject,
  });
}

function score(report: PeriodFigures, withProjects: boolean): SafeHtml | '' {
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
${withProjects ? projectScores(s) : ''}
</section>`;
}

function sources(report: PeriodFigures): SafeHtml {
  return html`<section aria-labelledby="sources">
<h2 id="sources">${bi('数据来源与下载', 'Sources and downloads')}</h2>
${dataTable<ReportSource>({
  caption: { zh: '本期数据来源文件', en: 'Source files of this period' },
  columns: [
    { label: { zh: '文件', en: 'File' }, cell: (s) => html`<span class="mono">${s.key}</span>` },
    { label: { zh: '行数', en: 'Rows' }, numeric: true, cell: (s) => s.rows },
    {
      label: { zh: 'SHA-256', en: 'SHA-256' },
      cell: (s) => html`<span class="mono" title="${s.sha256}">${s.sha256.slice(0, 12)}</span>`,
    },
  ],
  rows: report.sources,
})}
<ul>
<li><a href="report.json" type="application/json">${bi('报告数据 report.json', 'Report data, report.json')}</a></li>
<li><a href="lines.csv" type="text/csv" download>${bi('明细表 lines.csv（Excel 可直接打开）', 'Lines, lines.csv (opens in Excel)')}</a></li>
<li><a href="bulletin.html">${bi('进度通报 bulletin.html（可打印）', 'Progress bulletin, bulletin.html (printable)')}</a></li>
<li><a href="${BULLETIN_DOCX}" download>${bi(`进度通报 ${BULLETIN_DOCX}（Word，公文格式）`, `Progress bulletin, ${BULLETIN_DOCX} (Word, official-document format)`)}</a></li>
<li><a href="${selfEvaluationHref(report.period.year)}">${bi(`${report.period.year}年度绩效自评`, `Performance self-evaluation ${report.period.year}`)}</a></li>
</ul>
</section>`;
}

/**
 * Up to this many projects, the period page shows them in full (sentences, ranking, table,
 * scores); beyond, they are on `projects.html` and the period page links it, so the period page
 * stays under 1 MB with a thousand projects (docs/contract.md §5).
 */
export const PROJECTS_ON_PERIOD_PAGE = 50;
/** Projects in the bar chart when they are not all on the period page: the largest budgets. */
const CHARTED_PROJECTS = 30;
export const PROJECTS_PAGE = 'projects.html';

/** Whether the period's projects get a page of their own (`renderProjectsPage`). */
export function hasProjectsPage(report: PeriodFigures): boolean {
  return report.byProject.length > PROJECTS_ON_PERIOD_PAGE;
}

function projectsLink(report: PeriodFigures): SafeHtml {
  const n = report.byProject.length;
  return html`<section aria-labelledby="projects-summary">
<h2 id="projects-summary">${bi('项目执行情况', 'Projects')}</h2>
<p><a href="${PROJECTS_PAGE}">${bi(
    `本期${n}个项目的执行情况、排名、汇总表${report.score === undefined ? '' : '和得分'}见项目页`,
    `The ${n} projects' execution, ranking, table${report.score === undefined ? '' : ' and scores'} are on the projects page`,
  )}</a></p>
</section>`;
}

export function renderReportPage(report: PeriodFigures, context: ReportPageContext): string {
  const period = periodLabel(report.period);
  const inline = !hasProjectsPage(report);
  const body = html`${overview(report)}
${inline ? projectSentences(report) : projectsLink(report)}
${yearOverYear(report)}
${charts(report, context)}
${rankings(report, inline)}
<section aria-labelledby="tables">
<h2 id="tables">${bi('分类汇总', 'Breakdowns')}</h2>
${rollupTables(report, inline)}</section>
${warnings(report, context)}
${score(report, inline)}
${lines(report, context)}
${sources(report)}`;
  return renderPage({
    title: { zh: `${period.zh}预算执行情况`, en: `Budget execution, ${period.en}` },
    cityName: report.city.name,
    root: '../../',
    body,
    generatedAt: report.generatedAt,
    timeZone: report.options.timeZone,
  });
}

/** `reports/<YYYY-MM>/projects.html`, for a period with more projects than its page shows. */
export function renderProjectsPage(report: PeriodFigures): string {
  const period = periodLabel(report.period);
  const body = html`<p><a href="index.html">${bi('返回本期报告', 'Back to the period report')}</a></p>
${projectSentences(report)}
<section aria-labelledby="project-tables">
<h2 id="project-tables">${bi('项目排名与汇总', 'Project ranking and table')}</h2>
${projectRanking(report)}
${rollupTable(rollupOf('byProject'), report)}
${report.score === undefined ? '' : projectScores(report.score)}
</section>`;
  return renderPage({
    title: { zh: `${period.zh}项目执行情况`, en: `Projects, ${period.en}` },
    cityName: report.city.name,
    root: '../../',
    body,
    generatedAt: report.generatedAt,
  });
}
