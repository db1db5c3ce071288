/**
 * `validateIndicators`: the one entry point for indicator files, called by `budget validate`,
 * the ingest function and the local runtime. Reads bytes with the export's record reader
 * (same encodings, limits and syntax rules), so the two kinds of upload read alike.
 */
import { CsvRecordReader } from '../csv/csv-record-reader';
import { resolveValidateOptions, type ValidateOptions } from '../csv/validate-options';
import { IndicatorValidation, type IndicatorValidationResult } from './indicator-validation';

export interface ValidateIndicatorsOptions extends ValidateOptions {
  /** The city's `scoreWeight`: the 预算执行情况 points that complete each set to 100. */
  executionWeight: number;
}

export const DEFAULT_EXECUTION_WEIGHT = 10;

export async function validateIndicators(
  input: AsyncIterable<Uint8Array>,
  options?: Partial<ValidateIndicatorsOptions>,
): Promise<IndicatorValidationResult> {
  const resolved = resolveValidateOptions(options);
  const validation = new IndicatorValidation(resolved, options?.executionWeight ?? DEFAULT_EXECUTION_WEIGHT);
  const reader = new CsvRecordReader(resolved, validation);
  validation.onStop(() => reader.stop());
  for await (const chunk of input) {
    reader.push(chunk);
    if (reader.isStopped) break;
  }
  reader.end();
  return validation.finish(reader.bytesRead, reader.encoding);
}
