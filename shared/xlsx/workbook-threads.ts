/**
 * `budget validate` of a workbook on two threads (see workbook-ranges.ts for how the data sheet
 * is cut and proven to read as one): this thread reads the workbook, a worker thread the second
 * half of the data sheet, from the file itself.
 */
import { stat } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import { defaultThreads, runOn, startWorker } from '../csv/range-threads';
import type { HeaderContext } from '../export/header-detection';
import type { ValidateOptions } from '../export/validate-options';
import {
  validateWorkbookInRanges,
  type WorkbookPlan,
  type WorkbookRangeOutcome,
  type WorkbookValidation,
} from './workbook-ranges';

/**
 * Below this much sheet XML (about 40,000 rows of the bench export), a second thread (its start,
 * its own inflating of the sheet's first half) costs more than it saves.
 */
export const MIN_SHEET_BYTES = 16 << 20;

export const WORKBOOK_PLAN: WorkbookPlan = {
  minSheetBytes: MIN_SHEET_BYTES,
  // Each thread holds the table: the usual one (a few thousand names) is well under this.
  maxSharedStringsBytes: 16 << 20,
  tailBytes: 64 * 1024,
  share: 0.5,
};

export interface WorkbookFileReading {
  threads?: number;
  plan?: Partial<WorkbookPlan>;
  /** A worker started earlier (`startWorkbookWorker`); ended here if it is not wanted. */
  worker?: Worker | null;
  /** The share of the data sheet read so far (this thread's; the rest comes at once at the end). */
  onProgress?: (share: number) => void;
}

/**
 * A workbook smaller than this on disk is read in one piece without asking how busy the CPUs
 * are (a sheet of `MIN_SHEET_BYTES` deflates to at least ~1.5 MB).
 */
const MIN_FILE_BYTES = 1 << 20;

/**
 * The worker of a two-thread reading, started before it is known to be wanted (before the CLI
 * has told an export from an indicator file, and the CPUs' load): its start-up (~70 ms of
 * loading the reader) then overlaps that work instead of delaying the second half. Null when
 * the file is too small to be split or one thread was asked for.
 */
export function startWorkbookWorker(size: number, threads?: number): Worker | null {
  if (threads === 1 || size < MIN_FILE_BYTES) return null;
  return startWorker(import.meta.url, 'workbook-range-worker');
}

export async function validateWorkbookFile(
  file: string,
  options: Partial<ValidateOptions> | undefined,
  context: HeaderContext,
  { threads, plan, worker: early = null, onProgress }: WorkbookFileReading = {},
): Promise<WorkbookValidation> {
  const { size } = await stat(file);
  const wanted = threads ?? (size >= MIN_FILE_BYTES ? await defaultThreads() : 1);
  let worker: Worker | null = early;
  if (wanted < 2) {
    void early?.terminate();
    worker = null;
  } else worker ??= startWorker(import.meta.url, 'workbook-range-worker');
  const stop = () => {
    void worker?.terminate();
    worker = null;
  };
  return validateWorkbookInRanges(
    file,
    size,
    {
      range: (task) =>
        worker === null ? Promise.reject(new Error('one thread')) : runOn<WorkbookRangeOutcome>(worker, task),
      stop,
    },
    { ...WORKBOOK_PLAN, ...plan, ...(worker === null ? { minSheetBytes: Number.POSITIVE_INFINITY } : {}) },
    options,
    context,
    onProgress,
  );
}
