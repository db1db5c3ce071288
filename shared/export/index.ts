export { compareGroupKeys } from '../group-key';
export { buildColumnMap, type ColumnMap, fieldOfHeader } from './column-map';
export {
  AMOUNT_FIELDS,
  type AmountField,
  type ColumnMapping,
  CSV_FIELD_SPECS,
  CSV_FIELDS,
  type CsvField,
  columnMappingSchema,
  type FieldSpec,
} from './export-fields';
export type { IssueCode } from './issue-codes';
export { normalizeHeader } from './normalize-header';
export { isPersonalDataHeader } from './personal-data';
export type {
  CellFormats,
  ReaderLimits,
  ReaderProblem,
  RecordSink,
  RecordSource,
  SourceSummary,
} from './record-source';
export { type ExportFormat, type ExportReading, validateExport } from './validate-export';
export { toValidateJson, type ValidateJson, type ValidateJsonIssue } from './validate-json';
export { DEFAULT_VALIDATE_OPTIONS, resolveValidateOptions, type ValidateOptions } from './validate-options';
