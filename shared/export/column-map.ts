/**
 * Reads the header record: which column holds which contract field, in which unit, and
 * what is wrong with the header itself (missing, ambiguous or personal-data columns).
 */
import type { AmountScale } from '../money';
import {
  CODE_AND_NAME,
  type ColumnMapping,
  CSV_FIELD_SPECS,
  CSV_FIELDS,
  type CsvField,
  isAmountField,
  splitsOwnColumn,
} from './export-fields';
import { normalizeHeader } from './normalize-header';
import { isPersonalDataHeader } from './personal-data';

export interface MappedColumn {
  index: number;
  /** The header cell as written (BOM removed), used as `column` in issues. */
  header: string;
  scale: AmountScale;
  /**
   * The cells hold code and name together (`101001 乐昌市民政局`): this field takes the
   * code part (`'code'`) or the name part (`'name'`) of the column at `index`.
   */
  part?: 'code' | 'name';
}

export type HeaderProblem =
  | { kind: 'missing'; field: CsvField; closest: string[] }
  | { kind: 'duplicate'; field: CsvField; headers: string[] }
  | { kind: 'personalData'; header: string; index: number }
  | { kind: 'unknown'; header: string; index: number };

export interface ColumnMap {
  columns: Partial<Record<CsvField, MappedColumn>>;
  /** Header texts by index, for naming the column of any cell. */
  headers: string[];
  problems: HeaderProblem[];
}

/** Columns exports carry that mean nothing to the pipeline and need no warning. */
const SILENTLY_IGNORED = new Set(['序号', '行号', '序', 'no', 'no.', '#']);

function aliasTable(mapping: ColumnMapping | undefined): ReadonlyMap<string, CsvField> {
  const map = new Map<string, CsvField>();
  for (const field of CSV_FIELDS) {
    map.set(normalizeHeader(field).key, field);
    for (const alias of CSV_FIELD_SPECS[field].aliases) map.set(normalizeHeader(alias).key, field);
  }
  // A city's own headers come last, so they win over the contract's aliases.
  for (const field of CSV_FIELDS) {
    for (const alias of mapping?.[field] ?? []) map.set(normalizeHeader(alias).key, field);
  }
  return map;
}

const ALIAS_TO_FIELD = aliasTable(undefined);

/** The field a header cell names, if any. */
export function fieldOfHeader(text: string, mapping?: ColumnMapping): CsvField | undefined {
  const table = mapping === undefined ? ALIAS_TO_FIELD : aliasTable(mapping);
  return table.get(normalizeHeader(text).key);
}

/**
 * @param defaultScale unit for amount columns whose header states none, e.g. from a
 *   `金额单位：万元` line above the header. Yuan when absent.
 * @param mapping a city's own header texts per field (its `columns` setting, or
 *   `budget validate --columns`), matched like the contract's aliases and before them
 */
export function buildColumnMap(
  record: readonly string[],
  defaultScale: AmountScale = 'yuan',
  mapping?: ColumnMapping,
  /** Per column, a unit inherited from a merged parent header cell. */
  scaleHints: readonly (AmountScale | null)[] = [],
): ColumnMap {
  const table = mapping === undefined ? ALIAS_TO_FIELD : aliasTable(mapping);
  const headers = record.map((cell, index) => (index === 0 ? cell.replace(/^\uFEFF/, '') : cell));
  const columns: Partial<Record<CsvField, MappedColumn>> = {};
  const seen = new Map<CsvField, string[]>();
  const problems: HeaderProblem[] = [];

  headers.forEach((header, index) => {
    const { key, scale } = normalizeHeader(header);
    // Excel leaves empty header cells for formatted but unused columns: nothing to say.
    if (key === '' || SILENTLY_IGNORED.has(key)) return;
    const field = table.get(key);
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
      columns[field] = {
        index,
        header,
        scale: isAmountField(field) ? (scale ?? scaleHints[index] ?? defaultScale) : 'yuan',
      };
    }
  });

  for (const pair of CODE_AND_NAME) {
    const name = columns[pair.name];
    if (columns[pair.code] === undefined && name !== undefined) {
      columns[pair.code] = { ...name, part: 'code' };
      columns[pair.name] = { ...name, part: 'name' };
    }
  }
  // 功能分类 `2081901 最低生活保障`: the field is a code, whatever the cell adds to it.
  for (const field of CSV_FIELDS) {
    const column = columns[field];
    if (column !== undefined && splitsOwnColumn(field)) columns[field] = { ...column, part: 'code' };
  }

  for (const [field, names] of seen) {
    if (names.length > 1) problems.push({ kind: 'duplicate', field, headers: names });
  }
  for (const field of CSV_FIELDS) {
    if (CSV_FIELD_SPECS[field].required && columns[field] === undefined)
      problems.push({ kind: 'missing', field, closest: closestHeaders(field, headers, table) });
  }
  return { columns, headers, problems };
}

/** How many contract fields a record names: a header has several, a title line none. */
export function countKnownHeaders(record: readonly string[], mapping?: ColumnMapping): number {
  const table = mapping === undefined ? ALIAS_TO_FIELD : aliasTable(mapping);
  const found = new Set<CsvField>();
  for (const cell of record) {
    const field = table.get(normalizeHeader(cell).key);
    if (field !== undefined) found.add(field);
  }
  return found.size;
}

/** Characters two keys share, relative to their lengths (Dice's coefficient on characters). */
function similarity(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of a) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let shared = 0;
  for (const ch of b) {
    const left = counts.get(ch) ?? 0;
    if (left > 0) {
      shared++;
      counts.set(ch, left - 1);
    }
  }
  return (2 * shared) / ([...a].length + [...b].length);
}

/** The file's unmatched headers that look most like one of the field's accepted texts. */
function closestHeaders(
  field: CsvField,
  headers: readonly string[],
  table: ReadonlyMap<string, CsvField>,
): string[] {
  const aliases = [...table].filter(([, f]) => f === field).map(([key]) => key);
  return headers
    .map((header) => {
      const { key } = normalizeHeader(header);
      if (key === '' || table.has(key)) return { header, score: 0 };
      return { header, score: Math.max(...aliases.map((alias) => similarity(key, alias))) };
    })
    .filter(({ score }) => score >= 0.4)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map(({ header }) => header);
}
