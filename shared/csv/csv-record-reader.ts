/**
 * Bytes in, CSV records out, each with the physical line where it starts — streaming, in
 * bounded memory, for UTF-8 and GB18030 alike.
 *
 * How: incoming bytes are cut into batches at the last line break that is outside quotes
 * (quote parity). Cutting at a line break has three benefits: a record (and a multibyte
 * character, whose bytes are never 0x0A or 0x0D in UTF-8 or GB18030) is never split between
 * batches; each batch starts at a known line; and the parser runs without `info`/`raw`
 * bookkeeping.
 *
 * Valid UTF-8 with LF or CRLF line breaks (nearly every export, and GB18030 once re-encoded)
 * goes through `FastRecordSplitter`, which splits one-line records with plain or simply
 * quoted fields itself and leaves every other record to csv-parse, the parser of record (see
 * there; the fuzz suite checks the two agree). Everything else, and everything when
 * `CsvParsing` is `csv-parse`, is parsed by csv-parse's synchronous parser a batch at a time:
 * when a batch holds as many records as line breaks, record i starts at `batchLine + i`.
 * Otherwise some record spans lines, or the batch does not parse: the batch is then split
 * record by record and each piece is parsed on its own, which locates line numbers and syntax
 * errors exactly. (csv-parse's own `info.lines` counts a CRLF inside quotes as two lines,
 * hence this.)
 *
 * Memory: the current batch (one input chunk, or up to 64 KiB held while the encoding is
 * being decided) plus the unfinished record carried over, which is bounded by `maxRecordBytes`.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { CsvError, parse } from 'csv-parse/sync';
import type { ReaderLimits, ReaderProblem, RecordSink } from '../export/record-source';
import { detectEncoding, type TextEncoding } from './detect-encoding';
import { FastRecordSplitter } from './fast-record-splitter';
import { inspectLeadingBytes, SIGNATURE_BYTES } from './input-format';

/**
 * `fast`: plain records are split by `FastRecordSplitter`, the rest by csv-parse (the default);
 * `csv-parse`: every record by csv-parse, the reference the fuzz suite holds the fast path to.
 */
export type CsvParsing = 'fast' | 'csv-parse';

/**
 * Where the bytes start: the file's beginning (the default), or a record start inside an LF or
 * CRLF file that a parallel reading found (`shared/csv/parallel-validation.ts`): there is no
 * signature or byte-order mark to read, the line break is known, and lines count from 1 within
 * the range (the caller adds the lines before it).
 */
export type CsvStart = 'file' | 'record';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const EMPTY = Buffer.alloc(0);
/**
 * Bytes, from the first chunk with non-ASCII bytes on, that the encoding is decided on: enough
 * text for the decision not to hang on a few characters, small enough to hold.
 */
const DETECTION_WINDOW = 64 * 1024;

/** Arrays, not objects; no trimming or casting: the validator decides what a cell means. */
const PARSE_OPTIONS = { relax_column_count: true, bom: false } as const;
/**
 * The record delimiter is the file's line break as the reader counts lines, never left to
 * csv-parse's detection: that looks at the first break of each batch or piece, so a bare CR
 * inside an LF file would split a record in one batch and not in another, and the verdict
 * would depend on how the input was chunked. In an LF (or CRLF) file every LF ends a record
 * and a bare CR is an ordinary character; in a CR file, every CR ends one.
 */
const PARSE_LF = { ...PARSE_OPTIONS, record_delimiter: ['\r\n', '\n'] };
const PARSE_CR = { ...PARSE_OPTIONS, record_delimiter: ['\r'] };
const parseOptions = (sep: number) => (sep === CR ? PARSE_CR : PARSE_LF);

function countByte(buf: Uint8Array, byte: number, from: number, to: number): number {
  let count = 0;
  for (let i = buf.indexOf(byte, from); i !== -1 && i < to; i = buf.indexOf(byte, i + 1)) count++;
  return count;
}

export class CsvRecordReader {
  /** Bytes received so far, including a BOM. */
  bytesRead = 0;
  private stopped = false;
  /** Leading bytes held until the file's signature can be read; null once it has been. */
  private head: Buffer | null = EMPTY;
  /**
   * The unfinished record after the last safe cut, as received (chunks are only joined once a
   * record ends, so a long record arriving in small chunks costs O(n), not O(n²)), with the
   * parity of the quotes in it: a line break in the next chunk ends a record only if the
   * quotes before it are balanced.
   */
  private carry: Buffer[] = [];
  private carryLength = 0;
  private carryQuotes = 0;
  /** LF (also for CRLF files) or CR (old Mac exports), once seen. */
  private separator: number | null = null;
  /** Before the separator is known: the last chunk ended with a CR. */
  private crEndedChunk = false;
  private nextLine = 1;
  /** A workbook, UTF-16 or binary file: there is no text encoding to report. */
  private notText = false;
  /** `ascii` until the first non-ASCII batch: ASCII reads the same in both encodings. */
  private textState: 'ascii' | TextEncoding = 'ascii';
  /** Chunks held back while the encoding is open (see `holdForDetection`). */
  private held: Buffer[] = [];
  private heldLength = 0;
  private readonly gbStrict = new TextDecoder('gb18030', { fatal: true });
  private readonly gbLoose = new TextDecoder('gb18030');

  /** Null when every record goes through csv-parse (the reference reading, see `CsvParsing`). */
  private readonly fastSplitter: FastRecordSplitter | null;
  /** A batch was not valid text in the detected encoding (read with replacement characters). */
  private damagedText = false;

  constructor(
    private readonly limits: ReaderLimits,
    private readonly sink: RecordSink,
    parsing: CsvParsing = 'fast',
    start: CsvStart = 'file',
    /** The line the bytes start on (a range after others read before it). */
    firstLine = 1,
  ) {
    this.fastSplitter = parsing === 'fast' ? new FastRecordSplitter() : null;
    this.nextLine = firstLine;
    if (start === 'record') {
      this.head = null;
      this.separator = LF;
    }
  }

  /** The line the next record starts on (one after every line break counted). */
  get lineAfter(): number {
    return this.nextLine;
  }

  /** Whether some batch was not valid text in its encoding (see `ReaderProblem` `badEncoding`). */
  get sawDamagedText(): boolean {
    return this.damagedText;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** The detected encoding; null for no input or input that is not text at all. */
  get encoding(): TextEncoding | null {
    if (this.notText) return null;
    if (this.textState !== 'ascii') return this.textState;
    return this.bytesRead > 0 && this.head === null ? 'utf-8' : null;
  }

  /** Stops reading: later chunks are ignored. Used by the sink after a fatal problem. */
  stop(): void {
    this.stopped = true;
  }

  push(chunk: Uint8Array): void {
    if (this.stopped) return;
    this.bytesRead += chunk.byteLength;
    if (this.bytesRead > this.limits.maxFileBytes) {
      this.fail({ kind: 'fileTooLarge', limit: this.limits.maxFileBytes });
      return;
    }
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.head !== null) {
      this.head = this.head.length === 0 ? Buffer.from(bytes) : Buffer.concat([this.head, bytes]);
      if (this.head.length < SIGNATURE_BYTES) return;
      bytes = this.takeHead();
      if (this.stopped) return;
    }
    if (this.holdForDetection(bytes)) return;
    this.consume(bytes, false);
  }

  /**
   * The end of a byte range that should end at a record boundary (a parallel reading's range,
   * which ends just after a line break): passes on what is held for the encoding decision, and
   * tells whether every byte was read as whole records — false when the range ends inside a
   * quoted field, so the next range did not start at a record after all.
   */
  endRange(): boolean {
    if (this.stopped || this.head !== null) return false;
    if (this.held.length > 0) this.consume(this.takeHeld(EMPTY), false);
    return !this.stopped && this.separator === LF && this.carryLength === 0;
  }

  end(): void {
    if (this.stopped) return;
    let bytes = this.head !== null ? this.takeHead() : EMPTY;
    if (this.stopped) return;
    if (this.held.length > 0) bytes = this.takeHeld(bytes);
    this.consume(bytes, true);
  }

  /**
   * The encoding is decided on the first batch with non-ASCII bytes, and batches follow the
   * chunks the input arrives in: with a small first chunk a few characters would decide (a
   * GB18030 title such as 目录 is valid UTF-8; one broken byte makes UTF-8 look like GB18030),
   * and the same file would be valid or not depending on how the network cut it. So from the
   * first chunk with non-ASCII bytes on, chunks are held until DETECTION_WINDOW bytes are
   * there (or the input ends) and passed on as one.
   * @returns true when `bytes` was held
   */
  private holdForDetection(bytes: Buffer): boolean {
    if (this.textState !== 'ascii') return false;
    if (this.held.length === 0 && isAscii(bytes)) return false;
    // Copied so that a source which reuses its chunk buffer cannot change what is held.
    this.held.push(Buffer.from(bytes));
    this.heldLength += bytes.length;
    if (this.heldLength >= DETECTION_WINDOW) this.consume(this.takeHeld(EMPTY), false);
    return true;
  }

  private takeHeld(tail: Buffer): Buffer {
    const data = Buffer.concat([...this.held, tail]);
    this.held = [];
    this.heldLength = 0;
    return data;
  }

  private fail(problem: ReaderProblem): void {
    if (problem.kind === 'workbook' || problem.kind === 'utf16' || problem.kind === 'binary')
      this.notText = true;
    this.sink.onProblem(problem);
    this.stopped = true;
  }

  private takeHead(): Buffer {
    const head = this.head ?? EMPTY;
    this.head = null;
    const verdict = inspectLeadingBytes(head);
    if (verdict.kind === 'workbook') {
      this.fail({ kind: 'workbook', format: verdict.format });
      return EMPTY;
    }
    if (verdict.kind === 'utf16') {
      this.fail({ kind: 'utf16' });
      return EMPTY;
    }
    if (verdict.encoding !== null) this.textState = verdict.encoding;
    return head.subarray(verdict.bomLength);
  }

  private consume(bytes: Buffer, final: boolean): void {
    // Text never holds NUL bytes; workbooks, images, UTF-16 text without a BOM all do.
    if (bytes.indexOf(0) !== -1) {
      this.fail({ kind: 'binary' });
      return;
    }
    if (final) {
      const data = this.takeCarry(bytes);
      if (data.length > 0) this.processBatch(data, true);
      return;
    }
    const cut = this.findSafeCut(bytes);
    if (cut === 0) {
      // Copied so that a source which reuses its chunk buffer cannot change the carry.
      this.carry.push(Buffer.from(bytes));
      this.carryLength += bytes.length;
      this.carryQuotes += countByte(bytes, QUOTE, 0, bytes.length);
    } else {
      const batch = this.takeCarry(bytes.subarray(0, cut));
      const rest = Buffer.from(bytes.subarray(cut));
      this.carry = rest.length > 0 ? [rest] : [];
      this.carryLength = rest.length;
      this.carryQuotes = countByte(rest, QUOTE, 0, rest.length);
      this.processBatch(batch, false);
    }
    if (!this.stopped && this.carryLength > this.limits.maxRecordBytes) this.failOversizedCarry();
  }

  /** The carried bytes followed by `tail`, as one buffer; empties the carry. */
  private takeCarry(tail: Buffer): Buffer {
    const data = this.carry.length === 0 ? tail : Buffer.concat([...this.carry, tail]);
    this.carry = [];
    this.carryLength = 0;
    this.carryQuotes = 0;
    return data;
  }

  private lineSeparator(data: Buffer, final: boolean): number | null {
    if (this.separator !== null) return this.separator;
    const lf = data.indexOf(LF);
    const cr = data.indexOf(CR);
    if (cr === -1 || (lf !== -1 && lf < cr)) {
      if (lf === -1) return null;
      this.separator = LF;
    } else if (cr + 1 < data.length) {
      this.separator = data[cr + 1] === LF ? LF : CR;
    } else {
      if (!final) return null; // a CR at the end of a chunk: its LF may be in the next one
      this.separator = CR;
    }
    return this.separator;
  }

  /**
   * Index in `chunk` just after its last line break outside quotes, or 0 if it has none. Only
   * the new chunk can hold one: a break in the carry was inside quotes, and stays so.
   */
  private findSafeCut(chunk: Buffer): number {
    // The previous chunk ended with the file's first line break, a CR: this chunk's first byte
    // says whether it was a CRLF (this chunk alone would show only what comes after).
    if (this.separator === null && this.crEndedChunk && chunk.length > 0) {
      this.separator = chunk[0] === LF ? LF : CR;
    }
    const sep = this.lineSeparator(chunk, false);
    if (sep === null) {
      if (chunk.length > 0) this.crEndedChunk = chunk[chunk.length - 1] === CR;
      return 0;
    }
    let end = chunk.lastIndexOf(sep);
    if (end === -1) return 0;
    // Every batch starts outside quotes, so an even number of quote characters before a
    // line break means the break ends a record ("" escapes count two and keep the parity).
    let quotes = this.carryQuotes + countByte(chunk, QUOTE, 0, end);
    while ((quotes & 1) === 1) {
      if (end === 0) return 0;
      const previous = chunk.lastIndexOf(sep, end - 1);
      if (previous === -1) return 0;
      quotes -= countByte(chunk, QUOTE, previous, end);
      end = previous;
    }
    return end + 1;
  }

  private processBatch(batch: Buffer, final: boolean): void {
    let utf8 = batch;
    let damaged = false;
    if (this.textState === 'ascii' && !isAscii(batch)) this.textState = detectEncoding(batch);
    if (this.textState === 'utf-8') {
      damaged = !isUtf8(batch);
      if (damaged) this.damagedText = true;
    } else if (this.textState === 'gb18030') {
      let text: string;
      try {
        text = this.gbStrict.decode(batch);
      } catch {
        text = this.gbLoose.decode(batch);
        damaged = true;
        this.damagedText = true;
      }
      utf8 = Buffer.from(text, 'utf8');
    }

    const sep = this.lineSeparator(utf8, true) ?? LF;
    if (this.fastSplitter !== null && sep === LF && !damaged) {
      this.processSplitting(utf8, this.fastSplitter);
      return;
    }
    const endsWithBreak = utf8.length > 0 && utf8[utf8.length - 1] === sep;
    const lines = countByte(utf8, sep, 0, utf8.length) + (final && !endsWithBreak ? 1 : 0);
    let records: string[][] | null = null;
    if (!damaged) {
      try {
        records = parse(utf8, parseOptions(sep));
      } catch {
        records = null;
      }
    }
    if (records !== null && records.length === lines) {
      const first = this.nextLine;
      this.nextLine += lines;
      for (let i = 0; i < records.length && !this.stopped; i++) {
        this.emit(records[i] as string[], first + i, false);
      }
    } else {
      this.processRecordByRecord(utf8, sep, damaged);
    }
  }

  /**
   * The fast path (LF or CRLF text, valid UTF-8): one-line records with plain or simply quoted
   * fields are split by `FastRecordSplitter`; each record it leaves is found by the same quote
   * parity scan as the slow path and parsed by csv-parse on its own.
   */
  private processSplitting(utf8: Buffer, splitter: FastRecordSplitter): void {
    let pos = 0;
    while (pos < utf8.length && !this.stopped) {
      pos = splitter.split(utf8, pos, this.emitSplit);
      if (pos >= utf8.length || this.stopped) return;
      pos = this.processNextRecord(utf8, pos, LF, false);
    }
  }

  /** One record split by the fast path: it spans exactly one line. */
  private readonly emitSplit = (fields: string[]): boolean => {
    this.emit(fields, this.nextLine++, false);
    return !this.stopped;
  };

  /**
   * Parses the record that starts at `from` with csv-parse (its end found by quote parity, as in
   * `processRecordByRecord`); returns where the next record starts.
   */
  private processNextRecord(utf8: Buffer, from: number, sep: number, damaged: boolean): number {
    let inQuotes = false;
    for (let i = from; i < utf8.length; i++) {
      const byte = utf8[i];
      if (byte === QUOTE) inQuotes = !inQuotes;
      else if (byte === sep && !inQuotes) {
        this.processPiece(utf8.subarray(from, i + 1), sep, damaged);
        return i + 1;
      }
    }
    this.processPiece(utf8.subarray(from), sep, damaged);
    return utf8.length;
  }

  /** The slow path: one csv-parse call per record, found by a quote-aware scan. */
  private processRecordByRecord(utf8: Buffer, sep: number, damaged: boolean): void {
    let pos = 0;
    while (pos < utf8.length && !this.stopped) pos = this.processNextRecord(utf8, pos, sep, damaged);
  }

  private processPiece(piece: Buffer, sep: number, damaged: boolean): void {
    const line = this.nextLine;
    this.nextLine += countByte(piece, sep, 0, piece.length);
    let records: string[][];
    try {
      records = parse(piece, parseOptions(sep));
    } catch (error) {
      this.sink.onProblem(syntaxProblem(error, line));
      return;
    }
    for (const record of records) {
      if (this.stopped) return;
      this.emit(record, line, damaged);
    }
  }

  private emit(record: string[], line: number, damaged: boolean): void {
    const { maxFieldBytes, maxRecordBytes } = this.limits;
    let chars = 0;
    for (let i = 0; i < record.length; i++) {
      const field = record[i] as string;
      chars += field.length;
      // A UTF-8 character is at most 3 bytes per UTF-16 unit: only measure when it matters.
      if (field.length * 3 > maxFieldBytes && Buffer.byteLength(field) > maxFieldBytes) {
        this.fail({ kind: 'recordTooLarge', line, fieldIndex: i, fieldTooLarge: true });
        return;
      }
      if (damaged && field.includes('\uFFFD')) {
        this.sink.onProblem({
          kind: 'badEncoding',
          line,
          fieldIndex: i,
          value: field,
          encoding: this.textState === 'gb18030' ? 'gb18030' : 'utf-8',
        });
      }
    }
    if (chars * 3 > maxRecordBytes) {
      let bytes = 0;
      for (const field of record) bytes += Buffer.byteLength(field);
      if (bytes > maxRecordBytes) {
        this.fail({ kind: 'recordTooLarge', line, fieldIndex: null, fieldTooLarge: false });
        return;
      }
    }
    this.sink.onRecord(record, line);
  }

  /**
   * No record break within `maxRecordBytes`: either one huge record (name the field that makes
   * it so) or a stray quote that made the rest of the file look like one quoted field.
   */
  private failOversizedCarry(): void {
    const line = this.nextLine;
    const carry = this.takeCarry(EMPTY);
    try {
      parse(carry, parseOptions(this.separator ?? LF));
    } catch (error) {
      if (error instanceof CsvError && error.code !== 'CSV_QUOTE_NOT_CLOSED') {
        this.fail(syntaxProblem(error, line));
        return;
      }
    }
    const { index, length } = longestField(carry);
    const fieldTooLarge = length > this.limits.maxFieldBytes;
    this.fail({ kind: 'recordTooLarge', line, fieldIndex: fieldTooLarge ? index : null, fieldTooLarge });
  }
}

function syntaxProblem(error: unknown, line: number): ReaderProblem {
  const csvError = error instanceof CsvError ? (error as CsvError & { column?: unknown }) : null;
  const column = csvError?.column;
  return {
    kind: 'syntax',
    line,
    fieldIndex: typeof column === 'number' ? column : null,
    unclosedQuote: csvError?.code === 'CSV_QUOTE_NOT_CLOSED',
  };
}

/**
 * Index and byte length of the longest field of the record at the start of `bytes`, which may
 * be cut off in the middle of a (quoted) field: that field counts up to the end of `bytes`.
 */
function longestField(bytes: Buffer): { index: number; length: number } {
  let best = { index: 0, length: 0 };
  let index = 0;
  let start = 0;
  let inQuotes = false;
  for (let i = 0; i <= bytes.length; i++) {
    const atEnd = i === bytes.length;
    const byte = bytes[i];
    if (!atEnd && byte === QUOTE) {
      inQuotes = !inQuotes;
    } else if (atEnd || (!inQuotes && (byte === 0x2c || byte === LF || byte === CR))) {
      if (i - start > best.length) best = { index, length: i - start };
      if (atEnd || byte !== 0x2c) break;
      index++;
      start = i + 1;
    }
  }
  return best;
}
