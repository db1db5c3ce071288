/**
 * Reads the header record: which column holds which contract field, in which unit, and
 * what is wrong with the header itself (missing, ambiguous or personal-data columns).
 */
import type { AmountScale } from '../money';
import { CSV_FIELD_SPECS, CSV_FIELDS, type CsvField, isAmountField } from './export-fields';
import { normalizeHeader } from './normalize-header';
import { isPersonalDataHeader } from './personal-data';

export interface MappedColumn {
  index: number;
  /** The header cell as written (BOM removed), used as `column` in issues. */
  header: string;
  scale: AmountScale;
}

export type HeaderProblem =
  | { kind: 'missing'; field: CsvField }
  | { kind: 'duplicate'; field: CsvField; headers: string[] }
  | { kind: 'personalData'; header: string; index: number }
  | { kind: 'unknown'; header: string; index: number };

export interface ColumnMap {
  columns: Partial<Record<CsvField, MappedColumn>>;
  /** Header texts by index, for naming the column of any cell. */
  headers: string[];
  problems: HeaderProblem[];
}

const ALIAS_TO_FIELD: ReadonlyMap<string, CsvField> = (() => {
  const map = new Map<string, CsvField>();
  for (const field of CSV_FIELDS) {
    map.set(normalizeHeader(field).key, field);
    for (const alias of CSV_FIELD_SPECS[field].aliases) map.set(normalizeHeader(alias).key, field);
  }
  return map;
})();

/** The field a header cell names, if any. */
export function fieldOfHeader(text: string): CsvField | undefined {
  return ALIAS_TO_FIELD.get(normalizeHeader(text).key);
}

/**
 * @param defaultScale unit for amount columns whose header states none, e.g. from a
 *   `金额单位：万元` line above the header. Yuan when absent.
 */
export function buildColumnMap(record: readonly string[], defaultScale: AmountScale = 'yuan'): ColumnMap {
  const headers = record.map((cell, index) => (index === 0 ? cell.replace(/^\uFEFF/, '') : cell));
  const columns: Partial<Record<CsvField, MappedColumn>> = {};
  const seen = new Map<CsvField, string[]>();
  const problems: HeaderProblem[] = [];

  headers.forEach((header, index) => {
    const { key, scale } = normalizeHeader(header);
    // Excel leaves empty header cells for formatted but unused columns: nothing to say.
    if (key === '') return;
    const field = ALIAS_TO_FIELD.get(key);
    if (field === undefined) {
      problems.push(
        isPersonalDataHeader(key)
          ? { kind: 'personalData', header, index }
          : { kind: 'unknown', header, index },
      );
      return;
    }
    const names = seen.get(field) ?? [];
    names.push(header);
    seen.set(field, names);
    if (names.length === 1) {
      columns[field] = { index, header, scale: isAmountField(field) ? (scale ?? defaultScale) : 'yuan' };
    }
  });

  for (const [field, names] of seen) {
    if (names.length > 1) problems.push({ kind: 'duplicate', field, headers: names });
  }
  for (const field of CSV_FIELDS) {
    if (CSV_FIELD_SPECS[field].required && columns[field] === undefined)
      problems.push({ kind: 'missing', field });
  }
  return { columns, headers, problems };
}

/** How many contract fields a record names: a header has several, a title line none. */
export function countKnownHeaders(record: readonly string[]): number {
  const found = new Set<CsvField>();
  for (const cell of record) {
    const field = fieldOfHeader(cell);
    if (field !== undefined) found.add(field);
  }
  return found.size;
}
