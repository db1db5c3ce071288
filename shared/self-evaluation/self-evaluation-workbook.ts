/**
 * `self-evaluation.xlsx`: the tables staff submit, one sheet per table — 自评结果汇总, the
 * 部门整体支出绩效自评表 and one 项目支出绩效自评表 per scored project — laid out as the forms
 * are. Amounts, rates and points are numbers (yuan with two places, rates as percentages), so
 * the workbook can be summed and checked in Excel; the figures are those of self-evaluation.json.
 */
import ExcelJS from 'exceljs';
import { actualText, asOfLabel, targetText } from './indicator-display';
import type { DepartmentEvaluation, ProjectEvaluation, SelfEvaluation } from './self-evaluation';

const YUAN_FORMAT = '#,##0.00';
const RATE_FORMAT = '0.00%';
const POINTS_FORMAT = '0.00';
const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const COLUMNS = 8;

/** A yuan string of the model as a spreadsheet number ("46233300.00" → 46233300). */
const money = (yuan: string | null): number | null => (yuan === null ? null : Number(yuan));

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const clean = wanted.replace(/[:\\/?*[\]]/g, '_').slice(0, 31);
  let name = clean;
  for (let n = 2; taken.has(name); n++) name = `${clean.slice(0, 31 - String(n).length - 1)}_${n}`;
  taken.add(name);
  return name;
}

function styleRow(row: ExcelJS.Row, from: number, to: number, header = false): void {
  for (let c = from; c <= to; c++) {
    const cell = row.getCell(c);
    cell.border = BORDER;
    cell.alignment = { vertical: 'middle', wrapText: true };
    if (header) {
      cell.font = { bold: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F4F6' } };
    }
  }
}

function formSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  title: string,
  evaluation: SelfEvaluation,
  block: DepartmentEvaluation | ProjectEvaluation,
  identity: [string, string, string, string],
): void {
  const sheet = workbook.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = [14, 14, 24, 16, 16, 10, 10, 24].map((width) => ({ width }));
  const asOf = asOfLabel(evaluation.asOf);

  sheet.mergeCells(1, 1, 1, COLUMNS);
  const titleCell = sheet.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { bold: true, size: 16 };
  titleCell.alignment = { horizontal: 'center' };
  sheet.mergeCells(2, 1, 2, COLUMNS);
  const yearCell = sheet.getCell(2, 1);
  yearCell.value = `（${evaluation.year}年度${asOf.zh === '' ? '' : `，${asOf.zh}`}）`;
  yearCell.alignment = { horizontal: 'center' };

  const id = sheet.addRow([identity[0], identity[1], '', '', identity[2], identity[3]]);
  sheet.mergeCells(id.number, 2, id.number, 4);
  sheet.mergeCells(id.number, 6, id.number, COLUMNS);
  styleRow(id, 1, COLUMNS);

  const head = sheet.addRow([
    '预算执行情况（元）',
    '年初预算数',
    '全年预算数',
    '全年执行数',
    '分值',
    '执行率',
    '得分',
  ]);
  styleRow(head, 1, 7, true);
  const total = sheet.addRow([
    '年度资金总额',
    money(block.budgetInitial),
    money(block.budget),
    money(block.spentToDate),
    evaluation.executionWeight,
    block.executionRate,
    block.executionPoints,
  ]);
  styleRow(total, 1, 7);
  for (const f of block.byFundType) {
    const row = sheet.addRow([
      `其中：${f.fundType}`,
      money(f.budgetInitial),
      money(f.budget),
      money(f.spentToDate),
      null,
      f.executionRate,
      null,
    ]);
    styleRow(row, 1, 7);
  }
  for (let r = head.number + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    for (const c of [2, 3, 4]) row.getCell(c).numFmt = YUAN_FORMAT;
    row.getCell(5).numFmt = POINTS_FORMAT;
    row.getCell(6).numFmt = RATE_FORMAT;
    row.getCell(7).numFmt = POINTS_FORMAT;
  }

  sheet.addRow([]);
  const indicatorHead = sheet.addRow([
    '一级指标',
    '二级指标',
    '三级指标',
    '年度指标值',
    '实际完成值',
    '分值',
    '得分',
    '偏差原因',
  ]);
  styleRow(indicatorHead, 1, COLUMNS, true);
  for (const i of block.indicators) {
    const row = sheet.addRow([
      i.level1,
      i.level2,
      i.indicator,
      targetText(i),
      actualText(i),
      i.weight,
      i.points,
      i.reason ?? (i.met ? '' : '【需说明偏差原因】'),
    ]);
    styleRow(row, 1, COLUMNS);
    row.getCell(6).numFmt = POINTS_FORMAT;
    row.getCell(7).numFmt = POINTS_FORMAT;
  }
  const sum = sheet.addRow([
    '总分',
    '',
    `含预算执行情况${evaluation.executionWeight}分`,
    '',
    '',
    100,
    block.score,
    `等级：${block.grade ?? '—'}`,
  ]);
  styleRow(sum, 1, COLUMNS, true);
  sum.getCell(6).numFmt = POINTS_FORMAT;
  sum.getCell(7).numFmt = POINTS_FORMAT;
}

function summarySheet(workbook: ExcelJS.Workbook, name: string, evaluation: SelfEvaluation): void {
  const sheet = workbook.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true },
  });
  sheet.columns = [24, 18, 16, 16, 10, 10, 10].map((width) => ({ width }));
  sheet.mergeCells(1, 1, 1, 7);
  const title = sheet.getCell(1, 1);
  const asOf = asOfLabel(evaluation.asOf);
  title.value = `${evaluation.city.name}${evaluation.year}年度绩效自评结果汇总${asOf.zh === '' ? '' : `（${asOf.zh}）`}`;
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center' };
  styleRow(
    sheet.addRow(['评价对象', '项目编码', '全年预算数（元）', '全年执行数（元）', '执行率', '得分', '等级']),
    1,
    7,
    true,
  );
  const d = evaluation.department;
  const rows: (string | number | null)[][] = [
    ['部门整体支出', '部门整体', money(d.budget), money(d.spentToDate), d.executionRate, d.score, d.grade],
    ...evaluation.projects
      .filter((p) => p.scored)
      .map((p) => [
        p.projectName,
        p.projectCode,
        money(p.budget),
        money(p.spentToDate),
        p.executionRate,
        p.score,
        p.grade,
      ]),
  ];
  for (const values of rows) {
    const row = sheet.addRow(values);
    styleRow(row, 1, 7);
    row.getCell(3).numFmt = YUAN_FORMAT;
    row.getCell(4).numFmt = YUAN_FORMAT;
    row.getCell(5).numFmt = RATE_FORMAT;
    row.getCell(6).numFmt = POINTS_FORMAT;
  }
  if (evaluation.warnings.length > 0) {
    sheet.addRow([]);
    sheet.addRow(['需要说明的事项']).getCell(1).font = { bold: true };
    for (const w of evaluation.warnings) sheet.addRow([w.messageZh]);
  }
}

export const SUMMARY_SHEET = '自评结果汇总';
export const DEPARTMENT_SHEET = '部门整体支出绩效自评表';

/** The workbook's bytes. `generatedAt` dates the file's properties, so the same input gives the same metadata. */
export async function renderSelfEvaluationWorkbook(
  evaluation: SelfEvaluation,
  generatedAt: string,
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = evaluation.city.name;
  workbook.title = `${evaluation.year}年度绩效自评表`;
  workbook.created = new Date(generatedAt);
  workbook.modified = new Date(generatedAt);
  const taken = new Set<string>();
  summarySheet(workbook, sheetName(SUMMARY_SHEET, taken), evaluation);
  formSheet(
    workbook,
    sheetName(DEPARTMENT_SHEET, taken),
    '部门整体支出绩效自评表',
    evaluation,
    evaluation.department,
    ['部门名称', evaluation.city.name, '评价年度', String(evaluation.year)],
  );
  for (const project of evaluation.projects.filter((p) => p.scored)) {
    formSheet(workbook, sheetName(project.projectName, taken), '项目支出绩效自评表', evaluation, project, [
      '项目名称',
      project.projectName,
      '项目编码',
      project.projectCode,
    ]);
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
