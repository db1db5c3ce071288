/**
 * Every stable code an issue can carry, in one list: a typo at a call site is a type error,
 * and tests and tools can rely on the set. Codes are internal (the public JSON has none).
 */
export const ISSUE_CODES = [
  // the input as a whole
  'EMPTY_FILE',
  'HEADER_ONLY',
  'WORKBOOK_NOT_CSV',
  'WORKBOOK_UNREADABLE',
  'UNSUPPORTED_FILE_TYPE',
  'UNSUPPORTED_ENCODING',
  'BINARY_FILE',
  'FILE_TOO_LARGE',
  'FIELD_TOO_LARGE',
  'RECORD_TOO_LARGE',
  'TOO_MANY_ROWS',
  'TOO_MANY_GROUPS',
  'UNCLOSED_QUOTE',
  'INVALID_QUOTE',
  'INVALID_ENCODING',
  'NOT_COMMA_SEPARATED',
  // the header
  'PREAMBLE_IGNORED',
  'PERSONAL_DATA_COLUMN',
  'MISSING_COLUMN',
  'DUPLICATE_COLUMN',
  'UNKNOWN_COLUMN',
  // the period
  'MISSING_PERIOD',
  'PERIOD_CONFLICT',
  'MIXED_PERIOD',
  // cells and rows
  'PERSONAL_DATA_VALUE',
  'FORMULA_WITHOUT_VALUE',
  'RAGGED_ROW',
  'REQUIRED',
  'INVALID_YEAR',
  'INVALID_MONTH',
  'INVALID_PROJECT_LEVEL',
  'INVALID_FUND_TYPE',
  'INVALID_FUNCTION_CODE',
  'INVALID_EXPENDITURE_TYPE',
  'INVALID_AMOUNT',
  'AMOUNT_TOO_PRECISE',
  'NEGATIVE_BUDGET',
  'PROJECT_NAME_CONFLICT',
  'PROJECT_LEVEL_CONFLICT',
  'UNIT_NAME_CONFLICT',
  'TOTALS_MISMATCH',
  // indicator files (docs/contract.md §4.2)
  'NO_HEADER',
  'MIXED_YEAR',
  'INVALID_LEVEL1',
  'INVALID_OPERATOR',
  'INVALID_TARGET',
  'INVALID_ACTUAL',
  'INVALID_RATING',
  'INVALID_WEIGHT',
  'WEIGHTS_NOT_100',
  'DUPLICATE_INDICATOR',
] as const;

export type IssueCode = (typeof ISSUE_CODES)[number];
