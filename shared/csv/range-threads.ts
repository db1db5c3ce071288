/**
 * `budget validate` of a CSV file on every core (see parallel-validation.ts for how the ranges
 * are cut and proven to read as one): the first range here, each other one on a worker thread
 * that reads its bytes from the file itself.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HeaderContext } from '../export/header-detection';
import type { ValidateOptions } from '../export/validate-options';
import { type ByteSource, type ParallelValidation, validateInRanges } from './parallel-validation';
import type { RangeOutcome } from './range-validation';
import type { RangeRequest } from './range-worker';
import { readFileRange } from './read-file-range';

/** The file's last bytes are read after the ranges (see `RangePlan.tailBytes`). */
const TAIL_BYTES = 64 * 1024;

/**
 * Threads by default: two when the machine has two CPUs or more and, right now, at least 1.5
 * of them are idle (`busyCpus`: what other processes use), else one. A second thread costs ~25 %
 * more CPU in all (a second isolate compiling and collecting, its groups built twice and added
 * up here), so it is faster only with a core of its own: measured on a 2-CPU machine with one
 * core taken by other work, two threads took 3.8–4.3 s where one took 3.2–3.4 s
 * (docs/benchmark.md). More than two would be faster on an idle machine with more cores, but
 * each thread holds the groups of its part of the file (the bench export spreads all 50,000
 * groups over every part): one reading of it peaks at ~146 MiB, two threads at ~185 MiB, a third
 * would pass the 200 MB target. `--threads N` asks for N whatever the load.
 */
export function threadsFor(cpus: number, busyCpus: number): number {
  return cpus >= 2 && cpus - busyCpus >= 1.5 ? 2 : 1;
}

/** The CPUs are watched at least this long before choosing: the kernel counts in 10 ms ticks. */
const MIN_WATCH_MS = 50;

const cpuTimes = () =>
  cpus().reduce(
    (sum, cpu) => {
      const { idle, ...busy } = cpu.times;
      sum.idle += idle;
      sum.busy += Object.values(busy).reduce((a, b) => a + b, 0);
      return sum;
    },
    { idle: 0, busy: 0 },
  );

export interface CpuWatch {
  times: { idle: number; busy: number };
  own: NodeJS.CpuUsage;
  at: number;
}

export const watchCpus = (): CpuWatch => ({
  times: cpuTimes(),
  own: process.cpuUsage(),
  at: performance.now(),
});

/** Watched from when this module loads: by the time a file is cut, the watch costs no wait. */
const loaded = watchCpus();

/**
 * How many CPUs other processes kept busy since `since` (this process's own time taken out),
 * waiting first if that was under `MIN_WATCH_MS` ago. Not the load average: it trails by a
 * minute, so a benchmark that alternates with another program (or a run right after a build)
 * would see that past as other work.
 */
export async function busyCpusNow(since: CpuWatch = loaded): Promise<number> {
  const wait = MIN_WATCH_MS - (performance.now() - since.at);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const after = cpuTimes();
  const own = process.cpuUsage(since.own);
  const busy = after.busy - since.times.busy;
  const total = busy + after.idle - since.times.idle;
  const others = busy - (own.user + own.system) / 1000;
  return total <= 0 ? 0 : (Math.max(0, others) / total) * cpus().length;
}

export async function defaultThreads(): Promise<number> {
  return threadsFor(availableParallelism(), await busyCpusNow());
}

/** Below this per range, starting a thread (about 50 ms and 20 MB) costs more than it saves. */
export const MIN_RANGE_BYTES = 8 << 20;

/**
 * A worker thread running `entry`, a module next to the caller's (`callerUrl`): its bundled .mjs
 * (`scripts/build-cli.mjs` builds each entry next to the chunks), or its TypeScript source run
 * through tsx (tests, no bundle).
 */
export function startWorker(callerUrl: string, entry: string): Worker {
  const fromSource = callerUrl.endsWith('.ts');
  const url = new URL(`./${entry}${fromSource ? '.ts' : '.mjs'}`, callerUrl);
  // A small young generation: each thread's semi-spaces are resident memory of the process
  // (measured: 4 MB costs no time here; 1 MiB chunks with it did, so reads stay at 64 KiB).
  // The old generation is capped so a range with far more groups than the 50,000 of the bench
  // export (38 MB live) ends its thread, and the file is read in one piece, rather than the
  // threads together outgrowing one reading's memory; 64 MB was too tight for the bench export.
  const resourceLimits = {
    maxYoungGenerationSizeMb: 4,
    maxOldGenerationSizeMb: 128,
  };
  return new Worker(url, fromSource ? { execArgv: ['--import', 'tsx'], resourceLimits } : { resourceLimits });
}

function fileSource(file: string, size: number, onProgress?: (bytes: number) => void): ByteSource {
  return {
    size,
    async *read(start, end) {
      for await (const chunk of readFileRange(file, start, end)) {
        // Reading here to the end is reading in one piece (or the tail): its progress.
        if (end === size) onProgress?.(start + chunk.byteLength);
        yield chunk;
      }
    },
    onRangeDone: onProgress,
  };
}

/**
 * Posts `request` to `worker` and resolves with the outcome it posts back (`{ outcome }`, or
 * `{ error }`), once the worker has ended.
 */
export function runOn<Outcome>(worker: Worker, request: unknown): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    worker.once('message', (message: { outcome?: Outcome; error?: string }) => {
      worker.off('error', reject);
      // Its groups are on this thread now: the worker's memory goes before they are added up
      // here (the two together made the peak).
      const ended = worker.terminate();
      if (message.outcome !== undefined) {
        const { outcome } = message;
        void ended.then(() => resolve(outcome));
      } else reject(new Error(message.error ?? 'range worker failed'));
    });
    worker.once('error', reject);
    worker.postMessage(request);
  });
}

export interface CsvFileReading {
  threads?: number;
  minRangeBytes?: number;
  /** Bytes of the file validated so far (ranges as they are added up, or a reading in one piece). */
  onProgress?: (bytes: number) => void;
}

export async function validateCsvFile(
  file: string,
  options: Partial<ValidateOptions> | undefined,
  context: HeaderContext,
  { threads, minRangeBytes = MIN_RANGE_BYTES, onProgress }: CsvFileReading = {},
): Promise<ParallelValidation> {
  const { size } = await stat(file);
  const source = fileSource(file, size, onProgress);
  const most = Math.floor(size / minRangeBytes);
  const wanted = threads ?? (most >= 2 ? await defaultThreads() : 1);
  const ranges = Math.max(1, Math.min(wanted, most));
  // Started before the file is planned, so their start-up overlaps the header probe.
  const workers =
    ranges < 2 ? [] : Array.from({ length: ranges - 1 }, () => startWorker(import.meta.url, 'range-worker'));
  try {
    return await validateInRanges(
      source,
      {
        range: (task, k) =>
          runOn<RangeOutcome>(workers[k - 1] as Worker, { file, task } satisfies RangeRequest),
        stop: () => {
          for (const worker of workers) void worker.terminate();
        },
      },
      { ranges, minRangeBytes, tailBytes: TAIL_BYTES },
      options,
      context,
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
