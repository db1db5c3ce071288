/**
 * Validating a large CSV export on several threads with exactly the verdict of one reading.
 *
 * The file is cut into byte ranges, one per thread. The first range is read from the file's
 * start as always (it finds the header and reports what a header can be wrong about); every
 * other range starts just after a line break and is read under the header the first lines
 * gave, with its own line count. Each range's validation hands over its state (range-state.ts)
 * and `ExportValidation.absorb` adds them up in file order: issues in order and capped as one
 * reading caps them, line numbers shifted by the lines before the range, groups and totals
 * summed. Then `finish` gives the verdict, as for one reading.
 *
 * Exactness is proven, not assumed; when a proof fails the file is read again in one piece,
 * so the answer is always the sequential one:
 * - a cut is a record boundary when the range before it, read from a proven record start,
 *   ends with whole records (`RangeOutcome.endedAtRecord`: a line break inside a quoted field
 *   at the cut leaves an unfinished record). The first range starts at the file's start;
 * - the file is UTF-8 with LF or CRLF line breaks, every range read as valid UTF-8 (an encoding
 *   decided per range could differ from the file's), and the header the first lines give is
 *   the one the first range found;
 * - nothing a range found depends on rows before it in a way it could not see: `absorb`
 *   refuses a fatal stop, a totals row after the first range, a 合计 waiting for the whole
 *   file, a project, unit or period met with other names than before, a limit passed.
 *
 * Only `budget validate` reads this way (range-threads.ts): it has the file on disk and the
 * cores of the machine it runs on. The ingest function streams its object from S3 and has
 * less than one vCPU at 1,024 MB, where threads would only add their memory.
 */
import type { ValidationResult } from '../domain-types';
import { ExportValidation } from '../export/export-validation';
import { type DetectedHeader, type HeaderContext, HeaderDetection } from '../export/header-detection';
import type { IssueSink } from '../export/issue-collector';
import type { RecordSink } from '../export/record-source';
import { validateWithSource } from '../export/validate-export';
import { resolveValidateOptions, type ValidateOptions } from '../export/validate-options';
import { CsvRecordReader } from './csv-record-reader';
import { inspectLeadingBytes, SIGNATURE_BYTES } from './input-format';
import { type RangeOutcome, type RangeTask, readRange } from './range-validation';
import { readCsvRecords } from './read-csv-records';

/** A file's bytes, by range. */
export interface ByteSource {
  size: number;
  read(start: number, end: number): AsyncIterable<Uint8Array>;
  /** Told the end of each range once it is added up (a progress line). */
  onRangeDone?: (end: number) => void;
}

export interface RangeRunner {
  /** Validates one range (`index` from 0), on a thread of its own or not. */
  range(task: RangeTask, index: number): Promise<RangeOutcome>;
  /** The file is read in one piece after all: stop what still runs. */
  stop(): void;
}

export interface RangePlan {
  /** Ranges to cut the file into (threads available). */
  ranges: number;
  /**
   * The file's last bytes (about this many; 0: none) are read here after the ranges have been
   * added up, on from their state: a 合计 on the last lines, where exports put it, is then
   * checked as in one reading instead of sending the whole file back to one reading.
   */
  tailBytes: number;
  /** No range is cut smaller than this: below it, a thread costs more than it saves. */
  minRangeBytes: number;
  /**
   * Where to cut, before each cut moves to just after the next line break (tests cut anywhere);
   * default: evenly. The last cut, when `tail` is set, starts the tail.
   */
  cuts?: number[];
}

/** The header is looked for in this much of the file's start (a title, notes, up to 3 header rows). */
const HEADER_PROBE_BYTES = 1 << 20;
/** A cut moves to the next line break within this many bytes, or the file is read in one piece. */
const CUT_SEARCH_BYTES = 1 << 20;

export type ParallelPath =
  | { kind: 'parallel'; ranges: { start: number; end: number; lines: number }[] }
  | { kind: 'sequential'; reason: string };

export interface ParallelValidation {
  result: ValidationResult;
  /** How the file was read, and why not in ranges (tests and the benchmark report it). */
  path: ParallelPath;
}

const IGNORE_ISSUES: IssueSink = { error: () => {}, warn: () => {} };

async function bytesOf(input: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  // Copied: a source may reuse its chunk buffer (read-file-range.ts does).
  for await (const chunk of input) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The header the file's first lines give, or why the file is not read in ranges. */
function probeHeader(
  head: Buffer,
  wholeFile: boolean,
  options: ValidateOptions,
  context: HeaderContext,
): DetectedHeader | string {
  if (head.length < SIGNATURE_BYTES) return 'file too short';
  const leading = inspectLeadingBytes(head);
  if (leading.kind !== 'text' || leading.encoding === 'gb18030') return 'not UTF-8 text';
  const firstBreak = head.findIndex((byte) => byte === 0x0a || byte === 0x0d);
  if (firstBreak === -1 || (head[firstBreak] === 0x0d && head[firstBreak + 1] !== 0x0a)) {
    return 'not LF or CRLF line breaks';
  }
  const detection = new HeaderDetection(IGNORE_ISSUES, context);
  let found: DetectedHeader | string = 'no header in the first MiB';
  let stop = () => {};
  const sink: RecordSink = {
    onRecord(record, line) {
      if (typeof found !== 'string') return;
      const step = detection.offer(record, line);
      if (step.kind === 'found') found = step.header;
      if (step.kind === 'unusable') found = 'unusable header';
      if (step.kind !== 'pending') stop();
    },
    onProblem() {},
    onStop(given) {
      stop = given;
    },
  };
  const reader = new CsvRecordReader(options, sink);
  sink.onStop(() => reader.stop());
  reader.push(head);
  // The whole file: its last record too (and what the reader held to decide the encoding).
  if (wholeFile) reader.end();
  if (typeof found === 'string' && reader.encoding === 'gb18030') return 'not UTF-8 text';
  return found;
}

/** Just after the first line break at or after `from`, or null when there is none near. */
async function cutAfter(source: ByteSource, from: number): Promise<number | null> {
  const window = await bytesOf(source.read(from, Math.min(source.size, from + CUT_SEARCH_BYTES)));
  const lf = window.indexOf(0x0a);
  return lf === -1 || from + lf + 1 >= source.size ? null : from + lf + 1;
}

/**
 * Where the ranges start, just after line breaks, about `size / ranges` apart (and where the
 * tail starts, if any); null when a cut cannot be placed.
 */
async function planCuts(
  source: ByteSource,
  plan: RangePlan,
): Promise<{ cuts: number[]; tail: number } | null> {
  const ranges = Math.min(plan.ranges, Math.floor(source.size / plan.minRangeBytes));
  const nominal =
    plan.cuts ?? Array.from({ length: ranges - 1 }, (_, k) => Math.floor((source.size * (k + 1)) / ranges));
  if (ranges < 2 || nominal.length === 0) return null;
  const cuts = [0];
  for (const at of nominal) {
    const cut = await cutAfter(source, Math.max(at, (cuts[cuts.length - 1] as number) + 1));
    if (cut === null) return null;
    cuts.push(cut);
  }
  const last = cuts[cuts.length - 1] as number;
  const tail =
    plan.tailBytes > 0 ? await cutAfter(source, Math.max(source.size - plan.tailBytes, last + 1)) : null;
  return { cuts, tail: tail ?? source.size };
}

/**
 * Validates a CSV export in byte ranges (`run` validates one, on a thread or not) when the file
 * is large enough and the result is proven identical; otherwise in one piece.
 */
export async function validateInRanges(
  source: ByteSource,
  run: RangeRunner,
  plan: RangePlan,
  partialOptions: Partial<ValidateOptions> | undefined,
  context: HeaderContext,
): Promise<ParallelValidation> {
  const options = resolveValidateOptions(partialOptions);
  const sequential = async (reason: string): Promise<ParallelValidation> => {
    const result = await validateWithSource(source.read(0, source.size), readCsvRecords, options, {
      context,
    });
    return { result, path: { kind: 'sequential', reason } };
  };
  if (source.size > options.maxFileBytes) return sequential('file over maxFileBytes');
  const planned = await planCuts(source, plan);
  if (planned === null) return sequential('file too small to cut');
  const probe = await bytesOf(source.read(0, Math.min(source.size, HEADER_PROBE_BYTES)));
  const header = probeHeader(probe, probe.length === source.size, options, context);
  if (typeof header === 'string') return sequential(header);

  const { cuts, tail } = planned;
  const tasks: RangeTask[] = cuts.map((start, k) => ({
    start,
    end: cuts[k + 1] ?? tail,
    last: k === cuts.length - 1 && tail === source.size,
    header: k === 0 ? null : header,
    options,
    context,
  }));
  // The later ranges start first (on their threads); the first is read here meanwhile, straight
  // into the validation that then adds up the others: one thread fewer, and no copy of its groups.
  const pending = tasks.map((task, k) =>
    k === 0
      ? undefined
      : run.range(task, k).catch((error: unknown) => `thread ${k} failed: ${String(error)}`),
  );
  const merged = new ExportValidation(options, false, context);
  const [firstTask] = tasks as [RangeTask, ...RangeTask[]];
  // A read error here (the file changed or vanished) is left to one reading, which reports it
  // as validateExport does, as for a thread that failed.
  const first = await readRange(merged, firstTask, source.read(firstTask.start, firstTask.end)).catch(
    (error: unknown) => `range 0 failed: ${String(error)}`,
  );
  const firstRefusal =
    typeof first === 'string'
      ? first
      : !first.endedAtRecord
        ? 'range 0 ends inside a record'
        : first.damaged || first.encoding === 'gb18030'
          ? 'range 0 is not valid UTF-8'
          : merged.stoppedFatally
            ? 'range 0 stopped reading'
            : null;
  if (firstRefusal !== null || typeof first === 'string') {
    run.stop();
    return sequential(firstRefusal ?? 'range 0');
  }
  const ranges = [{ start: firstTask.start, end: firstTask.end, lines: first.lines }];
  let lines = first.lines;
  let bytes = first.bytes;
  source.onRangeDone?.(firstTask.end);
  // The others in file order, each as soon as it is there.
  for (const [k, task] of tasks.entries()) {
    if (k === 0) continue;
    const outcome = await pending[k];
    const refusal =
      typeof outcome === 'string'
        ? outcome
        : !outcome?.endedAtRecord
          ? `range ${k} ends inside a record`
          : outcome.damaged || outcome.encoding === 'gb18030'
            ? `range ${k} is not valid UTF-8`
            : !merged.absorb(outcome.state, lines)
              ? `range ${k} cannot be read apart from the rows before it`
              : null;
    if (refusal !== null || typeof outcome === 'string' || outcome === undefined) {
      // A thread that failed (out of memory, the file changed under it) or a proof that did
      // not hold: one reading, which also reports an I/O error as validateExport does.
      run.stop();
      return sequential(refusal ?? `range ${k}`);
    }
    ranges.push({ start: task.start, end: task.end, lines: outcome.lines });
    lines += outcome.lines;
    bytes += outcome.bytes;
    source.onRangeDone?.(task.end);
  }
  if (tail < source.size) {
    // The tail, read here on from the ranges' state, as one reading reads it.
    const reader = new CsvRecordReader(options, merged, 'fast', 'record', lines + 1);
    merged.onStop(() => reader.stop());
    for await (const chunk of source.read(tail, source.size)) {
      reader.push(chunk);
      if (reader.isStopped) break;
    }
    reader.end();
    if (reader.sawDamagedText || reader.encoding === 'gb18030')
      return sequential('the tail is not valid UTF-8');
    ranges.push({ start: tail, end: source.size, lines: reader.lineAfter - 1 - lines });
    bytes += reader.bytesRead;
  }
  return { result: merged.finish({ bytes, encoding: 'utf-8' }), path: { kind: 'parallel', ranges } };
}
