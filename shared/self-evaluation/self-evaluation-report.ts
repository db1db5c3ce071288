/**
 * `report.docx`: a draft 绩效自评报告 in the seed report's order, every figure filled from the
 * model and highlighted placeholders 【待填写：…】 for what only people can write:
 *   一、部门基本情况 (职能, 机构及人员 with 编制 and 实有人数 to fill, 年度总体目标), as Guangdong's
 *       部门整体 reports open;
 *   二、绩效管理工作总体情况 (the coverage figures);
 *   三、绩效自评结果, then the 部门整体支出绩效自评综述 with its 完成情况与效益, 发现的问题及原因 and
 *       下一步改进措施 inside it, then each scored project's 绩效自评综述 with its own three.
 * Where the indicator file's form rows say it (年度总体目标's 实际完成情况, 存在问题, 改进措施), their
 * words stand in place of the placeholder. Laid out as a 公文 (`render/official-docx.ts`).
 */
import type { Paragraph, Table } from 'docx';
import { percent } from '../format';
import {
  officialDocument,
  officialHeading,
  officialParagraph,
  officialTable,
  officialTitle,
  packOfficialDocument,
} from '../render/official-docx';
import type { FormTexts } from './form-texts';
import { pointsText } from './indicator-display';
import {
  departmentSentence,
  executionWarningSentences,
  indicatorSentences,
  overviewSentences,
  placeholder,
  projectSentence,
  reportTitle,
  resultsSentence,
  scoreSentence,
} from './report-sentences';
import type { SelfEvaluation } from './self-evaluation';

function resultsTable(evaluation: SelfEvaluation): Table {
  const rate = percent;
  const d = evaluation.department;
  return officialTable([
    ['评价对象', '执行率', '得分', '等级'],
    ['部门整体支出', rate(d.executionRate), pointsText(d.score), d.grade ?? '—'],
    ...evaluation.projects
      .filter((p) => p.scored)
      .map((p) => [p.projectName, rate(p.executionRate), pointsText(p.score), p.grade ?? '—']),
  ]);
}

/** The three parts every 综述 closes with: the file's words where it has them, else a placeholder. */
function closingParagraphs(form: FormTexts, subject: string): Paragraph[] {
  return [
    officialParagraph(
      `${subject}绩效目标完成情况与效益主要是：${form.goalActual ?? placeholder(`${subject}绩效目标完成情况与效益`)}`,
    ),
    officialParagraph(
      `发现的问题及原因主要是：${form.problems ?? placeholder(`${subject}发现的问题及原因，逐条写明`)}`,
    ),
    officialParagraph(
      `下一步改进措施主要是：${form.measures ?? placeholder(`${subject}下一步改进措施，逐条写明`)}`,
    ),
  ];
}

/** 部门基本情况: what the data knows (the units), and places for 职能, 编制 and 实有人数. */
function basicsParagraphs(evaluation: SelfEvaluation): Paragraph[] {
  const d = evaluation.department;
  const subordinate = Math.max(0, d.unitCount - 1);
  return [
    officialHeading('（一）部门职能', 2),
    officialParagraph(placeholder('部门主要职能职责')),
    officialHeading('（二）机构及人员', 2),
    officialParagraph(
      `${evaluation.city.name}纳入本次自评的单位${d.unitCount}个（含下属单位${subordinate}个）：${d.units.join('、')}。` +
        `编制${placeholder('编制数')}人，实有人数${placeholder('实有人数')}人。`,
    ),
    officialHeading('（三）年度总体目标', 2),
    officialParagraph(d.form.goalExpected ?? placeholder('年度重点工作与部门整体绩效目标')),
  ];
}

export function selfEvaluationReportChildren(evaluation: SelfEvaluation): (Paragraph | Table)[] {
  const scored = evaluation.projects.filter((p) => p.scored);
  const d = evaluation.department;
  return [
    officialTitle(reportTitle(evaluation)),
    officialParagraph(
      '（本稿由预算执行分析系统根据上传的执行数据和绩效指标生成，数字均来自数据；标有【待填写】之处须由单位填写后方可报送。）',
      { indent: false },
    ),

    officialHeading('一、部门基本情况', 1),
    ...basicsParagraphs(evaluation),

    officialHeading('二、绩效管理工作总体情况', 1),
    ...overviewSentences(evaluation).map((text) => officialParagraph(text)),

    officialHeading('三、绩效自评结果', 1),
    officialParagraph(resultsSentence(evaluation)),
    resultsTable(evaluation),

    officialHeading('（一）部门整体支出绩效自评综述', 2),
    officialParagraph(`部门整体支出绩效自评综述：${departmentSentence(evaluation)}`),
    ...(d.score === null ? [] : indicatorSentences(d.indicators).map((text) => officialParagraph(text))),
    ...executionWarningSentences(evaluation, '部门整体').map((text) => officialParagraph(text)),
    ...closingParagraphs(d.form, '部门整体支出'),
    ...(evaluation.warnings.length === 0
      ? []
      : [
          officialParagraph('自评中需要说明的事项：'),
          ...evaluation.warnings.map((w) => officialParagraph(w.messageZh)),
        ]),

    ...scored.flatMap((project, index) => [
      officialHeading(`（${chineseNumber(index + 2)}）${project.projectName}项目绩效自评综述`, 2),
      officialParagraph(projectSentence(evaluation, project)),
      officialParagraph(scoreSentence(project.score, project.grade)),
      ...indicatorSentences(project.indicators).map((text) => officialParagraph(text)),
      ...executionWarningSentences(evaluation, project.projectCode).map((text) => officialParagraph(text)),
      ...closingParagraphs(project.form, '项目'),
    ]),
  ];
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1–99 in Chinese numerals, for 「（十二）」 section numbers. */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n] ?? String(n);
  if (n < 20) return `十${n % 10 === 0 ? '' : DIGITS[n % 10]}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 === 0 ? '' : DIGITS[n % 10]}`;
  return String(n);
}

export async function renderSelfEvaluationReport(evaluation: SelfEvaluation): Promise<Uint8Array> {
  return packOfficialDocument(
    officialDocument({
      title: reportTitle(evaluation),
      creator: evaluation.city.name,
      children: selfEvaluationReportChildren(evaluation),
    }),
  );
}
