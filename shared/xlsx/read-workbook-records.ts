/**
 * The workbook record source: `.xlsx` rows as records, for any header contract (exports,
 * indicator files). The data sheet is the first visible worksheet, in the workbook's tab order,
 * whose first rows hold a row the caller recognises as its header; hidden and very-hidden
 * sheets are skipped, and so is every sheet after the data sheet. `line` is the worksheet row
 * number and a record's index i is column i (A = 0), so a consumer can name any cell as Excel
 * does (`cellAddress`).
 *
 * How, in memory that does not grow with the rows: the upload is copied to a temporary file
 * (spool-upload.ts), opened from its central directory and checked whole by the zip guard
 * (zip-guard.ts, yauzl underneath); the parts are found through the workbook's relationships
 * (workbook-parts.ts); styles and shared strings are read first (saxes), then each candidate
 * sheet's XML is scanned as it inflates (sheet-scanner.ts), one row at a time.
 */
import { isDeepStrictEqual } from 'node:util';
import type {
  CellFormats,
  ReaderLimits,
  ReaderProblem,
  RecordSink,
  RecordSource,
  SourceSummary,
} from '../export/record-source';
import { OpenedWorkbook } from './opened-workbook';
import type { SharedStrings } from './shared-strings';
import {
  RowTooLargeError,
  type ScannedRow,
  type ScanPause,
  SheetScanner,
  type SheetScannerOptions,
} from './sheet-scanner';
import { type SpooledUpload, spoolUpload } from './spool-upload';
import type { SheetRef, WorkbookParts } from './workbook-parts';
import {
  DEFAULT_ZIP_LIMITS,
  type GuardedZip,
  isInputFailure,
  WorkbookRefusedError,
  type ZipLimits,
  type ZipPart,
} from './zip-guard';

/** Rows of a sheet searched for the header before the sheet is judged not to be the data sheet. */
const HEADER_SCAN_ROWS = 20;
/** The most XML one construct of a sheet may span, whatever the record limit (a tag is small). */
const MIN_PENDING_BYTES = 8 * 1024 * 1024;

export interface WorkbookSourceOptions {
  /** Whether a row is the header the caller looks for. */
  isHeaderRow: (cells: readonly string[]) => boolean;
  zipLimits?: Partial<ZipLimits>;
  /** The data sheet read in part on another thread (workbook-ranges.ts); default: all here. */
  split?: DataSheetSplit;
  /** The share of the data sheet's XML scanned here so far (a progress line). */
  onProgress?: (share: number) => void;
}

/**
 * How the data sheet's rows after some offset are read elsewhere (`budget validate` on two
 * threads, workbook-ranges.ts): the scan here pauses at a row, hands the rest of the sheet's bytes
 * over, and scans on only from where it is told (the sheet's last rows), in the same sink.
 */
export interface DataSheetSplit {
  /**
   * The data sheet's header row was found (`sheet`): the split may now ask the scan, any time,
   * to pause at the first row from an offset on (`pauseAt`); it never has to.
   */
  dataSheet(sheet: ZipPart, parts: WorkbookParts, pauseAt: (offset: number) => void): void;
  /**
   * The scan paused at a row's tag (`pause.at`); `rest` is the sheet's bytes after `pause.rest`.
   * Resolves to the sheet's last bytes to scan here (from a row's tag, as a mid-sheet scan), or
   * null when the sheet's rows were all read. Throws `SplitRefusedError` when the split cannot
   * give the verdict of one reading: the caller reads the file again in one piece.
   */
  handOff(pause: ScanPause, rest: AsyncIterator<Buffer>): Promise<Buffer | null>;
}

/** A split that would not read as one reading does (see `DataSheetSplit.handOff`). */
export class SplitRefusedError extends Error {}

export interface PendingRow {
  cells: string[];
  line: number;
  formats: CellFormats | undefined;
  /** Problems of this row's cells, told to the sink with the row (not for rows of other sheets). */
  problems: ReaderProblem[];
}

/** Hidden from the person who saved the file, so not what they mean as data. */
function isVisible(sheet: SheetRef): boolean {
  return sheet.part !== null && sheet.state !== 'hidden' && sheet.state !== 'veryHidden';
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
  const zipLimits = zipLimitsFor(limits, options.zipLimits);
  let spool: SpooledUpload;
  // Reading the input: a failure of the stream itself propagates (the record-source contract);
  // only the size limit is the file's fault.
  try {
    spool = await spoolUpload(input, zipLimits.maxFileBytes);
  } catch (error) {
    if (!(error instanceof WorkbookRefusedError)) throw error;
    sink.onProblem({ kind: 'fileTooLarge', limit: limits.maxFileBytes });
    return { bytes: Number(error.detail), encoding: null };
  }
  try {
    return await readWorkbookFile(spool.path, spool.bytes, sink, limits, options, () => stopped);
  } finally {
    await spool.remove();
  }
}

/** The zip limits of a reading: the defaults, the record limits' file size, the caller's own. */
export function zipLimitsFor(limits: ReaderLimits, own?: Partial<ZipLimits>): ZipLimits {
  return { ...DEFAULT_ZIP_LIMITS, maxFileBytes: limits.maxFileBytes, ...own };
}

/**
 * A workbook on disk (`bytes` long) read into `sink`, as `workbookRecordSource` reads an upload.
 * `isStopped`: the sink asked to stop (its `onStop` is already taken by the caller). `opened`:
 * the same file already opened, with the same limits, by the caller (who closes it); otherwise
 * it is opened here.
 */
export async function readWorkbookFile(
  path: string,
  bytes: number,
  sink: RecordSink,
  limits: ReaderLimits,
  options: WorkbookSourceOptions,
  isStopped: () => boolean,
  opened?: OpenedWorkbook,
): Promise<SourceSummary> {
  const zipLimits = zipLimitsFor(limits, options.zipLimits);
  const shared =
    opened !== undefined && opened.path === path && isDeepStrictEqual(opened.limits, zipLimits)
      ? opened
      : null;
  let own: OpenedWorkbook | null = null;
  const emit = emitterFor(sink, isStopped);
  try {
    if (shared === null) own = await OpenedWorkbook.open(path, bytes, zipLimits);
    const workbook = (shared ?? own) as OpenedWorkbook;
    workbook.startReading();
    const { zip, parts } = workbook;
    const sheets = parts.sheets.filter(isVisible);
    if (sheets.length === 0) {
      sink.onProblem({ kind: 'workbookUnreadable', reason: 'noWorksheet', detail: '' });
      return { bytes, encoding: null };
    }
    const { styles, strings } = await workbook.tables();
    let firstVisible: PendingRow[] | null = null;
    for (const sheet of sheets) {
      if (isStopped()) break;
      const scanned = await readSheet(zip, parts, sheet, {
        strings,
        styles,
        limits,
        options,
        emit,
        isStopped,
      });
      if (scanned === 'found') return { bytes, encoding: null };
      if (firstVisible === null) firstVisible = scanned;
    }
    // No sheet has the header: show the first visible one, so the missing columns are named.
    if (!isStopped()) for (const row of firstVisible ?? []) emit(row);
  } catch (error) {
    if (error instanceof SplitRefusedError) {
      throw error;
    } else if (error instanceof RowTooLargeError) {
      sink.onProblem({ kind: 'recordTooLarge', line: error.line, fieldIndex: null, fieldTooLarge: false });
    } else if (error instanceof WorkbookRefusedError) {
      if (error.reason === 'fileTooLarge')
        sink.onProblem({ kind: 'fileTooLarge', limit: limits.maxFileBytes });
      else sink.onProblem({ kind: 'workbookUnreadable', reason: error.reason, detail: error.detail });
    } else if (isInputFailure(error)) {
      throw error;
    } else {
      sink.onProblem({ kind: 'workbookUnreadable', reason: 'malformed', detail: describe(error) });
    }
  } finally {
    await own?.close();
  }
  return { bytes, encoding: null };
}

/** Gives a row to the sink: its cells' problems first, then the row (until the sink stops). */
export function emitterFor(sink: RecordSink, isStopped: () => boolean): (row: PendingRow) => void {
  return (row) => {
    for (const problem of row.problems) if (!isStopped()) sink.onProblem(problem);
    if (!isStopped()) sink.onRecord(row.cells, row.line, row.formats);
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
}

interface SheetReading {
  strings: SharedStrings;
  styles: Uint8Array;
  limits: ReaderLimits;
  options: WorkbookSourceOptions;
  emit: (row: PendingRow) => void;
  isStopped: () => boolean;
}

/**
 * Scans one sheet: `'found'` once its header was found (then every row went to the sink), or
 * the rows searched for a header without finding one.
 */
async function readSheet(
  zip: GuardedZip,
  parts: WorkbookParts,
  sheet: SheetRef,
  reading: SheetReading,
): Promise<'found' | PendingRow[]> {
  const { limits, options, emit } = reading;
  const scanned: PendingRow[] = [];
  let found = false;
  let giveUp = false;
  const part = sheet.part as ZipPart;
  const scanner = new SheetScanner({
    ...scannerOptions(reading, parts),
    onRow: (read) => {
      if (giveUp) return;
      const row = pendingRow(read, limits);
      if (found) {
        emit(row);
        return;
      }
      scanned.push(row);
      if (options.isHeaderRow(row.cells)) {
        found = true;
        for (const pending of scanned) emit(pending);
        scanned.length = 0;
        options.split?.dataSheet(part, parts, (offset) => scanner.pauseAtRowFrom(offset));
      } else if (scanned.length >= HEADER_SCAN_ROWS) {
        giveUp = true;
      }
    },
  });
  const chunks = zip.read(part, 'worksheet');
  let inflated = 0;
  for (;;) {
    const next = await chunks.next();
    if (next.done === true) break;
    scanner.push(next.value);
    inflated += next.value.length;
    if (found) options.onProgress?.(inflated / part.size);
    if (scanner.pause !== null && options.split !== undefined) {
      const tail = await options.split.handOff(scanner.pause, chunks);
      if (tail !== null) readSheetTail(tail, reading, parts);
      return 'found';
    }
    if (scanner.done || giveUp || reading.isStopped()) {
      await chunks.return(undefined);
      return found ? 'found' : scanned;
    }
  }
  scanner.end();
  return found ? 'found' : scanned;
}

function scannerOptions(reading: SheetReading, parts: WorkbookParts) {
  return sheetScannerOptions(reading.strings, reading.styles, parts.date1904, reading.limits);
}

/** How every sheet of a reading is scanned (here and in a range read on another thread). */
export function sheetScannerOptions(
  strings: SharedStrings,
  styles: Uint8Array,
  date1904: boolean,
  limits: ReaderLimits,
): Omit<SheetScannerOptions, 'onRow'> {
  return {
    strings,
    styles,
    date1904,
    maxPendingBytes: Math.max(MIN_PENDING_BYTES, limits.maxRecordBytes * 4),
  };
}

/** The sheet's last rows, after the rows read elsewhere (`DataSheetSplit.handOff`). */
function readSheetTail(tail: Buffer, reading: SheetReading, parts: WorkbookParts): void {
  const scanner = new SheetScanner({
    ...scannerOptions(reading, parts),
    midSheet: true,
    onRow: (read) => reading.emit(pendingRow(read, reading.limits)),
  });
  scanner.push(tail);
  if (scanner.unnumberedStart) throw new SplitRefusedError('the tail starts with a row without its number');
  scanner.end();
}

/** A scanned row with its cells checked against the field and record limits. */
export function pendingRow(read: ScannedRow, limits: ReaderLimits): PendingRow {
  const { cells, line } = read;
  let problems: ReaderProblem[] = NO_PROBLEMS;
  const add = (problem: ReaderProblem) => {
    if (problems === NO_PROBLEMS) problems = [];
    problems.push(problem);
  };
  for (const column of read.formulasWithoutValue ?? [])
    add({ kind: 'formulaWithoutValue', line, fieldIndex: column });
  let recordBytes = 0;
  for (let column = 0; column < cells.length; column++) {
    const text = cells[column] as string;
    if (text.length * 3 > limits.maxFieldBytes && Buffer.byteLength(text) > limits.maxFieldBytes) {
      add({ kind: 'recordTooLarge', line, fieldIndex: column, fieldTooLarge: true });
      cells[column] = '';
      continue;
    }
    recordBytes += text.length;
  }
  if (recordBytes * 3 > limits.maxRecordBytes) {
    let total = 0;
    for (const cell of cells) total += Buffer.byteLength(cell);
    if (total > limits.maxRecordBytes)
      add({ kind: 'recordTooLarge', line, fieldIndex: null, fieldTooLarge: false });
  }
  return { cells, line, formats: read.percent === null ? undefined : { percent: read.percent }, problems };
}

/** Shared by the rows without a problem (nearly all), so none allocates a list. */
const NO_PROBLEMS: ReaderProblem[] = [];
