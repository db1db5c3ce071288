export { compareGroupKeys } from '../group-order';
export { buildColumnMap, type ColumnMap, fieldOfHeader } from './column-map';
export {
  AMOUNT_FIELDS,
  type AmountField,
  CSV_FIELD_SPECS,
  CSV_FIELDS,
  type CsvField,
  type CsvFieldSpec,
} from './csv-fields';
export { normalizeHeader } from './normalize-header';
export { isPersonalDataHeader } from './personal-data';
export { validateExport } from './validate-export';
export { toValidateJson, type ValidateJson, type ValidateJsonIssue } from './validate-json';
export { DEFAULT_VALIDATE_OPTIONS, resolveValidateOptions, type ValidateOptions } from './validate-options';
