/**
 * `reports/<YYYY-MM>/bulletin.html`: the period's spending-progress circular (预算执行进度通报),
 * in the form finance offices send round each month (docs/contract.md §4.1): the department's rate and its
 * gap to 序时进度 in one sentence, how many units are ahead of and behind time progress, then
 * the lagging units and projects level by level with their rates and gaps. One A4 page or a
 * few when printed; Chinese first, English on the switch.
 */
import { displayName } from '../display-name';
import { formatPoints } from '../report/format-percent';
import type { PeriodReport, ProjectRanking, RankingFigures, UnitRanking } from '../report/period-report';
import { describeTimeProgress } from '../report/time-progress';
import { bySeverity } from '../report/warning-levels';
import { bi } from './bilingual';
import { type Column, dataTable } from './data-table';
import { percent, periodLabel } from './display-format';
import { type HtmlValue, html, type SafeHtml } from './html';
import { warningLevelLabel } from './labels';
import { renderPage } from './page-layout';
import { progressSentence } from './progress-sentence';

const gap = (value: number | null): HtmlValue => (value === null ? '—' : formatPoints(value));
const rank = (value: number | null): HtmlValue => (value === null ? '—' : value);

function unitCounts(report: PeriodReport): { zh: string; en: string } {
  const units = report.rankings.units;
  const measured = units.filter((u) => u.gapPoints !== null);
  const behind = measured.filter((u) => (u.gapPoints ?? 0) < 0).length;
  const ahead = measured.length - behind;
  const unmeasured = units.length - measured.length;
  return {
    zh:
      `纳入通报的${units.length}个单位中，${ahead}个单位执行进度快于或等于序时进度，${behind}个单位慢于序时进度` +
      `${unmeasured > 0 ? `，${unmeasured}个单位未安排预算` : ''}。`,
    en:
      `Of the ${units.length} unit${units.length === 1 ? '' : 's'}, ${ahead} ${ahead === 1 ? 'is' : 'are'} at or ahead of time progress and ${behind} behind` +
      `${unmeasured > 0 ? `; ${unmeasured} had no budget` : ''}.`,
  };
}

const RANKED_COLUMNS: Column<RankingFigures>[] = [
  { label: { zh: '排名', en: 'Rank' }, numeric: true, cell: (entry) => rank(entry.rank) },
  {
    label: { zh: '执行率', en: 'Execution rate' },
    numeric: true,
    cell: (entry) => percent(entry.executionRate),
  },
  {
    label: { zh: '与序时进度差距（百分点）', en: 'Gap to time progress (points)' },
    numeric: true,
    cell: (entry) => gap(entry.gapPoints),
  },
];

function unitTable(caption: { zh: string; en: string }, units: UnitRanking[]): SafeHtml {
  return dataTable<UnitRanking>({
    caption,
    columns: [
      { label: { zh: '单位名称', en: 'Unit' }, cell: (u) => displayName(u.unitName) },
      ...RANKED_COLUMNS,
    ],
    rows: units,
  });
}

function projectTable(caption: { zh: string; en: string }, projects: ProjectRanking[]): SafeHtml {
  return dataTable<ProjectRanking>({
    caption,
    columns: [
      { label: { zh: '项目名称', en: 'Project' }, cell: (p) => displayName(p.projectName) },
      ...RANKED_COLUMNS,
    ],
    rows: projects,
  });
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function levelSections(report: PeriodReport): SafeHtml[] {
  const floor = report.options.warningMinBudget;
  const levels = bySeverity(report.options.warningLevels);
  return levels.map((level, i) => {
    const name = warningLevelLabel(level.level);
    const units = report.rankings.units.filter((u) => u.level === level.level);
    const projects = report.rankings.projects.filter((p) => p.level === level.level);
    const numeral = NUMERALS[i] ?? String(i + 1);
    const id = `level-${i + 1}`;
    const from = formatPoints(level.lagPoints);
    const higher = levels[i - 1];
    const bandZh = `落后序时进度${from}个百分点及以上${higher === undefined ? '' : `、不足${formatPoints(higher.lagPoints)}个百分点`}`;
    const bandEn = `${from}${higher === undefined ? ' or more' : `–${formatPoints(higher.lagPoints)}`} points behind time progress`;
    const floorZh = floor === '0.00' ? '' : `（全年预算数${floor}元以下的不列入）`;
    const floorEn = floor === '0.00' ? '' : ` (budgets under ${floor} yuan are not listed)`;
    const summary = bi(
      `${bandZh}的单位${units.length}个、项目${projects.length}个${floorZh}${units.length + projects.length === 0 ? '。' : '：'}`,
      `${units.length} unit${units.length === 1 ? '' : 's'} and ${projects.length} project${projects.length === 1 ? '' : 's'} ${bandEn}${floorEn}.`,
    );
    return html`<section aria-labelledby="${id}">
<h2 id="${id}">${bi(`${numeral}、${name.zh}`, `${i + 1}. ${name.en} warnings`)}</h2>
<p>${summary}</p>
${units.length > 0 ? unitTable({ zh: `${name.zh}单位`, en: `Units at ${name.en.toLowerCase()}` }, units) : ''}
${projects.length > 0 ? projectTable({ zh: `${name.zh}项目`, en: `Projects at ${name.en.toLowerCase()}` }, projects) : ''}
</section>`;
  });
}

export function renderBulletinPage(report: PeriodReport): string {
  const period = periodLabel(report.period);
  const opening = progressSentence(report);
  const counts = unitCounts(report);
  const rule = describeTimeProgress(report.options.timeProgress);
  const levels = levelSections(report);
  const body = html`<section aria-labelledby="summary">
<h2 id="summary">${bi('总体情况', 'Overall')}</h2>
<p class="lead">${bi(opening.zh, opening.en)}</p>
<p>${bi(
    `序时进度${rule.zh}，本期为${percent(report.timeProgress)}。${counts.zh}`,
    `Time progress is reckoned ${rule.en}: ${percent(report.timeProgress)} this period. ${counts.en}`,
  )}</p>
</section>
${levels}
<section aria-labelledby="all-units">
<h2 id="all-units">${bi(`${NUMERALS[levels.length] ?? levels.length + 1}、各单位执行进度`, `${levels.length + 1}. All units`)}</h2>
${unitTable({ zh: '各单位执行进度排名', en: 'Units ranked by execution rate' }, report.rankings.units)}
</section>
<p class="no-print"><a href="index.html">${bi(`返回${period.zh}预算执行情况报告`, `Back to the ${period.en} report`)}</a></p>`;
  return renderPage({
    title: { zh: `${period.zh}预算执行进度通报`, en: `Spending progress bulletin, ${period.en}` },
    cityName: report.city.name,
    root: '../../',
    body,
    generatedAt: report.generatedAt,
  });
}
