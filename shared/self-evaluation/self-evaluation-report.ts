/**
 * `report.docx`: a draft 绩效自评报告 in the seed report's structure — 绩效管理工作总体情况,
 * 绩效自评结果, 部门整体支出绩效自评综述, each scored project's 绩效自评综述, 发现的问题及原因,
 * 下一步改进措施 — with every figure filled from the model and highlighted placeholders
 * 【待填写：…】 for what only people can write. Written with the `docx` library.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { formatPercent } from '../report/format-percent';
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

const PLACEHOLDER = /(【待填写：[^】]*】)/;

/** A paragraph whose placeholders are highlighted, so nobody submits them by mistake. */
function paragraph(text: string, options: { indent?: boolean } = {}): Paragraph {
  const runs = text
    .split(PLACEHOLDER)
    .filter((part) => part !== '')
    .map((part) =>
      PLACEHOLDER.test(part)
        ? new TextRun({ text: part, highlight: 'yellow', bold: true })
        : new TextRun(part),
    );
  return new Paragraph({ children: runs, indent: options.indent === false ? undefined : { firstLine: 560 } });
}

const heading = (
  text: string,
  level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1,
) => new Paragraph({ heading: level, children: [new TextRun(text)] });

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER };

function table(rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (cells, r) =>
        new TableRow({
          tableHeader: r === 0,
          children: cells.map(
            (text) =>
              new TableCell({
                borders: BORDERS,
                children: [new Paragraph({ children: [new TextRun({ text, bold: r === 0 })] })],
              }),
          ),
        }),
    ),
  });
}

function resultsTable(evaluation: SelfEvaluation): Table {
  const rate = (r: number | null) => (r === null ? '—' : formatPercent(r));
  const d = evaluation.department;
  return table([
    ['评价对象', '执行率', '得分', '等级'],
    ['部门整体支出', rate(d.executionRate), pointsText(d.score), d.grade ?? '—'],
    ...evaluation.projects
      .filter((p) => p.scored)
      .map((p) => [p.projectName, rate(p.executionRate), pointsText(p.score), p.grade ?? '—']),
  ]);
}

export function selfEvaluationReportDocument(evaluation: SelfEvaluation): Document {
  const scored = evaluation.projects.filter((p) => p.scored);
  const d = evaluation.department;
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [new TextRun(reportTitle(evaluation))],
    }),
    paragraph(
      '（本稿由预算执行分析系统根据上传的执行数据和绩效指标生成，数字均来自数据；标有【待填写】之处须由单位填写后方可报送。）',
      { indent: false },
    ),

    heading('一、绩效管理工作总体情况'),
    ...overviewSentences(evaluation).map((text) => paragraph(text)),

    heading('二、绩效自评结果'),
    paragraph(resultsSentence(evaluation)),
    resultsTable(evaluation),

    heading('（一）部门整体支出绩效自评综述', HeadingLevel.HEADING_2),
    paragraph(`部门整体支出绩效自评综述：${departmentSentence(evaluation)}`),
    ...(d.score === null ? [] : indicatorSentences(d.indicators).map((text) => paragraph(text))),
    ...executionWarningSentences(evaluation, '部门整体').map((text) => paragraph(text)),
    paragraph(
      `部门整体支出绩效目标完成情况与效益主要是：${placeholder('部门整体支出绩效目标完成情况与效益')}`,
    ),

    ...scored.flatMap((project, index) => [
      heading(
        `（${chineseNumber(index + 2)}）${project.projectName}项目绩效自评综述`,
        HeadingLevel.HEADING_2,
      ),
      paragraph(projectSentence(evaluation, project)),
      paragraph(scoreSentence(project.score, project.grade)),
      ...indicatorSentences(project.indicators).map((text) => paragraph(text)),
      ...executionWarningSentences(evaluation, project.projectCode).map((text) => paragraph(text)),
      paragraph(`项目绩效目标完成情况与效益主要是：${placeholder('项目绩效目标完成情况与效益')}`),
      paragraph(`发现的问题及原因主要是：${placeholder('项目发现的问题及原因')}`),
      paragraph(`下一步改进措施：${placeholder('项目下一步改进措施')}`),
    ]),

    heading('三、发现的问题及原因'),
    ...(evaluation.warnings.length === 0
      ? []
      : [
          paragraph('自评中需要说明偏差原因的事项：'),
          ...evaluation.warnings.map((w) => paragraph(w.messageZh)),
        ]),
    paragraph(`发现的问题及原因主要是${placeholder('问题及原因，逐条写明')}`),

    heading('四、下一步改进措施'),
    paragraph(`下一步改进措施主要是${placeholder('改进措施，逐条写明')}`),
  ];

  return new Document({
    creator: evaluation.city.name,
    title: reportTitle(evaluation),
    styles: {
      default: { document: { run: { font: { eastAsia: 'SimSun', ascii: 'Times New Roman' }, size: 28 } } },
    },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 } } }, children }],
  });
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
  return new Uint8Array(await Packer.toBuffer(selfEvaluationReportDocument(evaluation)));
}
