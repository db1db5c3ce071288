/**
 * `validateExport`: the one entry point that `budget validate`, the ingest Lambda and the local
 * runtime all call. Streams the input once through the record source of its format (see
 * `record-source.ts`) into the format-neutral rules of `export-validation.ts`.
 */
import { readCsvRecords } from '../csv/read-csv-records';
import type { ValidationResult } from '../domain-types';
import { workbookRecordSource } from '../xlsx/read-workbook-records';
import type { ColumnMapping } from './export-fields';
import { ExportValidation } from './export-validation';
import { type HeaderContext, looksLikeExportHeader } from './header-detection';
import type { RecordSource } from './record-source';
import { resolveValidateOptions, type ValidateOptions } from './validate-options';

/** The formats an export may come in; which one a file is, is decided from its name upstream. */
export type ExportFormat = 'csv' | 'xlsx';

/** How to read one export: its format, its name (a period may be in it), a city's own headers. */
export interface ExportReading {
  /** Default `csv`. */
  format?: ExportFormat;
  /** The file name or object key: the last place the period may be stated (`2021-12.xlsx`). */
  fileName?: string;
  /** A city's own header texts per field (city settings `columns`, `--columns`). */
  columns?: ColumnMapping;
}

/**
 * Validates and aggregates one monthly export. Bad input never throws: it is reported in
 * `errors`. Only a failure of the input stream itself (an I/O error) propagates.
 *
 * Stops reading early (and so releases the stream) on a fatal problem: a workbook or binary
 * file, an oversized file/record/field, or a header that cannot be used.
 */
export async function validateExport(
  input: AsyncIterable<Uint8Array>,
  options?: Partial<ValidateOptions>,
  reading: ExportReading = {},
): Promise<ValidationResult> {
  const context: HeaderContext = {};
  if (reading.fileName !== undefined) context.fileName = reading.fileName;
  if (reading.columns !== undefined) context.mapping = reading.columns;
  if (reading.format === 'xlsx') {
    const isHeaderRow = exportHeaderRow(reading.columns);
    // Worksheet rows: cells are named (`G12`) and a row is as wide as the header.
    return validateWithSource(input, workbookRecordSource({ isHeaderRow }), options, { grid: true, context });
  }
  return validateWithSource(input, readCsvRecords, options, { grid: false, context });
}

/** Which worksheet row is an export's header (a sheet without one is not the data sheet). */
export function exportHeaderRow(columns: ColumnMapping | undefined): (cells: readonly string[]) => boolean {
  return (cells) => looksLikeExportHeader(cells, columns);
}

/** `validateExport` with a given record source (tests compare sources of the same format). */
export async function validateWithSource(
  input: AsyncIterable<Uint8Array>,
  source: RecordSource,
  options?: Partial<ValidateOptions>,
  how: { grid?: boolean; context?: HeaderContext } = {},
): Promise<ValidationResult> {
  const resolved = resolveValidateOptions(options);
  const validation = new ExportValidation(resolved, how.grid ?? false, how.context ?? {});
  const summary = await source(input, validation, resolved);
  return validation.finish(summary);
}
