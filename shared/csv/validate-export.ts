/**
 * `validateExport`: the one entry point that `budget validate`, the ingest Lambda and the local
 * runtime all call. Streams the input once; see `csv-record-reader.ts` for how bytes become
 * records and `export-validation.ts` for the rules applied to them.
 */
import type { ValidationResult } from '../domain-types';
import { CsvRecordReader } from './csv-record-reader';
import { ExportValidation } from './export-validation';
import { resolveValidateOptions, type ValidateOptions } from './validate-options';

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
): Promise<ValidationResult> {
  const resolved = resolveValidateOptions(options);
  const validation = new ExportValidation(resolved);
  const reader = new CsvRecordReader(resolved, validation);
  validation.onStop(() => reader.stop());

  for await (const chunk of input) {
    reader.push(chunk);
    // Leaving the loop calls the iterator's return(), which closes a file or S3 stream.
    if (reader.isStopped) break;
  }
  reader.end();
  return validation.finish(reader.bytesRead, reader.encoding);
}
