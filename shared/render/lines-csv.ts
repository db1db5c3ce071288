/**
 * `reports/<YYYY-MM>/lines.csv`: the period's group lines for Excel. The headers are the ones
 * the upload contract accepts, so a downloaded file reads like an export; its carried columns
 * follow the field table (shared/export/export-fields.ts). Render writes it as a stream: the
 * head once it knows which optional columns the period has (from each source's first line),
 * then a row per line as the lines go past.
 */
import { classificationOf, nameOfCode } from '../classification/classifications';
import type { Period } from '../domain-types';
import {
  CSV_FIELDS,
  type CsvField,
  EXPORT_FIELDS,
  type FieldSpec,
  listProperty,
} from '../export/export-fields';
import type { PeriodReport, ReportLine } from '../report/period-report';
import { csvHead, csvRecord, numberCell, textCell } from './csv-cell';
import { FLAG_LABELS } from './labels';

/** A column of lines.csv: its header and its cell of a line. */
export interface CsvColumn {
  header: string;
  cell: (line: ReportLine, period: Period) => string;
}

/**
 * The carried columns, in the field table's order, headed by the field's own contract header;
 * an optional column (年初预算数, a code list or names that only some exports have) only when
 * a line of the period has it (`has`: every line of an export that has the column carries it).
 */
function carriedColumns(has: (property: string) => boolean): CsvColumn[] {
  return CSV_FIELDS.flatMap((field): CsvColumn[] => {
    const spec: FieldSpec = EXPORT_FIELDS[field];
    const header = spec.zh;
    const value = (line: ReportLine, property: string) =>
      (line as unknown as Record<string, unknown>)[property];
    switch (spec.line) {
      case 'none':
        return [{ header, cell: (_, period) => numberCell(field === 'year' ? period.year : period.month) }];
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

/** The columns of a period's lines.csv, given which optional properties its lines carry. */
export function linesCsvColumns(has: (property: string) => boolean): CsvColumn[] {
  return [...carriedColumns(has), ...REPORT_COLUMNS];
}

/** The BOM and the header record, written before the rows stream. */
export function linesCsvHead(columns: readonly CsvColumn[]): string {
  return csvHead(columns.map((column) => column.header));
}

export function linesCsvRow(columns: readonly CsvColumn[], line: ReportLine, period: Period): string {
  return csvRecord(columns.map((column) => column.cell(line, period)));
}

/** Whether any of `lines` carries `property`. */
export const carries =
  (lines: readonly ReportLine[]) =>
  (property: string): boolean =>
    lines.some((line) => (line as unknown as Record<string, unknown>)[property] !== undefined);

/** The whole file of a period held in memory. */
export function renderLinesCsv(report: PeriodReport): string {
  const columns = linesCsvColumns(carries(report.lines));
  return (
    linesCsvHead(columns) + report.lines.map((line) => linesCsvRow(columns, line, report.period)).join('')
  );
}
