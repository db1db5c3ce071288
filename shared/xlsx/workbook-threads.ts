/**
 * `budget validate` of a workbook on two threads (see workbook-ranges.ts for how the data sheet
 * is cut and proven to read as one): this thread reads the workbook, a worker thread the second
 * part of the data sheet, from the file itself.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { busyCpusNow, runOn, startWorker } from '../csv/range-threads';
import type { HeaderContext } from '../export/header-detection';
import type { ValidateOptions } from '../export/validate-options';
import type { OpenedWorkbook } from './opened-workbook';
import {
  validateWorkbookInRanges,
  type WorkbookPlan,
  type WorkbookRangeOutcome,
  type WorkbookValidation,
} from './workbook-ranges';

/**
 * By default a data sheet is read on two threads from this much XML on (about 260,000 rows of
 * the bench export). Below it one thread is faster: the second thread's start, its inflating of
 * the sheet's first part and the adding up of its groups (the bench export has 50,000) cost more
 * than it saves. Measured on 2 idle CPUs (docs/benchmark.md): 100,000 rows 0.73 s on one thread,
 * 0.90 s on two; 200,000 rows 1.10 s against 1.20 s; 400,000 rows 1.95 s against 1.75 s.
 */
export const SPLIT_SHEET_BYTES = 128 << 20;

/** With `--threads 2` asked for, a sheet is split from this much XML on (about 40,000 rows). */
export const MIN_SHEET_BYTES = 16 << 20;

export const WORKBOOK_PLAN: WorkbookPlan = {
  minSheetBytes: SPLIT_SHEET_BYTES,
  // Each thread holds the table: the usual one (a few thousand names) is well under this.
  maxSharedStringsBytes: 16 << 20,
  tailBytes: 64 * 1024,
  // The other thread first inflates the part before its range unscanned: it takes the smaller
  // share. 0.50 / 0.54 / 0.58 measured 1.90 / 1.78 / 1.77 s at 400,000 rows.
  share: 0.56,
};

export interface WorkbookFileReading {
  threads?: number;
  plan?: Partial<WorkbookPlan>;
  /** A worker started earlier (`startWorkbookWorker`); ended here if it is not wanted. */
  worker?: Worker | null;
  /** The share of the data sheet read so far (this thread's; the rest comes at once at the end). */
  onProgress?: (share: number) => void;
  /** The file already opened by the caller (opened-workbook.ts), who closes it. */
  opened?: OpenedWorkbook;
}

/**
 * Workbooks smaller than this on disk are read on one thread without asking how busy the CPUs
 * are, and their worker is not started early: a sheet of `SPLIT_SHEET_BYTES` deflates to about
 * 19 MB in the bench export, more where a sheet repeats less.
 */
const MIN_FILE_BYTES = 12 << 20;

/**
 * CPUs a two-thread reading wants free by default: one per scanning thread and one for the two
 * inflaters and the collectors. On 2 CPUs (this project's development machine, idle) the two
 * threads shared them with both inflaters and took as long as one thread (1.64-1.67 s against
 * 1.61-1.63 s for the 400,000-row bench workbook), with 55 MiB more at the peak: there one
 * thread reads, unless `--threads 2` asks (docs/benchmark.md).
 */
const WORKBOOK_THREAD_CPUS = 3.5;

/** Two threads when the machine has `WORKBOOK_THREAD_CPUS` free, else one. */
export function workbookThreadsFor(cpus: number, busyCpus: number): number {
  return cpus - busyCpus >= WORKBOOK_THREAD_CPUS ? 2 : 1;
}

/** Whether this machine could give a workbook two threads by default (before watching its load). */
const mayUseTwo = () => workbookThreadsFor(availableParallelism(), 0) === 2;

/**
 * The worker of a two-thread reading, started before it is known to be wanted (before the CLI
 * has told an export from an indicator file, and the CPUs' load): its start-up (~70 ms of
 * loading the reader) then overlaps that work instead of delaying the second part. Null when
 * the file is too small to be split or one thread was asked for.
 */
export function startWorkbookWorker(size: number, threads?: number): Worker | null {
  if (threads === 1 || (threads === undefined && (size < MIN_FILE_BYTES || !mayUseTwo()))) return null;
  return startWorker(import.meta.url, 'workbook-range-worker');
}

export async function validateWorkbookFile(
  file: string,
  options: Partial<ValidateOptions> | undefined,
  context: HeaderContext,
  { threads, plan, worker: early = null, onProgress, opened }: WorkbookFileReading = {},
): Promise<WorkbookValidation> {
  const { size } = await stat(file);
  const wanted =
    threads ??
    (size >= MIN_FILE_BYTES && mayUseTwo()
      ? workbookThreadsFor(availableParallelism(), await busyCpusNow())
      : 1);
  // Asked for two threads, a smaller sheet is split too (the default waits for a larger one).
  const asked = threads === undefined ? {} : { minSheetBytes: MIN_SHEET_BYTES };
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
      // Resolved once the worker has exited, as a CSV's range is: its heap and the state added
      // up here together took the 400,000-row workbook's peak past 190 MiB.
      range: (task) =>
        worker === null ? Promise.reject(new Error('one thread')) : runOn<WorkbookRangeOutcome>(worker, task),
      stop,
    },
    {
      ...WORKBOOK_PLAN,
      ...asked,
      ...plan,
      ...(worker === null ? { minSheetBytes: Number.POSITIVE_INFINITY } : {}),
    },
    options,
    context,
    onProgress,
    opened,
  );
}
