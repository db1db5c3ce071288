/**
 * `self-evaluation/<YYYY>/index.html`: the year's 部门整体支出绩效自评表 and each scored
 * project's 项目支出绩效自评表 in the national layout, block by block as the form has them
 * (项目名称/主管部门/实施单位, 项目资金（万元）, 年度总体目标, the indicators with a subtotal per
 * 一级指标 and 总分, then 自评等级, 评价结论, 存在问题, 改进措施 and the signatures, blank where
 * the data does not say), printable on A4, with the warnings and the downloads (JSON, .xlsx, .docx).
 */
import { displayName } from '../display-name';
import { formatWan, percent } from '../format';
import type { FormTextField, FormTexts } from '../self-evaluation/form-texts';
import { fundRows } from '../self-evaluation/fund-rows';
import { GRADE_EN } from '../self-evaluation/grade';
import { actualText, asOfLabel, pointsText, targetText } from '../self-evaluation/indicator-display';
import { indicatorGroups, subtotalLabel } from '../self-evaluation/indicator-groups';
import { DEPARTMENT_SET_CODE } from '../self-evaluation/indicator-set';
import { coverageSentences } from '../self-evaluation/report-sentences';
import type {
  CoverageProject,
  DepartmentEvaluation,
  FundTypeCoverage,
  ProjectEvaluation,
  SelfEvaluation,
  SelfEvaluationWarning,
} from '../self-evaluation/self-evaluation';
import { type Bilingual, bi } from './bilingual';
import { dataTable } from './data-table';
import { selfEvaluationDownloadName } from './download-name';
import { type HtmlValue, html, type SafeHtml } from './html';
import { FUND_TYPE_LABELS } from './labels';
import { renderPage } from './page-layout';

/** File names under `self-evaluation/<YYYY>/`, one home for the page, render and tests. */
export const SELF_EVALUATION_FILES = {
  page: 'index.html',
  json: 'self-evaluation.json',
  workbook: 'self-evaluation.xlsx',
  report: 'report.docx',
} as const;

/** Where a year's self-evaluation page is, from a page under `reports/<YYYY-MM>/` (root = '../../') or the site root (''). */
export function selfEvaluationHref(year: number, root = '../../'): string {
  return `${root}self-evaluation/${year}/`;
}

const wan = (yuan: string | null): string => (yuan === null ? '—' : formatWan(yuan));

function gradeText(grade: DepartmentEvaluation['grade']): SafeHtml | string {
  return grade === null ? '—' : bi(grade, GRADE_EN[grade]);
}

/** A row of the form's 预算执行情况 block: the whole, then each fund type. */
interface ExecutionRow {
  name: HtmlValue;
  budgetInitial: string | null;
  budget: string | null;
  spentToDate: string | null;
  executionRate: number | null;
  weight: HtmlValue;
  points: HtmlValue;
}

function executionTable(
  id: string,
  evaluation: SelfEvaluation,
  block: DepartmentEvaluation | ProjectEvaluation,
): SafeHtml {
  const asOf = asOfLabel(evaluation.asOf);
  return dataTable<ExecutionRow>({
    caption: {
      zh: `项目资金（万元）${asOf.zh === '' ? '' : `，${asOf.zh}`}`,
      en: `Funds (10k yuan)${asOf.en === '' ? '' : `, ${asOf.en}`}`,
    },
    columns: [
      { label: { zh: '资金', en: 'Funds' }, cell: (row) => row.name },
      {
        label: { zh: '年初预算数', en: 'Initial budget' },
        numeric: true,
        cell: (row) => wan(row.budgetInitial),
      },
      { label: { zh: '全年预算数', en: 'Annual budget' }, numeric: true, cell: (row) => wan(row.budget) },
      { label: { zh: '全年执行数', en: 'Spent' }, numeric: true, cell: (row) => wan(row.spentToDate) },
      { label: { zh: '分值', en: 'Weight' }, numeric: true, cell: (row) => row.weight },
      {
        label: { zh: '执行率', en: 'Execution rate' },
        numeric: true,
        cell: (row) => percent(row.executionRate),
      },
      { label: { zh: '得分', en: 'Points' }, numeric: true, cell: (row) => row.points },
    ],
    rows: [
      {
        ...block,
        name: html`<span id="${id}">${bi('年度资金总额', 'All funds')}</span>`,
        weight: pointsText(evaluation.executionWeight),
        points: pointsText(block.executionPoints),
      },
      ...fundRows(block).map((f) => ({
        ...f,
        name: bi(f.label.zh, f.label.en),
        weight: '—',
        points: '—',
      })),
    ],
  });
}

/** A row of the indicator table: an indicator, or the subtotal of a 一级指标. */
interface IndicatorLine {
  level1: HtmlValue;
  level2: string;
  indicator: string;
  target: string;
  actual: string;
  weight: number;
  points: number;
  reason: HtmlValue;
}

function indicatorLines(block: DepartmentEvaluation | ProjectEvaluation): IndicatorLine[] {
  return indicatorGroups(block.indicators).flatMap((group): IndicatorLine[] => [
    ...group.indicators.map((i) => ({
      level1: i.level1,
      level2: i.level2,
      indicator: i.indicator,
      target: targetText(i),
      actual: actualText(i),
      weight: i.weight,
      points: i.points,
      reason:
        i.reason ?? (i.met ? '' : html`<span class="flag">${bi('需说明偏差原因', 'Reason required')}</span>`),
    })),
    {
      level1: bi(subtotalLabel(group.level1), `Subtotal, ${group.level1}`),
      level2: '',
      indicator: '',
      target: '',
      actual: '',
      weight: group.weight,
      points: group.points,
      reason: '',
    },
  ]);
}

function indicatorTable(block: DepartmentEvaluation | ProjectEvaluation, executionWeight: number): SafeHtml {
  return dataTable<IndicatorLine>({
    caption: { zh: '绩效指标', en: 'Performance indicators' },
    columns: [
      { label: { zh: '一级指标', en: 'Level 1' }, cell: (i) => i.level1, total: bi('总分', 'Total') },
      { label: { zh: '二级指标', en: 'Level 2' }, cell: (i) => i.level2, total: '' },
      {
        label: { zh: '三级指标', en: 'Indicator' },
        cell: (i) => i.indicator,
        total: bi(
          `含预算执行情况 ${pointsText(executionWeight)} 分`,
          `incl. budget execution, ${pointsText(executionWeight)} points`,
        ),
      },
      { label: { zh: '年度指标值', en: 'Target' }, cell: (i) => i.target, total: '' },
      { label: { zh: '实际完成值', en: 'Actual' }, cell: (i) => i.actual, total: '' },
      { label: { zh: '分值', en: 'Weight' }, numeric: true, cell: (i) => pointsText(i.weight), total: '100' },
      {
        label: { zh: '得分', en: 'Points' },
        numeric: true,
        cell: (i) => pointsText(i.points),
        total: pointsText(block.score),
      },
      {
        label: { zh: '偏差原因分析及改进措施', en: 'Reason for deviation, improvements' },
        cell: (i) => i.reason,
        total: '',
      },
    ],
    rows: indicatorLines(block),
  });
}

/** Two-column tables of the form's labelled rows (heading rows, closing rows). */
interface LabelledRow {
  label: Bilingual;
  value: HtmlValue;
}

function labelledTable(caption: Bilingual, rows: LabelledRow[]): SafeHtml {
  return dataTable<LabelledRow>({
    caption,
    columns: [
      { label: { zh: '栏目', en: 'Item' }, cell: (row) => bi(row.label.zh, row.label.en) },
      { label: { zh: '内容', en: 'Content' }, cell: (row) => row.value },
    ],
    rows,
  });
}

function headingTable(
  evaluation: SelfEvaluation,
  block: DepartmentEvaluation | ProjectEvaluation,
  name: { label: Bilingual; value: string },
): SafeHtml {
  return labelledTable({ zh: '基本信息', en: 'Particulars' }, [
    name,
    { label: { zh: '主管部门', en: 'Competent department' }, value: evaluation.competentDepartment },
    { label: { zh: '实施单位', en: 'Implementing units' }, value: block.units.join('、') },
  ]);
}

function goalTable(block: DepartmentEvaluation | ProjectEvaluation): SafeHtml {
  return dataTable<FormTexts>({
    caption: { zh: '年度总体目标', en: 'Overall annual goal' },
    columns: [
      { label: { zh: '预期目标', en: 'Expected' }, cell: (form) => form.goalExpected ?? '' },
      { label: { zh: '实际完成情况', en: 'Achieved' }, cell: (form) => form.goalActual ?? '' },
    ],
    rows: [block.form],
  });
}

function closingTable(block: DepartmentEvaluation | ProjectEvaluation): SafeHtml {
  const text = (field: FormTextField): string => block.form[field] ?? '';
  return labelledTable({ zh: '自评结论', en: 'Conclusion' }, [
    { label: { zh: '自评等级', en: 'Grade' }, value: gradeText(block.grade) },
    { label: { zh: '评价结论', en: 'Conclusion' }, value: text('conclusion') },
    { label: { zh: '存在问题', en: 'Problems' }, value: text('problems') },
    { label: { zh: '改进措施', en: 'Improvements' }, value: text('measures') },
    { label: { zh: '项目负责人', en: 'Project lead' }, value: text('projectLead') },
    { label: { zh: '财务负责人', en: 'Finance lead' }, value: text('financeLead') },
    { label: { zh: '填报人', en: 'Prepared by' }, value: text('preparer') },
    { label: { zh: '填报日期', en: 'Date' }, value: text('preparedOn') },
  ]);
}

/** The departure from the form's weights, under the form it concerns. */
function weightNote(warnings: readonly SelfEvaluationWarning[]): SafeHtml {
  const notes = warnings.filter((w) => w.code === 'WEIGHTS_NOT_STANDARD');
  return html`${notes.map((w) => html`<p class="note"><span class="flag">${bi('注', 'Note')}</span>${bi(w.messageZh, w.messageEn)}</p>\n`)}`;
}

function scoreLine(
  label: { zh: string; en: string },
  block: DepartmentEvaluation | ProjectEvaluation,
): SafeHtml {
  if (block.score === null) {
    return html`<p>${bi(`${label.zh}未设绩效指标，未评分。`, `${label.en}: no indicator set, not scored.`)}</p>`;
  }
  return html`<p class="lead">${bi(
    `${label.zh}绩效自评得分为${pointsText(block.score)}分，等级为“${block.grade}”。`,
    `${label.en}: self-evaluation score ${pointsText(block.score)}, grade ${block.grade === null ? '—' : GRADE_EN[block.grade]}.`,
  )}</p>`;
}

/** One form: heading rows, 项目资金, 年度总体目标, indicators with subtotals, 总分 and the closing rows. */
function formBody(
  id: string,
  evaluation: SelfEvaluation,
  block: DepartmentEvaluation | ProjectEvaluation,
  name: { label: Bilingual; value: string },
  warnings: readonly SelfEvaluationWarning[],
): SafeHtml {
  return html`${headingTable(evaluation, block, name)}
${executionTable(`${id}-execution`, evaluation, block)}
${
  block.score === null
    ? ''
    : html`${goalTable(block)}
${indicatorTable(block, evaluation.executionWeight)}
${weightNote(warnings)}
${closingTable(block)}`
}`;
}

function departmentSection(evaluation: SelfEvaluation): SafeHtml {
  const d = evaluation.department;
  return html`<section aria-labelledby="department" class="form">
<h2 id="department">${bi('部门整体支出绩效自评表', 'Department-wide expenditure self-evaluation')}</h2>
${scoreLine({ zh: '部门整体支出', en: 'Department as a whole' }, d)}
${formBody(
  'department',
  evaluation,
  d,
  { label: { zh: '部门名称', en: 'Department' }, value: evaluation.city.name },
  evaluation.warnings.filter((w) => w.projectCode === DEPARTMENT_SET_CODE),
)}
</section>`;
}

function projectSection(evaluation: SelfEvaluation, project: ProjectEvaluation, index: number): SafeHtml {
  const id = `project-${index + 1}`;
  return html`<section aria-labelledby="${id}" class="form">
<h2 id="${id}">${bi(`项目支出绩效自评表：${project.projectName}`, `Project self-evaluation: ${project.projectName}`)}</h2>
<p class="meta">${bi('项目编码：', 'Project code: ')}<span class="mono">${project.projectCode}</span></p>
${scoreLine({ zh: `${project.projectName}项目`, en: project.projectName }, project)}
${formBody(
  id,
  evaluation,
  project,
  { label: { zh: '项目名称', en: 'Project' }, value: project.projectName },
  project.warnings,
)}
</section>`;
}

type SummaryRow = Pick<
  DepartmentEvaluation,
  'budget' | 'spentToDate' | 'executionRate' | 'score' | 'grade'
> & {
  name: HtmlValue;
};

function summary(evaluation: SelfEvaluation): SafeHtml {
  const scored = evaluation.projects.filter((p) => p.scored);
  const unscored = evaluation.projects.filter((p) => !p.scored);
  const d = evaluation.department;
  return html`<section aria-labelledby="summary">
<h2 id="summary">${bi('自评结果', 'Results')}</h2>
${dataTable<SummaryRow>({
  caption: { zh: '自评得分汇总（万元）', en: 'Scores (10k yuan)' },
  columns: [
    { label: { zh: '评价对象', en: 'Evaluated' }, cell: (row) => row.name },
    { label: { zh: '全年预算数', en: 'Annual budget' }, numeric: true, cell: (row) => wan(row.budget) },
    { label: { zh: '全年执行数', en: 'Spent' }, numeric: true, cell: (row) => wan(row.spentToDate) },
    {
      label: { zh: '执行率', en: 'Execution rate' },
      numeric: true,
      cell: (row) => percent(row.executionRate),
    },
    { label: { zh: '得分', en: 'Score' }, numeric: true, cell: (row) => pointsText(row.score) },
    { label: { zh: '等级', en: 'Grade' }, cell: (row) => gradeText(row.grade) },
  ],
  rows: [
    { ...d, name: bi('部门整体支出', 'Department as a whole') },
    ...scored.map((p) => ({ ...p, name: p.projectName })),
  ],
})}
${
  unscored.length === 0
    ? ''
    : html`<p>${bi('未设绩效指标、未评分的项目：', 'Projects without an indicator set (not scored): ')}${unscored.map((p) => p.projectName).join('、')}</p>`
}
${coverage(evaluation)}
</section>`;
}

/** Which projects were self-evaluated, per fund type of 项目支出, with their share (from the data). */
function coverage(evaluation: SelfEvaluation): SafeHtml {
  const names = (list: CoverageProject[]) =>
    list.length === 0 ? '—' : list.map((p) => displayName(p.projectName)).join('、');
  const sentences = coverageSentences(evaluation);
  return html`${dataTable<FundTypeCoverage>({
    caption: { zh: '自评覆盖情况（项目支出，万元）', en: 'Coverage of project expenditure (10k yuan)' },
    columns: [
      {
        label: { zh: '资金性质', en: 'Fund type' },
        cell: (c) => bi(FUND_TYPE_LABELS[c.fundType].zh, FUND_TYPE_LABELS[c.fundType].en),
      },
      {
        label: { zh: '项目支出合计', en: 'Project expenditure' },
        numeric: true,
        cell: (c) => wan(c.projectBudget),
      },
      {
        label: { zh: '已自评项目数', en: 'Projects evaluated' },
        numeric: true,
        cell: (c) => c.evaluated.length,
      },
      { label: { zh: '涉及资金', en: 'Their budget' }, numeric: true, cell: (c) => wan(c.evaluatedBudget) },
      { label: { zh: '占项目支出', en: 'Share' }, numeric: true, cell: (c) => percent(c.share) },
      { label: { zh: '已自评项目', en: 'Evaluated' }, cell: (c) => names(c.evaluated) },
      { label: { zh: '未自评项目', en: 'Not evaluated' }, cell: (c) => names(c.notEvaluated) },
    ],
    rows: evaluation.coverage,
  })}
${sentences.map((s) => html`<p lang="zh-CN" class="zh">${s}</p>\n`)}`;
}

function warningList(warnings: SelfEvaluationWarning[]): SafeHtml {
  if (warnings.length === 0) return html``;
  const items = warnings.map((w) => html`<li>${bi(w.messageZh, w.messageEn)}</li>\n`);
  return html`<section aria-labelledby="warnings">
<h2 id="warnings">${bi('需要说明的事项', 'To be explained')}</h2>
<ul class="warnings">
${items}</ul>
</section>`;
}

/** Links saving the files under the department's and the year's name (download-name.ts). */
function downloads(evaluation: SelfEvaluation): SafeHtml {
  const saveAs = (file: 'workbook' | 'report') =>
    selfEvaluationDownloadName(file, evaluation.city.name, evaluation.year).fileName;
  return html`<section aria-labelledby="downloads" class="no-print">
<h2 id="downloads">${bi('下载', 'Downloads')}</h2>
<ul>
<li><a href="${SELF_EVALUATION_FILES.workbook}" download="${saveAs('workbook')}">${bi(`自评表 ${saveAs('workbook')}（报送用，Excel）`, `Self-evaluation tables, ${saveAs('workbook')} (Excel, to submit)`)}</a></li>
<li><a href="${SELF_EVALUATION_FILES.report}" download="${saveAs('report')}">${bi(`绩效自评报告初稿 ${saveAs('report')}（Word）`, `Draft self-evaluation report, ${saveAs('report')} (Word)`)}</a></li>
<li><a href="${SELF_EVALUATION_FILES.json}" type="application/json">${bi('自评数据 self-evaluation.json', 'Self-evaluation data, self-evaluation.json')}</a></li>
</ul>
</section>`;
}

export function selfEvaluationTitle(evaluation: Pick<SelfEvaluation, 'year' | 'asOf'>): {
  zh: string;
  en: string;
} {
  const asOf = asOfLabel(evaluation.asOf);
  return {
    zh: `${evaluation.year}年度绩效自评${asOf.zh === '' ? '' : `（${asOf.zh}）`}`,
    en: `Performance self-evaluation ${evaluation.year}${asOf.en === '' ? '' : ` (${asOf.en})`}`,
  };
}

export function renderSelfEvaluationPage(
  evaluation: SelfEvaluation,
  generatedAt: string,
  timeZone?: string,
): string {
  const scored = evaluation.projects.filter((p) => p.scored);
  const body = html`${summary(evaluation)}
${warningList(evaluation.warnings)}
${departmentSection(evaluation)}
${scored.map((project, i) => projectSection(evaluation, project, i))}
${downloads(evaluation)}`;
  return renderPage({
    title: selfEvaluationTitle(evaluation),
    cityName: evaluation.city.name,
    root: '../../',
    body,
    generatedAt,
    timeZone,
  });
}
