/**
 * `reports/<YYYY-MM>/bulletin.html`: the period's spending-progress notice (预算执行进度通报) in
 * the form finance offices send round each month (docs/contract.md §4.1): title and 文号, 主送,
 * 一、总体情况 (预算数, 累计支出, 本月支出 in 万元, 执行率 and the gap to 序时进度 for the whole, 项目支出
 * and 基本支出; the units' average rate; the change on the month before and the year before),
 * 二、预警情况 level by level with 连续N个月, 三、约谈/督办名单, 四、各单位执行进度, 五、工作要求
 * (to fill), then 落款 and date. Drawn from the same model as bulletin.docx (`bulletin-notice.ts`).
 * One A4 page or a few when printed; Chinese first, English on the switch.
 */
import { displayName } from '../display-name';
import { formatPoints, formatWan, percent, periodLabel } from '../format';
import type { PeriodFigures, UnitRanking } from '../report/period-report';
import { type Bilingual, bi } from './bilingual';
import type { Bulletin, BulletinEntry, BulletinFigures } from './bulletin-notice';
import { type Column, dataTable } from './data-table';
import { type HtmlValue, html, type SafeHtml } from './html';
import { warningLevelLabel } from './labels';
import { renderPage } from './page-layout';

/** The notice as a Word document, next to the page (one home for the name). */
export const BULLETIN_DOCX = 'bulletin.docx';

const gap = (value: number | null): HtmlValue => (value === null ? '—' : formatPoints(value));

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const numeral = (i: number): string => NUMERALS[i] ?? String(i + 1);

const p = (text: Bilingual, className?: string): SafeHtml =>
  className === undefined
    ? html`<p>${bi(text.zh, text.en)}</p>`
    : html`<p class="${className}">${bi(text.zh, text.en)}</p>`;

function overallTable(rows: BulletinFigures[]): SafeHtml {
  return dataTable<BulletinFigures>({
    caption: { zh: '预算执行总体情况（万元）', en: 'Overall (10k yuan)' },
    columns: [
      { label: { zh: '类别', en: 'Scope' }, cell: (row) => bi(row.label.zh, row.label.en) },
      { label: { zh: '预算数', en: 'Budget' }, numeric: true, cell: (row) => row.wan.budget },
      {
        label: { zh: '累计支出', en: 'Spent to date' },
        numeric: true,
        cell: (row) => row.wan.spentToDate,
      },
      {
        label: { zh: '本月支出', en: 'Spent this month' },
        numeric: true,
        cell: (row) => row.wan.spentThisMonth,
      },
      {
        label: { zh: '执行率', en: 'Execution rate' },
        numeric: true,
        cell: (row) => percent(row.executionRate),
      },
      {
        label: { zh: '与序时进度差距（百分点）', en: 'Gap to time progress (points)' },
        numeric: true,
        cell: (row) => gap(row.gapPoints),
      },
    ],
    rows,
  });
}

function entryTable(caption: Bilingual, entries: BulletinEntry[]): SafeHtml {
  return dataTable<BulletinEntry>({
    caption,
    columns: [
      { label: { zh: '单位或项目名称', en: 'Unit or project' }, cell: (e) => displayName(e.name) },
      {
        label: { zh: '类别', en: 'Kind' },
        cell: (e) => (e.kind === 'unit' ? bi('单位', 'Unit') : bi('项目', 'Project')),
      },
      {
        label: { zh: '预算数（万元）', en: 'Budget (10k yuan)' },
        numeric: true,
        cell: (e) => formatWan(e.budget),
      },
      {
        label: { zh: '累计支出（万元）', en: 'Spent (10k yuan)' },
        numeric: true,
        cell: (e) => formatWan(e.spentToDate),
      },
      { label: { zh: '执行率', en: 'Execution rate' }, numeric: true, cell: (e) => percent(e.executionRate) },
      {
        label: { zh: '与序时进度差距（百分点）', en: 'Gap (points)' },
        numeric: true,
        cell: (e) => gap(e.gapPoints),
      },
      {
        label: { zh: '连续预警', en: 'Months at a warning level' },
        numeric: true,
        cell: (e) => bi(`连续${e.months}个月`, `${e.months} month${e.months === 1 ? '' : 's'}`),
      },
    ],
    rows: entries,
  });
}

function levelSection(bulletin: Bulletin): SafeHtml {
  const parts = bulletin.levels.map((level, i) => {
    const name = warningLevelLabel(level.level);
    const units = level.entries.filter((e) => e.kind === 'unit').length;
    const projects = level.entries.length - units;
    const summary = {
      zh: `${level.band.zh}的单位${units}个、项目${projects}个${level.entries.length === 0 ? '。' : '：'}`,
      en: `${units} unit${units === 1 ? '' : 's'} and ${projects} project${projects === 1 ? '' : 's'} ${level.band.en}.`,
    };
    const id = `level-${i + 1}`;
    return html`<h3 id="${id}">${bi(`（${numeral(i)}）${name.zh}`, `${name.en} warnings`)}</h3>
${p(summary)}
${level.entries.length === 0 ? '' : entryTable({ zh: `${name.zh}单位和项目`, en: `At ${name.en.toLowerCase()}` }, level.entries)}`;
  });
  return html`<section aria-labelledby="levels">
<h2 id="levels">${bi('二、预警情况', '2. Warnings')}</h2>
${parts}
</section>`;
}

function interviewSection(bulletin: Bulletin): SafeHtml {
  const { interview } = bulletin;
  return html`<section aria-labelledby="interview">
<h2 id="interview">${bi('三、约谈/督办名单', '3. For interview or supervision')}</h2>
${p(interview.sentence)}
${interview.entries.length === 0 ? '' : entryTable({ zh: '约谈/督办名单', en: 'Listed for interview or supervision' }, interview.entries)}
</section>`;
}

const RANK_COLUMNS: Column<UnitRanking>[] = [
  { label: { zh: '单位名称', en: 'Unit' }, cell: (u) => displayName(u.unitName) },
  { label: { zh: '排名', en: 'Rank' }, numeric: true, cell: (u) => (u.rank === null ? '—' : u.rank) },
  { label: { zh: '执行率', en: 'Execution rate' }, numeric: true, cell: (u) => percent(u.executionRate) },
  {
    label: { zh: '与序时进度差距（百分点）', en: 'Gap to time progress (points)' },
    numeric: true,
    cell: (u) => gap(u.gapPoints),
  },
];

export function renderBulletinPage(report: PeriodFigures, bulletin: Bulletin): string {
  const period = periodLabel(report.period);
  const body = html`<p class="meta">${bulletin.docNumber}</p>
<p>${bulletin.addressee}</p>
<section aria-labelledby="summary">
<h2 id="summary">${bi('一、总体情况', '1. Overall')}</h2>
${p(bulletin.opening, 'lead')}
${overallTable(bulletin.overall)}
${bulletin.paragraphs.map((paragraph) => p(paragraph))}
</section>
${levelSection(bulletin)}
${interviewSection(bulletin)}
<section aria-labelledby="all-units">
<h2 id="all-units">${bi('四、各单位执行进度', '4. All units')}</h2>
${dataTable<UnitRanking>({ caption: { zh: '各单位执行进度排名', en: 'Units ranked by execution rate' }, columns: RANK_COLUMNS, rows: report.rankings.units })}
</section>
<section aria-labelledby="requirements">
<h2 id="requirements">${bi('五、工作要求', '5. Requirements')}</h2>
<p><mark>${bulletin.requirements}</mark></p>
</section>
<p class="signature">${bulletin.issuer}<br>${bulletin.date}</p>
<p class="no-print"><a href="${BULLETIN_DOCX}" download>${bi(`通报 ${BULLETIN_DOCX}（Word，公文格式）`, `The notice, ${BULLETIN_DOCX} (Word, official-document format)`)}</a></p>
<p class="no-print"><a href="index.html">${bi(`返回${period.zh}预算执行情况报告`, `Back to the ${period.en} report`)}</a></p>`;
  return renderPage({
    title: bulletin.title,
    cityName: report.city.name,
    root: '../../',
    body,
    generatedAt: report.generatedAt,
  });
}
