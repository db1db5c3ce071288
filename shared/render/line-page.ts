/**
 * A period's lines, page by page (docs/contract.md §5): `reports/<YYYY-MM>/lines/<nnnn>.html`
 * and `.json`, `LINES_PER_PAGE` lines each in group order (unit, project, fund type), with the
 * warnings of those lines. The period page shows the roll-ups and lists these pages, so no page
 * grows with the period: a 200,000-line period is 400 pages of 500 lines.
 *
 * Each HTML page has a filter box that hides the rows and warnings not containing the text
 * typed (no request leaves the page); without JavaScript the box stays hidden and the page
 * reads as a plain table.
 */
import { displayName } from '../display-name';
import type { Period } from '../domain-types';
import { periodLabel } from '../format';
import { GROUP_KEY_LABEL } from '../group-key';
import type { LinePageBound, LinePageEntry, ReportLine, ReportWarning } from '../report/period-report';
import { bi, both } from './bilingual';
import { dataTable } from './data-table';
import { figureColumn } from './figure-columns';
import { flagList } from './flag-list';
import { html, type SafeHtml, trusted } from './html';
import { FUND_TYPE_LABELS } from './labels';
import { renderPage } from './page-layout';
import { label, levelOf, warningList } from './report-page';

export const LINES_PER_PAGE = 500;

/** A page's files, relative to the period's folder: `lines/0001.html`, `lines/0001.json`. */
export function linePagePaths(page: number): { html: string; json: string } {
  const stem = `lines/${String(page).padStart(4, '0')}`;
  return { html: `${stem}.html`, json: `${stem}.json` };
}

export interface LinePage {
  cityName: string;
  period: Period;
  generatedAt: string;
  /** Whether the period's exports state 年初预算数 (the column is shown). */
  statesInitial: boolean;
  /** 1-based. */
  page: number;
  hasNext: boolean;
  lines: ReportLine[];
  warnings: ReportWarning[];
}

const bound = (line: ReportLine): LinePageBound => ({
  unitCode: line.unitCode,
  unitName: line.unitName,
  projectCode: line.projectCode,
  projectName: line.projectName,
});

/** The page as report.json lists it. */
export function linePageEntry(page: LinePage): LinePageEntry {
  const first = page.lines[0];
  const last = page.lines.at(-1);
  if (first === undefined || last === undefined) throw new RangeError('a line page without lines');
  return {
    page: page.page,
    ...linePagePaths(page.page),
    lineCount: page.lines.length,
    warningCount: page.warnings.length,
    first: bound(first),
    last: bound(last),
  };
}

/** `lines/<nnnn>.json`: the page's lines and their warnings, as report.json held them before. */
export function linePageJson(page: LinePage): string {
  return `${JSON.stringify({
    schemaVersion: 2,
    period: page.period,
    page: page.page,
    lines: page.lines,
    warnings: page.warnings,
  })}\n`;
}

/** Hides what does not contain the text typed; shows the box only when this runs. */
const FILTER_SCRIPT = `(function(){var f=document.getElementById('filter');if(!f)return;f.hidden=false;var q=document.getElementById('filter-text'),c=document.getElementById('filter-count'),items=[].slice.call(document.querySelectorAll('.filtered tbody tr, ul.filtered li'));function run(){var t=q.value.trim().toLowerCase(),n=0;items.forEach(function(r){var m=!t||r.textContent.toLowerCase().indexOf(t)>=0;r.hidden=!m;if(m)n++});c.textContent=t?n+' / '+items.length:''}q.addEventListener('input',run)})();`;

function filterBox(): SafeHtml {
  return html`<div id="filter" class="filter" hidden>
<label for="filter-text">${bi('筛选本页（单位、项目、编码、资金性质、标记）', 'Filter this page (unit, project, code, fund type, flag)')}</label>
<input id="filter-text" type="search" autocomplete="off">
<span id="filter-count" role="status" aria-live="polite"></span>
</div>`;
}

function navigation(page: LinePage): SafeHtml {
  const previous = page.page > 1 ? linePagePaths(page.page - 1).html.slice('lines/'.length) : null;
  const next = page.hasNext ? linePagePaths(page.page + 1).html.slice('lines/'.length) : null;
  return html`<nav class="pager" aria-label="${both({ zh: '明细分页', en: 'Line pages' })}">
<a href="../index.html#lines">${bi('返回本期报告', 'Back to the period report')}</a>
${previous === null ? '' : html`<a href="${previous}" rel="prev">${bi('上一页', 'Previous page')}</a>`}
${next === null ? '' : html`<a href="${next}" rel="next">${bi('下一页', 'Next page')}</a>`}
</nav>`;
}

function lineTable(page: LinePage): SafeHtml {
  return html`<div class="filtered">${dataTable<ReportLine>({
    caption: { zh: `明细（${GROUP_KEY_LABEL.zh}）`, en: `Lines (${GROUP_KEY_LABEL.en})` },
    columns: [
      { label: { zh: '单位名称', en: 'Unit' }, cell: (l) => displayName(l.unitName) },
      { label: { zh: '项目名称', en: 'Project' }, cell: (l) => displayName(l.projectName) },
      {
        label: { zh: '项目编码', en: 'Project code' },
        cell: (l) => html`<span class="mono">${l.projectCode}</span>`,
      },
      { label: { zh: '资金性质', en: 'Fund type' }, cell: (l) => label(FUND_TYPE_LABELS[l.fundType]) },
      figureColumn.initial(page.statesInitial),
      figureColumn.budget,
      figureColumn.month,
      figureColumn.spent,
      figureColumn.rate,
      { label: { zh: '预警等级', en: 'Warning level' }, cell: (l) => levelOf(l.level) },
      { label: { zh: '标记', en: 'Flags' }, cell: (l) => flagList(l.flags) },
    ],
    rows: page.lines,
  })}</div>`;
}

export function renderLinePage(page: LinePage): string {
  const period = periodLabel(page.period);
  const first = page.lines[0];
  const last = page.lines.at(-1);
  const range =
    first === undefined || last === undefined
      ? ''
      : bi(
          `本页${page.lines.length}行：${displayName(first.unitName)}“${displayName(first.projectName)}”至${displayName(last.unitName)}“${displayName(last.projectName)}”。`,
          `${page.lines.length} lines on this page: ${displayName(first.unitName)} “${displayName(first.projectName)}” to ${displayName(last.unitName)} “${displayName(last.projectName)}”.`,
        );
  const body = html`${navigation(page)}
<p>${range}</p>
${filterBox()}
${lineTable(page)}
<section aria-labelledby="page-warnings">
<h2 id="page-warnings">${bi(`本页预警（${page.warnings.length}条）`, `Warnings on this page (${page.warnings.length})`)}</h2>
${warningList(page.warnings, 'filtered')}
</section>
${navigation(page)}
<script>${trusted(FILTER_SCRIPT)}</script>`;
  return renderPage({
    title: {
      zh: `${period.zh}预算执行明细 第${page.page}页`,
      en: `Budget execution lines, ${period.en}, page ${page.page}`,
    },
    cityName: page.cityName,
    root: '../../../',
    body,
    generatedAt: page.generatedAt,
  });
}
