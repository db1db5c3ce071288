/**
 * `validateIndicators`: the one entry point for indicator files, called by `budget validate`,
 * the ingest function and the local runtime. Reads bytes with the export's record reader
 * (same encodings, limits and syntax rules; see `export/record-source.ts`), so the two kinds of upload read alike.
 */
import { readCsvRecords } from '../csv/read-csv-records';
import type { RecordSource } from '../export/record-source';
import { resolveValidateOptions, type ValidateOptions } from '../export/validate-options';
import { workbookRecordSource } from '../xlsx/read-workbook-records';
import { isIndicatorHeader } from './indicator-fields';
import { IndicatorValidation, type IndicatorValidationResult } from './indicator-validation';

export interface ValidateIndicatorsOptions extends ValidateOptions {
  /** The city's `scoreWeight`: the 预算执行情况 points that complete each set to 100. */
  executionWeight: number;
}

export const DEFAULT_EXECUTION_WEIGHT = 10;

/** The formats an indicator file may come in: the export's record sources. */
export type IndicatorFormat = 'csv' | 'xlsx';

/** Each format's record source; also what `isIndicatorFile` sniffs the header with. */
/** A workbook's data sheet: the first visible one with an indicator header. */
export const INDICATOR_WORKBOOK = { isHeaderRow: isIndicatorHeader };

export const INDICATOR_SOURCES: Record<IndicatorFormat, RecordSource> = {
  csv: readCsvRecords,
  xlsx: workbookRecordSource(INDICATOR_WORKBOOK),
};

export async function validateIndicators(
  input: AsyncIterable<Uint8Array>,
  options?: Partial<ValidateIndicatorsOptions>,
  format: IndicatorFormat = 'csv',
): Promise<IndicatorValidationResult> {
  const resolved = resolveValidateOptions(options);
  const validation = new IndicatorValidation(
    resolved,
    options?.executionWeight ?? DEFAULT_EXECUTION_WEIGHT,
    format === 'xlsx',
  );
  const summary = await INDICATOR_SOURCES[format](input, validation, resolved);
  return validation.finish(summary);
}
