/**
 * Finding the header of an export: which record it is (title lines and a unit note may come
 * first), what unit amounts are in, which column holds which field, and what is wrong with
 * the header itself. Format-neutral: CSV and workbook records go through the same steps.
 */
import type { AmountScale } from '../money';
import { buildColumnMap, type ColumnMap, countKnownHeaders } from './column-map';
import { AMOUNT_FIELDS, type AmountField, CSV_FIELDS, type CsvField, isAmountField } from './export-fields';
import type { IssueSink } from './issue-collector';
import { messages } from './issue-messages';

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

export interface DetectedHeader {
  /** The header's line. */
  line: number;
  /** Header text per column index, as written: what issues name as `column`. */
  headers: string[];
  /** Cells in the header record: every data row must have as many. */
  length: number;
  columns: ColumnIndices;
  scales: Record<AmountField, AmountScale>;
  /** Indices of the present non-amount columns: where a totals label can be. */
  textColumns: number[];
  /** The records above the header (titles, unit note), as text. */
  preamble: string[];
}

export type HeaderStep =
  /** Still looking: the record was kept as a possible title line. */
  | { kind: 'pending' }
  /** Found; `replay` are records read before it that turned out to be data. */
  | { kind: 'found'; header: DetectedHeader; replay: PendingRecord[] }
  /** The header cannot be used (errors reported): no row can be read. */
  | { kind: 'unusable' };

/** Whether a record reads as an export header (rather than a title line or data). */
export function looksLikeExportHeader(record: readonly string[]): boolean {
  return countKnownHeaders(record) >= MIN_HEADER_FIELDS;
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

  constructor(private readonly issues: IssueSink) {}

  /** Whether any record was offered (an input of blank lines only is empty). */
  get sawRecords(): boolean {
    return this.preamble.length > 0;
  }

  offer(record: string[], line: number): HeaderStep {
    if (isBlankRecord(record)) return { kind: 'pending' };
    if (looksLikeExportHeader(record)) {
      const preamble = this.preamble.splice(0);
      return this.accept({ record, line }, preamble, []);
    }
    this.preamble.push({ record, line });
    return this.preamble.length >= MAX_PREAMBLE_RECORDS ? this.settle() : { kind: 'pending' };
  }

  /**
   * No header-like line among the first lines (or the input ended): take the first one, and
   * let it fail loudly. Returns pending when nothing was offered.
   */
  settle(): HeaderStep {
    const [first, ...rest] = this.preamble.splice(0);
    if (first === undefined) return { kind: 'pending' };
    return this.accept(first, [], rest);
  }

  private accept(header: PendingRecord, preamble: PendingRecord[], replay: PendingRecord[]): HeaderStep {
    const { record, line } = header;
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

    const map = buildColumnMap(record, defaultScale);
    if (this.reportProblems(map, line) > 0) return { kind: 'unusable' };
    const index = (field: CsvField): number => map.columns[field]?.index ?? -1;
    const columns = Object.fromEntries(CSV_FIELDS.map((field) => [field, index(field)])) as ColumnIndices;
    const scales = Object.fromEntries(
      AMOUNT_FIELDS.map((field) => [field, map.columns[field]?.scale ?? defaultScale]),
    ) as Record<AmountField, AmountScale>;
    const textColumns = CSV_FIELDS.filter((field) => !isAmountField(field))
      .map(index)
      .filter((i) => i !== -1);
    return {
      kind: 'found',
      header: {
        line,
        headers: map.headers,
        length: record.length,
        columns,
        scales,
        textColumns,
        preamble: preamble.map((pending) => pending.record.join(' ')),
      },
      replay,
    };
  }

  /** @returns how many of the problems make the header unusable */
  private reportProblems(map: ColumnMap, line: number): number {
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
          errors++;
          this.issues.error('MISSING_COLUMN', line, null, null, messages.missingColumn(problem.field));
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
