/**
 * The seam between reading a file and judging it. A record source (the CSV reader in
 * `shared/csv/`, the workbook reader in `shared/xlsx/`) turns bytes into records; the
 * format-neutral rules (`ExportValidation` here) turn records into a verdict. Anything that can
 * produce records plugs in here, and the validation never knows which format it was.
 *
 * The contract, in full:
 * - a record is the cells of one row as text, in column order (index 0 = the first column);
 *   `line` is the row as a user finds it: the physical line where a CSV record starts, or the
 *   worksheet row number (header = 1 when it is the first row);
 * - a source calls `onStop` once before its first record; the sink calls the `stop` it was
 *   given when reading on cannot change the verdict (a fatal problem), and the source then
 *   stops as soon as it can and releases its input (leaving a `for await` calls `return()`);
 * - a workbook source may add what the workbook says of the cells beyond their text
 *   (`CellFormats`: which numbers are shown as percentages); a CSV source never does;
 * - problems with the input itself (not with a cell's meaning) go to `onProblem`;
 * - the source resolves with what it read (`SourceSummary`); it throws only when the input
 *   stream itself fails (an I/O error), never for bad content.
 */
import type { TextEncoding } from '../csv/detect-encoding';

export type ReaderProblem =
  /** A workbook handed to the CSV source (renamed to .csv). */
  | { kind: 'workbook'; format: 'xlsx' | 'xls' }
  | { kind: 'utf16' }
  | { kind: 'binary' }
  | { kind: 'fileTooLarge'; limit: number }
  | { kind: 'recordTooLarge'; line: number; fieldIndex: number | null; fieldTooLarge: boolean }
  | { kind: 'syntax'; line: number; fieldIndex: number | null; unclosedQuote: boolean }
  | { kind: 'badEncoding'; line: number; fieldIndex: number; value: string; encoding: TextEncoding }
  /** Workbook sources: the file cannot be read as a workbook, or is hostile (see `WorkbookRefusal`). */
  | { kind: 'workbookUnreadable'; reason: WorkbookRefusal; detail: string }
  /** Workbook sources: a formula cell with no cached result (the file was never recalculated). */
  | { kind: 'formulaWithoutValue'; line: number; fieldIndex: number };

export type WorkbookRefusal =
  | 'notZip'
  | 'truncated'
  | 'zipBomb'
  | 'partTooLarge'
  | 'encrypted'
  | 'noWorksheet'
  | 'malformed';

/** What a workbook says of a record's cells beyond their text. */
export interface CellFormats {
  /**
   * Indexes of numeric cells formatted as percentages: their text is the stored fraction
   * (`0.955` for a cell Excel shows as 95.5%).
   */
  percent: ReadonlySet<number>;
}

export interface RecordSink {
  /** `formats` only from a workbook, and only for a record with something to say. */
  onRecord(cells: string[], line: number, formats?: CellFormats): void;
  onProblem(problem: ReaderProblem): void;
  /** Called once by the source, before any record: `stop` ends reading early. */
  onStop(stop: () => void): void;
}

export interface ReaderLimits {
  maxFieldBytes: number;
  maxRecordBytes: number;
  maxFileBytes: number;
}

export interface SourceSummary {
  /** Bytes read from the input. */
  bytes: number;
  /** The text encoding a CSV was read in; null for workbooks and for no input. */
  encoding: TextEncoding | null;
}

/** Reads one input to its end (or until the sink stops it), handing each record to the sink. */
export type RecordSource = (
  input: AsyncIterable<Uint8Array>,
  sink: RecordSink,
  limits: ReaderLimits,
) => Promise<SourceSummary>;
