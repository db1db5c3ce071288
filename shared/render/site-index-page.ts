/** The site's `index.html`: every period, latest first, and each year's execution trend. */

import { groupedYuan, percent, periodLabel } from '../format';
import { timeProgressCurve } from '../report/time-progress';
import { bi } from './bilingual';
import { dataTable } from './data-table';
import { html, type SafeHtml } from './html';
import { renderPage } from './page-layout';
import type { PeriodIndex } from './period-index';
import { selfEvaluationHref } from './self-evaluation-page';
import { progressLegend, renderProgressTrend } from './svg-progress-trend';

function yearTrends(index: PeriodIndex): SafeHtml[] {
  const years = [...new Set(index.periods.map((p) => p.year))].sort((a, b) => b - a);
  return years.map((year) => {
    const points = index.periods
      .filter((p) => p.year === year)
      .map((p) => ({ month: p.month, executionRate: p.totals.executionRate }));
    return html`<figure>
<figcaption>${bi(`${year}年执行进度与时间进度`, `Execution against time progress, ${year}`)}</figcaption>
${renderProgressTrend(`trend-${year}`, { zh: `${year}年执行进度与时间进度`, en: `Execution against time progress, ${year}` }, year, points, timeProgressCurve(index.timeProgressRule, year))}
</figure>`;
  });
}

/** Periods with data whose report could not be drawn: listed, linked to the page that says why. */
function unrenderedSection(index: PeriodIndex): SafeHtml | '' {
  if (index.unrendered.length === 0) return '';
  return html`<section aria-labelledby="unrendered">
<h2 id="unrendered">${bi('未能生成报告的期间', 'Periods whose report could not be rendered')}</h2>
<ul>
${index.unrendered.map((p) => {
  const name = periodLabel(p);
  return html`<li><a href="${p.href}">${bi(name.zh, name.en)}</a>: ${p.reason}</li>
`;
})}</ul>
</section>`;
}

export function renderSiteIndexPage(index: PeriodIndex, timeZone?: string): string {
  const body =
    index.periods.length === 0 && index.unrendered.length === 0
      ? html`<p>${bi(
          '还没有报告。把月度导出文件上传到上传桶的 incoming/ 目录后，报告会出现在这里。',
          'No reports yet. Upload a monthly export under incoming/ in the upload bucket and its report appears here.',
        )}</p>`
      : html`<section aria-labelledby="periods">
<h2 id="periods">${bi('各期报告', 'Reports by period')}</h2>
${dataTable<(typeof index.periods)[number]>({
  caption: { zh: '各期预算执行情况（最新在前）', en: 'Budget execution by period (latest first)' },
  columns: [
    {
      label: { zh: '期间', en: 'Period' },
      cell: (p) => html`<a href="${p.href}">${bi(periodLabel(p).zh, periodLabel(p).en)}</a>`,
    },
    {
      label: { zh: '全年预算数（元）', en: 'Annual budget (yuan)' },
      numeric: true,
      cell: (p) => groupedYuan(p.totals.budget),
    },
    {
      label: { zh: '累计执行数（元）', en: 'Spent to date (yuan)' },
      numeric: true,
      cell: (p) => groupedYuan(p.totals.spentToDate),
    },
    {
      label: { zh: '执行率', en: 'Execution rate' },
      numeric: true,
      cell: (p) => percent(p.totals.executionRate),
    },
    { label: { zh: '时间进度', en: 'Time progress' }, numeric: true, cell: (p) => percent(p.timeProgress) },
    { label: { zh: '来源文件', en: 'Files' }, numeric: true, cell: (p) => p.sourceCount },
    { label: { zh: '预警', en: 'Warnings' }, numeric: true, cell: (p) => p.warningCount },
  ],
  rows: index.periods,
})}
<p><a href="reports/index.json" type="application/json">${bi('期间列表 reports/index.json', 'Period list, reports/index.json')}</a></p>
</section>
<section aria-labelledby="self-evaluation">
<h2 id="self-evaluation">${bi('绩效自评', 'Performance self-evaluation')}</h2>
<ul>
${[...new Set(index.periods.map((p) => p.year))]
  .sort((a, b) => b - a)
  .map(
    (year) =>
      html`<li><a href="${selfEvaluationHref(year, '')}">${bi(`${year}年度绩效自评（自评表、自评报告初稿）`, `Performance self-evaluation ${year} (tables, draft report)`)}</a></li>\n`,
  )}</ul>
</section>
<section aria-labelledby="trend">
<h2 id="trend">${bi('执行进度趋势', 'Execution trend')}</h2>
${progressLegend()}
${yearTrends(index)}
</section>
${unrenderedSection(index)}`;
  return renderPage({
    title: { zh: '预算执行情况报告', en: 'Budget execution reports' },
    cityName: index.city.name,
    root: '',
    body,
    generatedAt: index.generatedAt,
    timeZone,
  });
}
