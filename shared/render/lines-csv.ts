/**
 * `reports/<YYYY-MM>/lines.csv`: the period's group lines for Excel. The headers are the ones
 * the upload contract accepts, so a downloaded file reads like an export.
 */
import type { PeriodReport } from '../report/period-report';
import { csvDocument, numberCell, textCell } from './csv-cell';
import { FLAG_LABELS } from './labels';

const HEADER = [
  '年度',
  '月份',
  '单位编码',
  '单位名称',
  '项目编码',
  '项目名称',
  '项目级次',
  '资金性质',
  '功能科目编码',
  '全年预算数',
  '本月支出',
  '累计支出',
  '执行率(%)',
  '滞后(百分点)',
  '标记',
  '明细行数',
  '来源文件',
];

/** A 4-decimal fraction as a percentage number with two decimals: 0.9876 → "98.76". */
function percentNumber(rate: number | null): string {
  if (rate === null) return '';
  return (Math.round(rate * 10_000) / 100).toFixed(2);
}

export function renderLinesCsv(report: PeriodReport): string {
  // 年初预算数 only when the period's exports state it, just before the (adjusted) budget.
  const withInitial = report.lines.some((line) => line.budgetInitial !== undefined);
  const at = HEADER.indexOf('全年预算数');
  const header = withInitial ? [...HEADER.slice(0, at), '年初预算数', ...HEADER.slice(at)] : HEADER;
  const rows = report.lines.map((line) => [
    numberCell(report.period.year),
    numberCell(report.period.month),
    textCell(line.unitCode),
    textCell(line.unitName),
    textCell(line.projectCode),
    textCell(line.projectName),
    textCell(line.projectLevel),
    textCell(line.fundType),
    textCell(line.functionCodes.join(';')),
    ...(withInitial ? [line.budgetInitial === undefined ? '' : numberCell(line.budgetInitial)] : []),
    numberCell(line.budget),
    numberCell(line.spentThisMonth),
    numberCell(line.spentToDate),
    line.executionRate === null ? '' : numberCell(percentNumber(line.executionRate)),
    line.lag === null ? '' : numberCell(percentNumber(line.lag)),
    textCell(line.flags.map((flag) => FLAG_LABELS[flag].zh).join(';')),
    numberCell(line.lineCount),
    textCell(line.sourceKey),
  ]);
  return csvDocument(header, rows);
}
