/**
 * One byte range of a CSV export validated on its own — what each thread of a parallel
 * reading does (see parallel-validation.ts). The range starts at the file's start or at a
 * record start inside an LF/CRLF file, and (but for the last) ends just after a line break.
 */
import { ExportValidation } from '../export/export-validation';
import type { DetectedHeader, HeaderContext } from '../export/header-detection';
import type { RangeState } from '../export/range-state';
import type { ValidateOptions } from '../export/validate-options';
import { CsvRecordReader } from './csv-record-reader';
import type { TextEncoding } from './detect-encoding';

export interface RangeTask {
  /** Byte offsets in the file: [start, end). */
  start: number;
  end: number;
  /** The file's last range: its end is the file's, not a record boundary to prove. */
  last: boolean;
  /** Null for the first range (it finds the header itself); the file's header for the others. */
  header: DetectedHeader | null;
  options: ValidateOptions;
  context: HeaderContext;
}

export interface RangeOutcome {
  state: RangeState;
  /** Line breaks in the range: the next range's first line is this many lines further. */
  lines: number;
  /**
   * Every byte was read as whole records (the range did not end inside a quoted field), which
   * proves the next range starts at a record. Always true for the last range.
   */
  endedAtRecord: boolean;
  encoding: TextEncoding | null;
  /** Some batch was not valid text in that encoding. */
  damaged: boolean;
  bytes: number;
}

export async function validateRange(
  task: RangeTask,
  input: AsyncIterable<Uint8Array>,
): Promise<RangeOutcome> {
  const validation = new ExportValidation(task.options, false, task.context);
  if (task.header !== null) validation.continueUnder(task.header);
  const reading = await readRange(validation, task, input);
  return { state: validation.rangeState(), ...reading };
}

/**
 * Feeds one range's records to `validation`: a range of its own (above), or the file's first
 * range read straight into the validation that then absorbs the others (parallel-validation.ts).
 */
export async function readRange(
  validation: ExportValidation,
  task: RangeTask,
  input: AsyncIterable<Uint8Array>,
): Promise<Omit<RangeOutcome, 'state'>> {
  const reader = new CsvRecordReader(
    task.options,
    validation,
    'fast',
    task.header === null ? 'file' : 'record',
  );
  validation.onStop(() => reader.stop());
  for await (const chunk of input) {
    reader.push(chunk);
    if (reader.isStopped) break;
  }
  let endedAtRecord = true;
  if (task.last) reader.end();
  else endedAtRecord = reader.endRange();
  return {
    lines: reader.lineAfter - 1,
    endedAtRecord,
    encoding: reader.encoding,
    damaged: reader.sawDamagedText,
    bytes: reader.bytesRead,
  };
}
