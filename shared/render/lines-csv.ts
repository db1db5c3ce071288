/**
 * `reports/<YYYY-MM>/lines.csv`: the period's group lines for Excel. The headers are the ones
 * the upload contract accepts, so a downloaded file reads like an export; its carried columns
 * follow the field table (shared/export/export-fields.ts).
 */
import { classificationOf, nameOfCode } from '../classification/classifications';
import {
  CSV_FIELDS,
  type CsvField,
  EXPORT_FIELDS,
  type FieldSpec,
  listProperty,
} from '../export/export-fields';
import type { PeriodReport, ReportLine } from '../report/period-report';
import { csvDocument, numberCell, textCell } from './csv-cell';
import { FLAG_LABELS } from './labels';

/** A column of lines.csv: its header and its cell of a line. */
interface CsvColumn {
  header: string;
  cell: (line: ReportLine, report: PeriodReport) => string;
}

/**
 * The carried columns, in the field table's order, headed by the field's own contract header;
 * an optional column (年初预算数, a code list or names that only some exports have) only when
 * a line of the period has it.
 */
function carriedColumns(report: PeriodReport): CsvColumn[] {
  const has = (property: string) =>
    report.lines.some((line) => (line as unknown as Record<string, unknown>)[property] !== undefined);
  return CSV_FIELDS.flatMap((field): CsvColumn[] => {
    const spec: FieldSpec = EXPORT_FIELDS[field];
    const header = spec.zh;
    const value = (line: ReportLine, property: string) =>
      (line as unknown as Record<string, unknown>)[property];
    switch (spec.line) {
      case 'none':
        return [{ header, cell: (_, r) => numberCell(field === 'year' ? r.period.year : r.period.month) }];
      case 'key':
      case 'first':
        return [{ header, cell: (line) => textCell(String(value(line, field))) }];
      case 'codes': {
        const property = listProperty(field);
        if (spec.whenPresent === true && !has(property)) return [];
        return [
          {
            header,
            cell: (line) => textCell(((value(line, property) as string[] | undefined) ?? []).join(';')),
          },
        ];
      }
      case 'names': {
        // The names of the line's codes: the export's, else the bundled classification's.
        const codesField = spec.namesOf as CsvField;
        const codes = listProperty(codesField);
        const classification = classificationOf(codesField);
        if (!has(codes) || classification === undefined) return [];
        const property = listProperty(field);
        return [
          {
            header,
            cell: (line) => {
              const names = value(line, property) as Record<string, string> | undefined;
              const list = (value(line, codes) as string[] | undefined) ?? [];
              return textCell(list.map((code) => nameOfCode(classification, code, names) ?? '').join(';'));
            },
          },
        ];
      }
      case 'amount': {
        if (field === 'budgetInitial' && !has('budgetInitial')) return [];
        return [
          {
            header,
            cell: (line) => {
              const amount = value(line, field) as string | undefined;
              return amount === undefined ? '' : numberCell(amount);
            },
          },
        ];
      }
      default:
        return [];
    }
  });
}

const REPORT_COLUMNS: CsvColumn[] = [
  {
    header: '执行率(%)',
    cell: (line) => (line.executionRate === null ? '' : numberCell(percentNumber(line.executionRate))),
  },
  { header: '滞后(百分点)', cell: (line) => (line.lag === null ? '' : numberCell(percentNumber(line.lag))) },
  { header: '标记', cell: (line) => textCell(line.flags.map((flag) => FLAG_LABELS[flag].zh).join(';')) },
  { header: '明细行数', cell: (line) => numberCell(line.lineCount) },
  { header: '来源文件', cell: (line) => textCell(line.sourceKey) },
];

/** A 4-decimal fraction as a percentage number with two decimals: 0.9876 → "98.76". */
function percentNumber(rate: number | null): string {
  if (rate === null) return '';
  return (Math.round(rate * 10_000) / 100).toFixed(2);
}

export function renderLinesCsv(report: PeriodReport): string {
  const columns = [...carriedColumns(report), ...REPORT_COLUMNS];
  return csvDocument(
    columns.map((column) => column.header),
    report.lines.map((line) => columns.map((column) => column.cell(line, report))),
  );
}
