import type { ValidationResult } from '../domain-types';
import { ExportValidation } from '../export/export-validation';
import type { DetectedHeader, HeaderContext } from '../export/header-detection';
import type { RangeState } from '../export/range-state';
import { exportHeaderRow } from '../export/validate-export';
import { resolveValidateOptions, type ValidateOptions } from '../export/validate-options';
import { OpenedWorkbook } from './opened-workbook';
import {
  type DataSheetSplit,
  emitterFor,
  pendingRow,
  readWorkbookFile,
  SplitRefusedError,
  sheetScannerOptions,
  zipLimitsFor,
} from './read-workbook-records';
import { opensRowTag, type ScanPause, SheetScanner } from './sheet-scanner';
import type { WorkbookParts } from './workbook-parts';
import type { ZipLimits, ZipPart } from './zip-guard';

/** What the other thread is asked: the rows of one sheet from `from` on. */
export interface WorkbookRangeTask {
  file: string;
  bytes: number;
  /** The data sheet's part name. */
  sheet: string;
  /** The header the sheet's first rows gave (the range is validated under it). */
  header: DetectedHeader;
  /** The range starts at the first row tag at or after this offset of the sheet's XML. */
  from: number;
  /** The range ends at the first row at or after this offset (the tail, read by the caller); null: at the sheet's end. */
  tailFrom: number | null;
  options: ValidateOptions;
  context: HeaderContext;
  zipLimits: ZipLimits;
}

export interface WorkbookRangeOutcome {
  state: RangeState;
  /** The offset of the row tag the range started at. */
  start: number;
  /**
   * Where the range ended, at a row the caller reads on from, and the sheet's bytes from there to
   * its end; null: the range ended at `</sheetData>`.
   */
  tail: { at: number; bytes: Uint8Array } | null;
  /** Why the range cannot stand for its rows in one reading, as the range itself saw it. */
  refusal: string | null;
}

/** How the sheet is cut. */
export interface WorkbookPlan {
  /** A data sheet of less XML than this is read in one piece: a thread would cost more than it saves. */
  minSheetBytes: number;
  /** Each thread holds its own shared-strings table: above this much XML of it, one piece. */
  maxSharedStringsBytes: number;
  /** The sheet's last bytes (about; 0: none) read here after the other thread's range. */
  tailBytes: number;
  /** The share of the sheet's XML read here before the other thread's range. */
  share: number;
  /** Where the other thread's range starts (tests cut anywhere); default: by `share`. */
  cut?: number;
}

export type WorkbookPath =
  | { kind: 'parallel'; start: number; tail: number | null }
  | { kind: 'sequential'; reason: string };

export interface WorkbookValidation {
  result: ValidationResult;
  /** How the file was read, and why not on two threads (tests and the benchmark report it). */
  path: WorkbookPath;
}

export interface WorkbookRangeRunner {
  /** Reads the range, on a thread of its own or not. */
  range(task: WorkbookRangeTask): Promise<WorkbookRangeOutcome>;
  /** The range is not needed (any more): stop what still runs. */
  stop(): void;
}

/**
 * Validates the workbook at `file` (`bytes` long) with the data sheet's rows read in two ranges
 * when it is large enough and the result is proven identical; otherwise in one piece.
 */
export async function validateWorkbookInRanges(
  file: string,
  bytes: number,
  run: WorkbookRangeRunner,
  plan: WorkbookPlan,
  partialOptions: Partial<ValidateOptions> | undefined,
  context: HeaderContext,
  onProgress?: (share: number) => void,
  opened?: OpenedWorkbook,
): Promise<WorkbookValidation> {
  const options = resolveValidateOptions(partialOptions);
  /** The workbook read here, from its first byte, split by `split` or in one piece. */
  const readHere = async (split?: SheetSplit): Promise<ValidationResult> => {
    const validation = split?.validation ?? new ExportValidation(options, true, context);
    let stopped = false;
    validation.onStop(() => {
      stopped = true;
    });
    const sourceOptions = {
      isHeaderRow: exportHeaderRow(context.mapping),
      ...(onProgress === undefined ? {} : { onProgress }),
      ...(split === undefined ? {} : { split }),
    };
    const summary = await readWorkbookFile(
      file,
      bytes,
      validation,
      options,
      sourceOptions,
      () => stopped,
      opened,
    );
    return validation.finish(summary);
  };
  const split = new SheetSplit(new ExportValidation(options, true, context), run, plan, {
    file,
    bytes,
    options,
    context,
    zipLimits: zipLimitsFor(options),
  });
  try {
    const result = await readHere(split);
    if (split.outcome === null) return { result, path: { kind: 'sequential', reason: split.why } };
    const { start, tail } = split.outcome;
    return { result, path: { kind: 'parallel', start, tail: tail?.at ?? null } };
  } catch (error) {
    if (!(error instanceof SplitRefusedError)) throw error;
    // The other thread stops before the file is read again in one piece.
    run.stop();
    return { result: await readHere(), path: { kind: 'sequential', reason: error.message } };
  } finally {
    run.stop();
  }
}

/** This thread's side of the split (see the file's comment). */
class SheetSplit implements DataSheetSplit {
  private pending: Promise<WorkbookRangeOutcome | string> | null = null;
  /** The other thread's range, once added up. */
  outcome: WorkbookRangeOutcome | null = null;
  why = 'sheet too small to split';

  constructor(
    readonly validation: ExportValidation,
    private readonly run: WorkbookRangeRunner,
    private readonly plan: WorkbookPlan,
    private readonly task: Omit<WorkbookRangeTask, 'sheet' | 'header' | 'from' | 'tailFrom'>,
  ) {}

  dataSheet(sheet: ZipPart, parts: WorkbookParts, pauseAt: (offset: number) => void): void {
    if (sheet.size < this.plan.minSheetBytes) return;
    if ((parts.sharedStrings?.size ?? 0) > this.plan.maxSharedStringsBytes) {
      this.why = 'shared strings too large to hold twice';
      return;
    }
    this.why = 'no header before the cut';
    // The range is asked for once this thread's validation has the header (a row or two below
    // the header row), handed to the other thread with it.
    this.validation.headerFound = (header) => {
      this.validation.headerFound = null;
      const from = this.plan.cut ?? Math.floor(sheet.size * this.plan.share);
      const tailFrom = sheet.size - this.plan.tailBytes;
      this.why = 'no row after the cut';
      // Asked from a promise, so a runner that throws at once is a failed range, not a damaged file.
      this.pending = Promise.resolve()
        .then(() =>
          this.run.range({
            ...this.task,
            sheet: sheet.name,
            header,
            from,
            tailFrom: this.plan.tailBytes > 0 && tailFrom > from ? tailFrom : null,
          }),
        )
        .catch((error: unknown) => `the other thread failed: ${String(error)}`);
      pauseAt(from);
    };
  }

  async handOff(pause: ScanPause, rest: AsyncIterator<Buffer>): Promise<Buffer | null> {
    // The other thread inflates the sheet's second half and checks its bytes: not this one.
    await rest.return?.();
    const refuse = (reason: string) => new SplitRefusedError(reason);
    if (this.pending === null) throw refuse('paused without a range');
    if (!pause.clean) throw refuse('the cut is not between rows');
    const outcome = await this.pending;
    if (typeof outcome === 'string') throw refuse(outcome);
    if (outcome.refusal !== null) throw refuse(outcome.refusal);
    if (outcome.start !== pause.at)
      throw refuse(`the range starts at ${outcome.start}, the scan paused at ${pause.at}`);
    if (this.validation.stoppedFatally) throw refuse('this thread stopped reading');
    if (!this.validation.absorb(outcome.state, 0))
      throw refuse('the range cannot be read apart from the rows before it');
    this.outcome = outcome;
    return outcome.tail === null ? null : Buffer.from(outcome.tail.bytes);
  }
}

/**
 * The other thread's work: the sheet's rows from the first row tag at or after `task.from`,
 * validated on their own under the header of its first rows.
 */
export async function readWorkbookRange(task: WorkbookRangeTask): Promise<WorkbookRangeOutcome> {
  const workbook = await OpenedWorkbook.open(task.file, task.bytes, task.zipLimits);
  try {
    const { zip, parts } = workbook;
    const part = zip.part(task.sheet);
    if (part === undefined) throw new Error(`no part ${task.sheet}`);
    // Read while the sheet's first part inflates unscanned (the tables are wanted from the cut).
    const tables = workbook.tables();
    tables.catch(() => {});

    const validation = new ExportValidation(task.options, true, task.context);
    validation.continueUnder(task.header);
    let stopped = false;
    validation.onStop(() => {
      stopped = true;
    });
    const emit = emitterFor(validation, () => stopped);
    let scanner: SheetScanner | null = null;
    /** The range's scan, from the row tag at `at`. */
    const startAt = async (at: number): Promise<SheetScanner> => {
      const { styles, strings } = await tables;
      const started = new SheetScanner({
        ...sheetScannerOptions(strings, styles, parts.date1904, task.options),
        midSheet: true,
        firstByteAt: at,
        onRow: (read) => emit(pendingRow(read, task.options)),
      });
      if (task.tailFrom !== null) started.pauseAtRowFrom(task.tailFrom);
      return started;
    };

    let start = -1;
    // The sheet's bytes after the range's end, inflated and checked here for the caller's tail.
    const tailChunks: Buffer[] = [];
    // A tag cut by a chunk's end, with its offset.
    let carry: Buffer | null = null;
    let carryAt = 0;
    let at = 0;
    for await (const chunk of zip.read(part, 'worksheet')) {
      const chunkAt = at;
      at += chunk.length;
      if (scanner?.pause != null) {
        tailChunks.push(chunk);
        continue;
      }
      if (scanner !== null) {
        scanner.push(chunk);
        if (scanner.done || stopped) break;
        continue;
      }
      if (at <= task.from) continue;
      const buf: Buffer = carry === null ? chunk : Buffer.concat([carry, chunk]);
      const bufAt = carry === null ? chunkAt : carryAt;
      carry = null;
      for (
        let lt = buf.indexOf(0x3c, Math.max(0, task.from - bufAt));
        lt !== -1;
        lt = buf.indexOf(0x3c, lt + 1)
      ) {
        const row = opensRowTag(buf, lt);
        if (row === 'more') {
          carry = buf.subarray(lt);
          carryAt = bufAt + lt;
          break;
        }
        if (!row) continue;
        start = bufAt + lt;
        scanner = await startAt(start);
        scanner.push(buf.subarray(lt));
        break;
      }
      if (scanner !== null && (scanner.done || stopped)) break;
    }
    if (scanner === null) return refused(validation, 'no row tag after the cut');
    if (scanner.unnumberedStart)
      return refused(validation, 'the range starts with a row without its number', start);
    let tail: WorkbookRangeOutcome['tail'] = null;
    const pause = scanner.pause;
    if (pause !== null) {
      if (!pause.clean) return refused(validation, 'the tail is not cut between rows', start);
      // A copy of its own (not a slice of a pooled buffer): it is transferred to the caller.
      tail = { at: pause.at, bytes: new Uint8Array(Buffer.concat([pause.rest, ...tailChunks])) };
    } else if (!stopped) scanner.end();
    return { state: validation.rangeState(), start, tail, refusal: null };
  } finally {
    await workbook.close();
  }
}

function refused(validation: ExportValidation, refusal: string, start = -1): WorkbookRangeOutcome {
  return { state: validation.rangeState(), start, tail: null, refusal };
}
