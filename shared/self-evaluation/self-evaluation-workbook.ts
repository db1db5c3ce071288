/**
 * `self-evaluation.xlsx`: the tables staff submit, one sheet per evaluated object — 自评结果汇总,
 * the 部门整体支出绩效自评表 and one 项目支出绩效自评表 per scored project — in the national
 * layout (财预〔2020〕10号 附件): heading rows (项目名称, 主管部门, 实施单位), the 项目资金（万元）
 * block, 年度总体目标, the indicator rows with a subtotal per 一级指标, 总分, 自评等级, then
 * 评价结论, 存在问题, 改进措施 and the signature row, blank where the data does not say.
 * A4 portrait, one page wide, the title rows repeated on every printed page.
 *
 * Amounts are numbers in 万元 holding every 分 (the exact decimal, shown with two places), rates
 * and points numbers, so the form can be summed and checked in Excel; the figures are those of
 * self-evaluation.json.
 */
import ExcelJS from 'exceljs';
import { wanDecimal, yuanToFen } from '../format';
import type { FormTextField } from './form-texts';
import { fundRows } from './fund-rows';
import { actualText, asOfLabel, targetText } from './indicator-display';
import { indicatorGroups, subtotalLabel } from './indicator-groups';
import { DEPARTMENT_SET_CODE } from './indicator-set';
import type {
  DepartmentEvaluation,
  ProjectEvaluation,
  SelfEvaluation,
  SelfEvaluationWarning,
} from './self-evaluation';

const WAN_FORMAT = '#,##0.00';
const RATE_FORMAT = '0.00%';
const POINTS_FORMAT = '0.00';
const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
/** A … I: block label, then the eight columns of the indicator table. */
const COLUMNS = 9;
/** Millimetres → inches (Excel's page margins). */
const mm = (value: number): number => Math.round((value / 25.4) * 1000) / 1000;

/** A yuan string of the model as a cell number in 万元, every 分 kept ("46233300.00" → 4623.33). */
export const wanNumber = (yuan: string | null): number | null =>
  yuan === null ? null : Number(wanDecimal(yuanToFen(yuan)));

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const clean = wanted.replace(/[:\\/?*[\]]/g, '_').slice(0, 31);
  let name = clean;
  for (let n = 2; taken.has(name); n++) name = `${clean.slice(0, 31 - String(n).length - 1)}_${n}`;
  taken.add(name);
  return name;
}

type Cell = string | number | null;

/** Writes `values` from column 1, merges the given [from, to] spans, borders every cell. */
class FormWriter {
  constructor(private readonly sheet: ExcelJS.Worksheet) {}

  row(values: Cell[], merges: [number, number][] = [], options: { header?: boolean } = {}): ExcelJS.Row {
    const row = this.sheet.addRow(values);
    for (const [from, to] of merges) if (to > from) this.sheet.mergeCells(row.number, from, row.number, to);
    for (let c = 1; c <= COLUMNS; c++) {
      const cell = row.getCell(c);
      cell.border = BORDER;
      cell.alignment = {
        vertical: 'middle',
        wrapText: true,
        horizontal: options.header ? 'center' : undefined,
      };
      if (options.header) {
        cell.font = { bold: true };
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F4F6' } };
      }
    }
    return row;
  }

  /** A block label in column A spanning rows `from`…`to`. */
  label(text: string, from: number, to: number): void {
    if (to > from) this.sheet.mergeCells(from, 1, to, 1);
    const cell = this.sheet.getCell(from, 1);
    cell.value = text;
    cell.font = { bold: true };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  }

  get next(): number {
    return this.sheet.rowCount + 1;
  }
}

function formatCells(row: ExcelJS.Row, formats: Record<number, string>): void {
  for (const [column, format] of Object.entries(formats)) row.getCell(Number(column)).numFmt = format;
}

/** 实施单位 as the form's cell holds it: every unit, 、-separated. */
const unitsText = (units: readonly string[]): string => units.join('、');

function formSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  evaluation: SelfEvaluation,
  block: DepartmentEvaluation | ProjectEvaluation,
  heading: { title: string; nameLabel: string; name: string },
  warnings: readonly SelfEvaluationWarning[],
): void {
  const sheet = workbook.addWorksheet(name, {
    pageSetup: {
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { top: mm(20), bottom: mm(20), left: mm(15), right: mm(15), header: mm(8), footer: mm(8) },
      printTitlesRow: '1:2',
    },
  });
  sheet.columns = [12, 12, 12, 22, 14, 14, 9, 9, 24].map((width) => ({ width }));
  const form = new FormWriter(sheet);
  const asOf = asOfLabel(evaluation.asOf);

  sheet.mergeCells(1, 1, 1, COLUMNS);
  const titleCell = sheet.getCell(1, 1);
  titleCell.value = heading.title;
  titleCell.font = { bold: true, size: 16 };
  titleCell.alignment = { horizontal: 'center' };
  sheet.mergeCells(2, 1, 2, COLUMNS);
  const yearCell = sheet.getCell(2, 1);
  yearCell.value = `（${evaluation.year}年度${asOf.zh === '' ? '' : `，${asOf.zh}`}）`;
  yearCell.alignment = { horizontal: 'center' };

  // Heading rows.
  form.row([heading.nameLabel, heading.name], [[2, COLUMNS]]);
  form.row(
    ['主管部门', evaluation.competentDepartment, null, null, '实施单位', unitsText(block.units)],
    [
      [2, 4],
      [6, COLUMNS],
    ],
  );

  // 项目资金（万元）.
  const fundsFrom = form.next;
  form.row([null, null, null, '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'], [[2, 3]], {
    header: true,
  });
  formatCells(
    form.row(
      [
        null,
        '年度资金总额',
        null,
        wanNumber(block.budgetInitial),
        wanNumber(block.budget),
        wanNumber(block.spentToDate),
        evaluation.executionWeight,
        block.executionRate,
        block.executionPoints,
      ],
      [[2, 3]],
    ),
    { 4: WAN_FORMAT, 5: WAN_FORMAT, 6: WAN_FORMAT, 7: POINTS_FORMAT, 8: RATE_FORMAT, 9: POINTS_FORMAT },
  );
  for (const f of fundRows(block)) {
    formatCells(
      form.row(
        [
          null,
          f.label.zh,
          null,
          wanNumber(f.budgetInitial),
          wanNumber(f.budget),
          wanNumber(f.spentToDate),
          '—',
          f.executionRate,
          '—',
        ],
        [[2, 3]],
      ),
      { 4: WAN_FORMAT, 5: WAN_FORMAT, 6: WAN_FORMAT, 8: RATE_FORMAT },
    );
  }
  form.label('项目资金（万元）', fundsFrom, form.next - 1);

  // 年度总体目标.
  const goalFrom = form.next;
  form.row(
    [null, '预期目标', null, null, null, '实际完成情况'],
    [
      [2, 5],
      [6, COLUMNS],
    ],
    { header: true },
  );
  const goal = form.row(
    [null, block.form.goalExpected, null, null, null, block.form.goalActual],
    [
      [2, 5],
      [6, COLUMNS],
    ],
  );
  goal.height = 48;
  form.label('年度总体目标', goalFrom, form.next - 1);

  // 绩效指标, a subtotal after each 一级指标.
  const indicatorsFrom = form.next;
  form.row(
    [
      null,
      '一级指标',
      '二级指标',
      '三级指标',
      '年度指标值',
      '实际完成值',
      '分值',
      '得分',
      '偏差原因分析及改进措施',
    ],
    [],
    { header: true },
  );
  for (const group of indicatorGroups(block.indicators)) {
    for (const i of group.indicators) {
      formatCells(
        form.row([
          null,
          i.level1,
          i.level2,
          i.indicator,
          targetText(i),
          actualText(i),
          i.weight,
          i.points,
          i.reason ?? (i.met ? null : '【需说明偏差原因】'),
        ]),
        { 7: POINTS_FORMAT, 8: POINTS_FORMAT },
      );
    }
    const subtotal = form.row(
      [null, subtotalLabel(group.level1), null, null, null, null, group.weight, group.points],
      [[2, 6]],
    );
    subtotal.font = { bold: true };
    formatCells(subtotal, { 7: POINTS_FORMAT, 8: POINTS_FORMAT });
  }
  form.label('绩效指标', indicatorsFrom, form.next - 1);

  // 总分, 自评等级, the conclusions and the signatures.
  const total = form.row(['总分', null, null, null, null, null, 100, block.score, null], [[1, 6]], {
    header: true,
  });
  formatCells(total, { 7: POINTS_FORMAT, 8: POINTS_FORMAT });
  form.row(
    ['自评等级', null, null, null, null, null, block.grade],
    [
      [1, 6],
      [7, COLUMNS],
    ],
  );
  const text = (field: FormTextField) => block.form[field];
  for (const [label, field] of [
    ['评价结论', 'conclusion'],
    ['存在问题', 'problems'],
    ['改进措施', 'measures'],
  ] as const) {
    form.row([label, text(field)], [[2, COLUMNS]]).height = 36;
  }
  form.row(
    [
      '项目负责人',
      text('projectLead'),
      null,
      '财务负责人',
      text('financeLead'),
      '填报人',
      text('preparer'),
      '填报日期',
      text('preparedOn'),
    ],
    [[2, 3]],
  );

  // Notes: what the form departs from or still needs (the weights rule, reasons to give).
  for (const w of warnings) {
    const row = sheet.addRow([`注：${w.messageZh}`]);
    sheet.mergeCells(row.number, 1, row.number, COLUMNS);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(1).font = { color: { argb: 'FF8A1C1C' } };
    row.height = 30;
  }
}

function summarySheet(workbook: ExcelJS.Workbook, name: string, evaluation: SelfEvaluation): void {
  const sheet = workbook.addWorksheet(name, {
    pageSetup: {
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:2',
    },
  });
  sheet.columns = [24, 18, 16, 16, 10, 10, 10].map((width) => ({ width }));
  sheet.mergeCells(1, 1, 1, 7);
  const title = sheet.getCell(1, 1);
  const asOf = asOfLabel(evaluation.asOf);
  title.value = `${evaluation.city.name}${evaluation.year}年度绩效自评结果汇总${asOf.zh === '' ? '' : `（${asOf.zh}）`}`;
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center' };
  const head = sheet.addRow([
    '评价对象',
    '项目编码',
    '全年预算数（万元）',
    '全年执行数（万元）',
    '执行率',
    '得分',
    '自评等级',
  ]);
  for (let c = 1; c <= 7; c++) {
    const cell = head.getCell(c);
    cell.border = BORDER;
    cell.font = { bold: true };
  }
  const d = evaluation.department;
  const rows: Cell[][] = [
    [
      '部门整体支出',
      '部门整体',
      wanNumber(d.budget),
      wanNumber(d.spentToDate),
      d.executionRate,
      d.score,
      d.grade,
    ],
    ...evaluation.projects
      .filter((p) => p.scored)
      .map((p) => [
        p.projectName,
        p.projectCode,
        wanNumber(p.budget),
        wanNumber(p.spentToDate),
        p.executionRate,
        p.score,
        p.grade,
      ]),
  ];
  for (const values of rows) {
    const row = sheet.addRow(values);
    for (let c = 1; c <= 7; c++) row.getCell(c).border = BORDER;
    formatCells(row, { 3: WAN_FORMAT, 4: WAN_FORMAT, 5: RATE_FORMAT, 6: POINTS_FORMAT });
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
    evaluation,
    evaluation.department,
    { title: '部门整体支出绩效自评表', nameLabel: '部门名称', name: evaluation.city.name },
    evaluation.warnings.filter((w) => w.projectCode === DEPARTMENT_SET_CODE),
  );
  for (const project of evaluation.projects.filter((p) => p.scored)) {
    formSheet(
      workbook,
      sheetName(project.projectName, taken),
      evaluation,
      project,
      { title: '项目支出绩效自评表', nameLabel: '项目名称', name: project.projectName },
      project.warnings,
    );
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
