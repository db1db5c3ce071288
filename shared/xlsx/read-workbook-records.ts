/**
 * The workbook record source: `.xlsx` rows as records, for any header contract (exports,
 * indicator files). The data sheet is the first visible worksheet whose first rows hold a row
 * the caller recognises as its header; hidden and very-hidden sheets are skipped, and so is
 * every sheet after the data sheet. `line` is the worksheet row number and a record's index i
 * is column i (A = 0), so a consumer can name any cell as Excel does (`cellAddress`).
 *
 * Why exceljs's streaming `WorkbookReader`: it is maintained, reads the zip as it arrives
 * (unzipper + saxes), resolves shared strings, gives formula cells their cached result and
 * reports sheet visibility. Measured here on a 100,000-row export: about 50k rows/s at
 * 130 MB RSS for reading alone (see docs/benchmark.md for the ingest figures). A zip + SAX
 * reader of our own would save the per-cell objects exceljs builds, but would have to spool
 * worksheets that precede `sharedStrings.xml` in the zip (Excel writes them in that order),
 * which exceljs already does (to a temporary file). What exceljs does not do is refuse a
 * hostile zip: `guardZip` (zip-guard.ts) does that in front of it.
 */
import { Readable } from 'node:stream';
import WorkbookReader, { type StreamedRow } from 'exceljs/lib/stream/xlsx/workbook-reader.js';
import type {
  ReaderLimits,
  ReaderProblem,
  RecordSink,
  RecordSource,
  SourceSummary,
} from '../export/record-source';
import { cellText } from './cell-text';
import { DEFAULT_ZIP_LIMITS, guardZip, WorkbookRefusedError, type ZipLimits } from './zip-guard';

/** Rows of a sheet searched for the header before the sheet is judged not to be the data sheet. */
const HEADER_SCAN_ROWS = 20;

export interface WorkbookSourceOptions {
  /** Whether a row is the header the caller looks for. */
  isHeaderRow: (cells: readonly string[]) => boolean;
  zipLimits?: Partial<ZipLimits>;
}

interface PendingRow {
  cells: string[];
  line: number;
  /** Problems of this row's cells, told to the sink with the row (not for rows of other sheets). */
  problems: ReaderProblem[];
}

/** Hidden from the person who saved the file, so not what they mean as data. */
function isVisible(state: unknown): boolean {
  return state !== 'hidden' && state !== 'veryHidden';
}

export function workbookRecordSource(options: WorkbookSourceOptions): RecordSource {
  return (input, sink, limits) => readWorkbookRecords(input, sink, limits, options);
}

async function readWorkbookRecords(
  input: AsyncIterable<Uint8Array>,
  sink: RecordSink,
  limits: ReaderLimits,
  options: WorkbookSourceOptions,
): Promise<SourceSummary> {
  let stopped = false;
  sink.onStop(() => {
    stopped = true;
  });
  let bytes = 0;
  const zipLimits: ZipLimits = {
    ...DEFAULT_ZIP_LIMITS,
    maxFileBytes: limits.maxFileBytes,
    ...options.zipLimits,
  };

  // The guard's refusal must win over the parser, which may wait forever on a stream that
  // stopped mid-entry: every step of the parser is raced against it. (Not with Promise.race
  // on one long-pending promise: that keeps every settled step, and its row, reachable.)
  let refusal: WorkbookRefusedError | null = null;
  let wake: ((error: WorkbookRefusedError) => void) | null = null;
  const refuse = (error: WorkbookRefusedError): void => {
    refusal = error;
    wake?.(error);
  };
  const step = <T>(next: Promise<T>): Promise<T> => {
    if (refusal !== null) return Promise.reject(refusal);
    return new Promise<T>((resolve, reject) => {
      wake = reject;
      next.then(
        (value) => {
          wake = null;
          resolve(value);
        },
        (error: unknown) => {
          wake = null;
          reject(error);
        },
      );
    });
  };
  async function* guarded(): AsyncGenerator<Buffer> {
    try {
      yield* guardZip(input, zipLimits, (total) => {
        bytes = total;
      });
    } catch (error) {
      if (error instanceof WorkbookRefusedError) refuse(error);
      else throw error;
    }
  }

  const reader = new WorkbookReader(Readable.from(guarded()), {
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const emitRow = (row: PendingRow): void => {
    for (const problem of row.problems) if (!stopped) sink.onProblem(problem);
    if (!stopped) sink.onRecord(row.cells, row.line);
  };

  try {
    let firstVisible: PendingRow[] | null = null;
    let found = false;
    const sheets = reader[Symbol.asyncIterator]();
    while (!stopped && !found) {
      const next = await step(sheets.next());
      if (next.done) break;
      const sheet = next.value;
      if (!isVisible(sheet.state)) continue;
      const scanned: PendingRow[] = [];
      const rows = sheet[Symbol.asyncIterator]();
      while (!stopped) {
        const read = await step(rows.next());
        if (read.done) break;
        const row = rowCells(read.value, limits);
        if (row === null) continue;
        if (found) {
          emitRow(row);
        } else {
          scanned.push(row);
          if (options.isHeaderRow(row.cells)) {
            found = true;
            for (const pending of scanned) emitRow(pending);
            scanned.length = 0;
          } else if (scanned.length >= HEADER_SCAN_ROWS) {
            break;
          }
        }
      }
      if (!found && firstVisible === null) firstVisible = scanned;
    }
    if (!found && !stopped) {
      if (firstVisible === null) {
        if (bytes > 0) sink.onProblem({ kind: 'workbookUnreadable', reason: 'noWorksheet', detail: '' });
      } else {
        // No sheet has the header: show the first visible one, so the missing columns are named.
        for (const row of firstVisible) emitRow(row);
      }
    }
  } catch (error) {
    if (error instanceof WorkbookRefusedError) {
      if (error.reason === 'fileTooLarge')
        sink.onProblem({ kind: 'fileTooLarge', limit: limits.maxFileBytes });
      else sink.onProblem({ kind: 'workbookUnreadable', reason: error.reason, detail: error.detail });
    } else if (isInputFailure(error)) {
      throw error;
    } else {
      // What exceljs throws on a damaged part (bad XML, a broken deflate stream).
      sink.onProblem({ kind: 'workbookUnreadable', reason: 'malformed', detail: describe(error) });
    }
  }
  return { bytes, encoding: null };
}

/** I/O failures of the input itself propagate, as for CSV; everything else is the file's fault. */
function isInputFailure(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    /^E[A-Z]+$/.test(error.code)
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
}

/** A row's cells as text (index = column − 1); null for a row with nothing in it. */
function rowCells(row: StreamedRow, limits: ReaderLimits): PendingRow | null {
  const values = row.values;
  if (!Array.isArray(values) || values.length <= 1) return null;
  const cells = new Array<string>(values.length - 1);
  const problems: ReaderProblem[] = [];
  let recordBytes = 0;
  for (let column = 1; column < values.length; column++) {
    const read = cellText(values[column]);
    let text = '';
    if (read.ok) text = read.text;
    else problems.push({ kind: 'formulaWithoutValue', line: row.number, fieldIndex: column - 1 });
    if (text.length * 3 > limits.maxFieldBytes && Buffer.byteLength(text) > limits.maxFieldBytes) {
      problems.push({
        kind: 'recordTooLarge',
        line: row.number,
        fieldIndex: column - 1,
        fieldTooLarge: true,
      });
      text = '';
    }
    recordBytes += text.length;
    cells[column - 1] = text;
  }
  if (recordBytes * 3 > limits.maxRecordBytes) {
    let total = 0;
    for (const cell of cells) total += Buffer.byteLength(cell);
    if (total > limits.maxRecordBytes) {
      problems.push({ kind: 'recordTooLarge', line: row.number, fieldIndex: null, fieldTooLarge: false });
    }
  }
  return { cells, line: row.number, problems };
}
