/**
 * Finding the header of an export: which record it is (title lines and a unit note may come
 * first), what unit amounts are in, which column holds which field, and what is wrong with
 * the header itself. Format-neutral: CSV and workbook records go through the same steps.
 */
import type { Period } from '../domain-types';
import type { AmountScale } from '../money';
import { buildColumnMap, type ColumnMap, countKnownHeaders } from './column-map';
import {
  AMOUNT_FIELDS,
  type AmountField,
  type ColumnMapping,
  CSV_FIELDS,
  type CsvField,
  EXPORT_FIELDS,
  type FieldSpec,
  isAmountField,
  splitsOwnColumn,
} from './export-fields';
import type { IssueSink } from './issue-collector';
import { messages } from './issue-messages';
import { normalizeHeader } from './normalize-header';
import { baseName, formatPeriod, periodInFileName, periodInTitle } from './period-hints';

/** Lines above the header tolerated as a title/unit note before giving up on finding one. */
const MAX_PREAMBLE_RECORDS = 10;
/** A header names at least this many contract fields; a title line names none. */
const MIN_HEADER_FIELDS = 3;

const UNIT_NOTE_WAN = /单位\s*[:：]?\s*万元/;
const UNIT_NOTE_YUAN = /单位\s*[:：]?\s*元/;

/** Column index per field; -1 when an optional column is absent. */
export type ColumnIndices = Record<CsvField, number>;

export interface PendingRecord {
  record: string[];
  line: number;
}

/** How a column holding code and name together is read: the code to `codeAt`, the name to `nameAt`. */
export interface CodeNameSplit {
  source: number;
  /** Where the code goes: a column appended after the header's own (or `source` itself). */
  codeAt: number;
  /** Where the name goes (`source`), or null when only the code matters (功能分类). */
  nameAt: number | null;
}

/** A period the file states outside its columns. */
export interface StatedPeriod {
  period: Period;
  source: 'title' | 'fileName';
  /** The title line or file name it was read from. */
  text: string;
}

export interface DetectedHeader {
  /** The header's (last) line. */
  line: number;
  /** Header text per column index, as written: what issues name as `column`. */
  headers: string[];
  /** Cells in the header record: every data row must have as many. */
  length: number;
  columns: ColumnIndices;
  scales: Record<AmountField, AmountScale>;
  /** Indices of the present non-amount columns: where a totals label can be. */
  textColumns: number[];
  /** Code-and-name columns, split on every row; their code columns come after `length`. */
  splits: CodeNameSplit[];
  /** The column a cell index stands for (an appended code column stands for its source). */
  sourceColumn: number[];
  /** The period from the title or the file name, when the file has one there. */
  stated: StatedPeriod | null;
  /** The header text of each field's column, for `budget validate --json` (`mapping`). */
  mapping: Partial<Record<CsvField, string>>;
}

export type HeaderStep =
  /** Still looking: the record was kept as a possible title line or header row. */
  | { kind: 'pending' }
  /** Found; `replay` are records read before it that turned out to be data. */
  | { kind: 'found'; header: DetectedHeader; replay: PendingRecord[] }
  /** The header cannot be used (errors reported): no row can be read. */
  | { kind: 'unusable' };

export interface HeaderContext {
  /** A city's own header texts (`columns` setting, `--columns`). */
  mapping?: ColumnMapping;
  /** The upload's name, the last place a period may be stated. */
  fileName?: string;
}

/** Header rows merged into one at most (a parent row over one or two rows of children). */
const MAX_HEADER_ROWS = 3;
const NUMERIC_CELL = /^[\s+\-(]*[0-9][0-9,.\s)]*$/;

/** Whether a record reads as an export header (rather than a title line or data). */
export function looksLikeExportHeader(record: readonly string[], mapping?: ColumnMapping): boolean {
  return countKnownHeaders(record, mapping) >= MIN_HEADER_FIELDS;
}

function isBlankRecord(record: readonly string[]): boolean {
  for (const field of record) if (field.trim() !== '') return false;
  return true;
}

function unitNoteScale(preamble: readonly PendingRecord[]): AmountScale {
  let scale: AmountScale = 'yuan';
  for (const { record } of preamble) {
    const text = record.join(' ');
    if (UNIT_NOTE_WAN.test(text)) scale = 'wan';
    else if (UNIT_NOTE_YUAN.test(text)) scale = 'yuan';
  }
  return scale;
}

export class HeaderDetection {
  private readonly preamble: PendingRecord[] = [];
  /** A header row found, held until the next row shows whether the header goes on below it. */
  private candidate: { rows: PendingRecord[]; preamble: PendingRecord[] } | null = null;

  constructor(
    private readonly issues: IssueSink,
    private readonly context: HeaderContext = {},
  ) {}

  /** Whether any record was offered (an input of blank lines only is empty). */
  get sawRecords(): boolean {
    return this.preamble.length > 0 || this.candidate !== null;
  }

  offer(record: string[], line: number): HeaderStep {
    if (isBlankRecord(record)) return { kind: 'pending' };
    const candidate = this.candidate;
    if (candidate !== null) {
      if (candidate.rows.length < MAX_HEADER_ROWS && this.continuesHeader(record)) {
        candidate.rows.push({ record, line });
        return { kind: 'pending' };
      }
      this.candidate = null;
      return this.accept(candidate.rows, candidate.preamble, [{ record, line }]);
    }
    if (looksLikeExportHeader(record, this.context.mapping)) {
      this.candidate = { rows: [{ record, line }], preamble: this.preamble.splice(0) };
      return { kind: 'pending' };
    }
    this.preamble.push({ record, line });
    return this.preamble.length >= MAX_PREAMBLE_RECORDS ? this.settle() : { kind: 'pending' };
  }

  /**
   * The input ended, or no header-like line came among the first lines: a held header is
   * taken as it is; otherwise the first line is, to fail loudly. Pending when nothing was offered.
   */
  settle(): HeaderStep {
    const candidate = this.candidate;
    if (candidate !== null) {
      this.candidate = null;
      return this.accept(candidate.rows, candidate.preamble, []);
    }
    const [first, ...rest] = this.preamble.splice(0);
    if (first === undefined) return { kind: 'pending' };
    return this.accept([first], [], rest);
  }

  /**
   * A row under a header row continues it (the children of merged parents: 年初预算数 |
   * 调整后预算数 under 预算数) when it names a field and holds no number, as data rows do.
   */
  private continuesHeader(record: readonly string[]): boolean {
    if (record.some((cell) => NUMERIC_CELL.test(cell))) return false;
    return countKnownHeaders(record, this.context.mapping) >= 1;
  }

  private accept(rows: PendingRecord[], preamble: PendingRecord[], replay: PendingRecord[]): HeaderStep {
    const line = rows[rows.length - 1]?.line ?? 0;
    const { record, scaleHints } = mergeHeaderRows(rows.map((row) => row.record));
    const defaultScale = unitNoteScale(preamble);
    if (preamble.length > 0)
      this.issues.warn('PREAMBLE_IGNORED', line, null, null, messages.preambleIgnored(preamble.length));

    // Excel's "Text (tab delimited)" and European-locale CSVs put the whole header in one cell.
    const only = record.length === 1 ? (record[0] ?? '') : '';
    const separator = ['\t', ';', '|'].find((candidate) => only.includes(candidate));
    if (separator !== undefined) {
      this.issues.error('NOT_COMMA_SEPARATED', line, null, null, messages.notCommaSeparated(separator));
      return { kind: 'unusable' };
    }

    const stated = this.statedPeriod(preamble);
    if (stated === undefined) return { kind: 'unusable' };
    const map = buildColumnMap(record, defaultScale, this.context.mapping, scaleHints);
    if (this.reportProblems(map, line, stated !== null) > 0) return { kind: 'unusable' };

    const length = record.length;
    const headers = [...map.headers];
    const sourceColumn = headers.map((_, i) => i);
    const splits: CodeNameSplit[] = [];
    const index = (field: CsvField): number => {
      const column = map.columns[field];
      if (column === undefined) return -1;
      if (column.part !== 'code' || splitsOwnColumn(field)) return column.index;
      // The code of a code-and-name column lives in a column of its own, after the header's.
      const codeAt = headers.length;
      headers.push(column.header);
      sourceColumn.push(column.index);
      splits.push({ source: column.index, codeAt, nameAt: column.index });
      return codeAt;
    };
    const columns = Object.fromEntries(CSV_FIELDS.map((field) => [field, index(field)])) as ColumnIndices;
    // A code column that may hold the name too (功能分类 `2081901 最低生活保障`): the code stays in
    // place, the name goes to a column of its own when the file has no name column.
    for (const field of CSV_FIELDS) {
      const column = map.columns[field];
      if (column?.part !== 'code' || !splitsOwnColumn(field)) continue;
      const nameField = (EXPORT_FIELDS[field] as FieldSpec).nameField as CsvField | undefined;
      let nameAt: number | null = null;
      if (nameField !== undefined && columns[nameField] === -1) {
        nameAt = headers.length;
        headers.push(column.header);
        sourceColumn.push(column.index);
        columns[nameField] = nameAt;
      }
      splits.push({ source: column.index, codeAt: column.index, nameAt });
    }
    const scales = Object.fromEntries(
      AMOUNT_FIELDS.map((field) => [field, map.columns[field]?.scale ?? defaultScale]),
    ) as Record<AmountField, AmountScale>;
    const textColumns = CSV_FIELDS.filter((field) => !isAmountField(field))
      .map((field) => map.columns[field]?.index ?? -1)
      .filter((i) => i !== -1);
    const mapping: Partial<Record<CsvField, string>> = {};
    for (const field of CSV_FIELDS) {
      const column = map.columns[field];
      if (column !== undefined) mapping[field] = column.header;
    }
    return {
      kind: 'found',
      header: { line, headers, length, columns, scales, textColumns, splits, sourceColumn, stated, mapping },
      replay,
    };
  }

  /**
   * The period a title line and the file name state. Undefined when they disagree (the error
   * is reported: the file cannot be placed).
   */
  private statedPeriod(preamble: readonly PendingRecord[]): StatedPeriod | null | undefined {
    let title: StatedPeriod | null = null;
    let titleLine = 0;
    for (const { record, line } of preamble) {
      const text = record.join(' ').trim();
      const period = periodInTitle(text);
      if (period !== null) {
        title = { period, source: 'title', text };
        titleLine = line;
        break;
      }
    }
    const fileName = this.context.fileName;
    const fromName = fileName === undefined ? null : periodInFileName(fileName);
    const named: StatedPeriod | null =
      fromName === null || fileName === undefined
        ? null
        : { period: fromName, source: 'fileName', text: baseName(fileName) };
    if (title !== null && named !== null && formatPeriod(title.period) !== formatPeriod(named.period)) {
      this.issues.error(
        'PERIOD_CONFLICT',
        titleLine,
        null,
        title.text,
        messages.periodConflict(
          `标题“${title.text}”`,
          `title “${title.text}”`,
          title.period,
          `文件名“${named.text}”`,
          `file name “${named.text}”`,
          named.period,
        ),
      );
      return undefined;
    }
    return title ?? named;
  }

  /** @returns how many of the problems make the header unusable */
  private reportProblems(map: ColumnMap, line: number, periodStated: boolean): number {
    let errors = 0;
    for (const problem of map.problems) {
      switch (problem.kind) {
        case 'personalData':
          errors++;
          this.issues.error(
            'PERSONAL_DATA_COLUMN',
            line,
            problem.header,
            null,
            messages.personalData(problem.header),
          );
          break;
        case 'missing':
          // No 年度/月份 column is fine when the title or the file name says the period.
          if (periodStated && (problem.field === 'year' || problem.field === 'month')) break;
          errors++;
          this.issues.error(
            problem.field === 'year' || problem.field === 'month' ? 'MISSING_PERIOD' : 'MISSING_COLUMN',
            line,
            null,
            null,
            problem.field === 'year' || problem.field === 'month'
              ? messages.missingPeriod(problem.field)
              : messages.missingColumn(problem.field, map.headers, problem.closest),
          );
          break;
        case 'duplicate':
          errors++;
          this.issues.error(
            'DUPLICATE_COLUMN',
            line,
            problem.headers[1] ?? null,
            null,
            messages.duplicateColumn(problem.field, problem.headers),
          );
          break;
        case 'unknown':
          this.issues.warn(
            'UNKNOWN_COLUMN',
            line,
            problem.header,
            null,
            messages.unknownColumn(problem.header),
          );
          break;
      }
    }
    return errors;
  }
}

/**
 * Header rows as one: each column takes its lowest non-empty text (a child under a merged
 * parent, or the parent itself where the cells below were merged into it). A unit written on
 * a parent (`预算数（万元）` over two children) applies to the children under it.
 */
export function mergeHeaderRows(rows: readonly (readonly string[])[]): {
  record: string[];
  scaleHints: (AmountScale | null)[];
} {
  const width = Math.max(...rows.map((row) => row.length));
  const record: string[] = [];
  const scaleHints: (AmountScale | null)[] = [];
  const carried: (AmountScale | null)[] = rows.map(() => null);
  for (let column = 0; column < width; column++) {
    let text = '';
    let hint: AmountScale | null = null;
    rows.forEach((row, depth) => {
      const cell = (row[column] ?? '').trim();
      if (cell !== '') {
        carried[depth] = normalizeHeader(cell).scale;
        text = row[column] ?? '';
      }
      if (depth < rows.length - 1 && carried[depth] !== null) hint = carried[depth] ?? null;
    });
    record.push(rows.length === 1 ? (rows[0]?.[column] ?? '') : text);
    scaleHints.push(hint);
  }
  return { record, scaleHints };
}
