/**
 * `validateExport`: the one entry point that `budget validate`, the ingest Lambda and the local
 * runtime all call. Streams the input once through the record source of its format (see
 * `record-source.ts`) into the format-neutral rules of `export-validation.ts`.
 */
import { readCsvRecords } from '../csv/read-csv-records';
import type { ValidationResult } from '../domain-types';
import { ExportValidation } from './export-validation';
import type { RecordSource } from './record-source';
import { resolveValidateOptions, type ValidateOptions } from './validate-options';

/** The formats an export may come in; which one a file is, is decided from its name upstream. */
export type ExportFormat = 'csv';

const SOURCES: Record<ExportFormat, RecordSource> = {
  csv: readCsvRecords,
};

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
  format: ExportFormat = 'csv',
): Promise<ValidationResult> {
  return validateWithSource(input, SOURCES[format], options);
}

/** `validateExport` with a given record source (tests compare sources of the same format). */
export async function validateWithSource(
  input: AsyncIterable<Uint8Array>,
  source: RecordSource,
  options?: Partial<ValidateOptions>,
): Promise<ValidationResult> {
  const resolved = resolveValidateOptions(options);
  const validation = new ExportValidation(resolved);
  const summary = await source(input, validation, resolved);
  return validation.finish(summary);
}
