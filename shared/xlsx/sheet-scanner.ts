/**
 * A worksheet's rows from its XML, as the bytes inflate, in memory bounded by one row.
 *
 * Why not saxes here, as for the other parts: a 400,000-row sheet is about 200 MB of XML and
 * 21 million tags; saxes (decoding every chunk to a string, building an object per tag and per
 * attribute) took 3.7 s for it on the development machine, where the whole CSV of the same rows
 * validates in 1.4 s (docs/benchmark.md). This scanner reads the bytes themselves and builds a
 * string only for a cell's value. It reads the XML it meets in worksheets (any element prefix,
 * either quote, attributes in any order, entities and character references, CDATA, comments,
 * processing instructions) and refuses what a worksheet never holds (a DOCTYPE: no entity is
 * ever defined, so none can expand); everything outside `<sheetData>` is skipped unread. A
 * sheet that ends before `</sheetData>` is damaged.
 */

import { DATE, PERCENT } from './cell-styles';
import { plainDecimal } from './cell-text';
import type { SharedStrings } from './shared-strings';
import { WorkbookRefusedError } from './zip-guard';

export interface ScannedRow {
  /** The worksheet row number (1-based). */
  line: number;
  /** Cell text by column (index 0 = column A), `''` where a row has no value. */
  cells: string[];
  /** Columns of numeric cells formatted as percentages; null when none. */
  percent: Set<number> | null;
  /** Columns of formula cells without a cached value; null when none. */
  formulasWithoutValue: number[] | null;
}

/** A row whose XML outgrew the scanner's buffer (a huge cell): reported as a record too large. */
export class RowTooLargeError extends Error {
  constructor(readonly line: number) {
    super(`row ${line} too large`);
  }
}

/** Bytes of a new chunk joined to the unfinished end of the last one. */
const JOINT_BYTES = 4096;
/** `openTag`'s answer when the scan pauses at the tag (`pauseAtRowFrom`). */
const PAUSED = -2;
const EMPTY = Buffer.alloc(0);
const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const COLON = 0x3a;
const EQUALS = 0x3d;
const C = 0x63;
const V = 0x76;

// Element local names, compared as bytes.
enum El {
  Other,
  SheetData,
  Row,
  C,
  V,
  F,
  Is,
  T,
  RPh,
}

/** Cell types (`t` attribute). */
enum Type {
  Number,
  Shared,
  Inline,
  Str,
  Bool,
  Error,
  Date,
}

/** XML's white space (space, tab, CR, LF); no other byte at or below 0x20 is allowed in XML. */
function isSpace(byte: number): boolean {
  return byte <= 0x20;
}

function elementOf(buf: Buffer, start: number, end: number): El {
  // Local name: after the last colon (a prefix such as `x:`).
  for (let i = end - 1; i >= start; i--) {
    if (buf[i] === COLON) {
      start = i + 1;
      break;
    }
  }
  const length = end - start;
  const a = buf[start];
  if (length === 1) {
    if (a === 0x63) return El.C; // c
    if (a === 0x76) return El.V; // v
    if (a === 0x66) return El.F; // f
    if (a === 0x74) return El.T; // t
    return El.Other;
  }
  if (length === 2) return a === 0x69 && buf[start + 1] === 0x73 ? El.Is : El.Other;
  if (length === 3) {
    if (a === 0x72 && buf[start + 1] === 0x6f && buf[start + 2] === 0x77) return El.Row;
    if (a === 0x72 && buf[start + 1] === 0x50 && buf[start + 2] === 0x68) return El.RPh;
    return El.Other;
  }
  if (length === 9 && buf.toString('latin1', start, end) === 'sheetData') return El.SheetData;
  return El.Other;
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  // An ampersand that starts no entity is an undefined one: no well-formed worksheet has it.
  if (text.replace(ENTITY, '').includes('&')) throw new WorkbookRefusedError('malformed', 'undefined entity');
  return text.replace(ENTITY, (_, name: string) => {
    if (name.charCodeAt(0) !== 0x23) return NAMED[name] as string;
    const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    if (!(code > 0 && code <= 0x10ffff))
      throw new WorkbookRefusedError('malformed', `character reference ${name}`);
    return String.fromCodePoint(code);
  });
}

/** A ≤15-digit plain decimal in shortest form is its own shortest round-trip decimal. */
const SHORT_DECIMAL = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?$/;

const isDigit = (byte: number | undefined) => byte !== undefined && byte >= 0x30 && byte <= 0x39;

/**
 * `numberText`'s test for a number that is its own text (SHORT_DECIMAL, at most 16 characters
 * and 15 digits, not `-0`), on the bytes: most numeric cells pass it before any string is made.
 */
function isShortestDecimal(buf: Buffer, start: number, end: number): boolean {
  if (end - start === 0 || end - start > 16) return false;
  let i = start;
  if (buf[i] === 0x2d) i++;
  const first = i;
  if (buf[i] === 0x30) i++;
  else {
    if (!isDigit(buf[i])) return false;
    while (i < end && isDigit(buf[i])) i++;
  }
  if (i > end) return false;
  let digits = i - first;
  if (i < end) {
    if (buf[i] !== 0x2e) return false;
    const fraction = ++i;
    while (i < end && isDigit(buf[i])) i++;
    if (i !== end || i === fraction || buf[end - 1] === 0x30) return false;
    digits += end - fraction;
  }
  // `-0` is zero's text, not its own.
  return digits <= 15 && !(first > start && end - first === 1 && buf[first] === 0x30);
}

export function numberText(raw: string): string {
  if (raw.length <= 16 && SHORT_DECIMAL.test(raw) && raw !== '-0') {
    let digits = raw.length;
    if (raw.charCodeAt(0) === 0x2d) digits--;
    if (raw.includes('.')) digits--;
    if (digits <= 15) return raw;
  }
  const value = Number(raw);
  return raw.trim() === '' || !Number.isFinite(value) ? '' : plainDecimal(value);
}

const MS_PER_DAY = 86_400_000;
/** Serial day 25569 is 1970-01-01 in the 1900 system; the 1904 system counts 1462 days fewer. */
function serialDate(raw: string, date1904: boolean): string {
  const serial = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(serial)) return '';
  const date = new Date(Math.round((serial + (date1904 ? 1462 : 0) - 25569) * MS_PER_DAY));
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

export interface SheetScannerOptions {
  strings: SharedStrings;
  /** Number kind by style index (cell-styles.ts). */
  styles: Uint8Array;
  date1904: boolean;
  /** The most bytes one construct (a tag, a cell's text) may span before the row is too large. */
  maxPendingBytes: number;
  onRow: (row: ScannedRow) => void;
  /**
   * The first byte pushed is the start of a row's tag inside `<sheetData>` (a range of the sheet
   * read on another thread, workbook-ranges.ts), not the part's start. Its first row must carry
   * its number (`r`): `unnumberedStart` tells when it did not.
   */
  midSheet?: boolean;
  /** The offset in the part's bytes of the first byte pushed (a mid-sheet scan's start). */
  firstByteAt?: number;
}

/** Where a scan paused (`pauseAtRowFrom`): at the start of a row's open tag. */
export interface ScanPause {
  /** The tag's offset in the part's bytes. */
  at: number;
  /**
   * Nothing was open but `<sheetData>` there (no row, cell, value or text left unclosed), so a
   * scanner started at `at` with `midSheet` reads on exactly as this one would.
   */
  clean: boolean;
  /** The part's bytes from `at` that were pushed but not scanned. */
  rest: Buffer;
}

export class SheetScanner {
  private pending: Buffer | null = null;
  private inSheetData: boolean;
  /** `</sheetData>` seen: the rest of the part is not read. */
  done = false;

  // Offsets in the part's bytes: of the next byte pushed, of `pending`, of the buffer scanned.
  private pushed = 0;
  private pendingAt = 0;
  private bufferAt = 0;
  /** The scan pauses at the first row tag starting at or after this offset (-1: never). */
  private pauseFrom = -1;
  /** Set once paused: nothing more is scanned. */
  pause: ScanPause | null = null;
  /** A mid-sheet scan whose first row had no number (its rows' numbers are unknown here). */
  unnumberedStart = false;
  private sawRow = false;

  // The row being read.
  private line = 0;
  private cells: string[] = [];
  private width = 0;
  private percent: Set<number> | null = null;
  private formulasWithoutValue: number[] | null = null;

  // The cell being read.
  private column = -1;
  private type = Type.Number;
  private style = 0;
  private hasFormula = false;
  private hasValue = false;
  private inValue = false;
  private inInline = false;
  private inText = false;
  private phonetic = 0;
  /**
   * The cell's text: one byte range of a buffer (the usual case: `<v>123</v>` in one chunk),
   * kept as bytes so a shared-string index never becomes a string; or, once a second piece
   * arrives (CDATA, a chunk boundary), a string.
   */
  private segment: Buffer | null = null;
  private segmentStart = 0;
  private segmentEnd = 0;
  private text = '';

  constructor(private readonly options: SheetScannerOptions) {
    this.inSheetData = options.midSheet === true;
    this.pushed = options.firstByteAt ?? 0;
  }

  /** Pauses the scan at the first row whose tag starts at or after `offset` (see `pause`). */
  pauseAtRowFrom(offset: number): void {
    this.pauseFrom = offset;
  }

  push(chunk: Buffer): void {
    if (this.done || this.pause !== null) return;
    const chunkAt = this.pushed;
    this.pushed += chunk.length;
    let buf = chunk;
    if (this.pending !== null) {
      // The construct cut at the chunk's start is short (a tag, a value): finish it on a small
      // joint of the two, and go on in the chunk itself rather than copying all of it.
      const pending = this.pending;
      const joint = Buffer.concat([pending, chunk.subarray(0, JOINT_BYTES)]);
      this.bufferAt = this.pendingAt;
      const consumed = this.scan(joint);
      if (this.done) return;
      const pause = this.pause as ScanPause | null; // set by `scan`
      if (pause !== null) {
        pause.rest = Buffer.concat([joint.subarray(consumed), chunk.subarray(JOINT_BYTES)]);
        return;
      }
      if (consumed >= pending.length && chunk.length > JOINT_BYTES)
        buf = chunk.subarray(consumed - pending.length);
      else if (consumed >= pending.length) buf = joint.subarray(consumed);
      else buf = Buffer.concat([pending.subarray(consumed), chunk]);
      this.bufferAt = this.pendingAt + consumed;
      this.pending = null;
    } else this.bufferAt = chunkAt;
    const consumed = this.scan(buf);
    const pause = this.pause as ScanPause | null; // set by `scan`
    if (pause !== null) {
      pause.rest = buf.subarray(consumed);
      return;
    }
    this.pending = consumed < buf.length ? buf.subarray(consumed) : null;
    this.pendingAt = this.bufferAt + consumed;
    if (this.pending !== null && this.pending.length > this.options.maxPendingBytes)
      throw new RowTooLargeError(this.inRow ? this.line : this.line + 1);
  }

  /** The part ended: it must have closed its `<sheetData>`. */
  end(): void {
    if (!this.done) throw new WorkbookRefusedError('malformed', 'worksheet ends inside its data');
  }

  private inRow = false;

  /** Reads whole constructs from `buf`; returns how many bytes were consumed. */
  private scan(buf: Buffer): number {
    let pos = 0;
    const length = buf.length;
    while (pos < length) {
      // Text between tags is short (a cell's value): a loop beats a native search here.
      let lt = pos;
      while (lt < length && buf[lt] !== LT) lt++;
      if (lt === length) return this.capturing() ? pos : length;
      if (lt > pos && this.capturing()) this.capture(buf, pos, lt);
      pos = lt;
      const next = buf[lt + 1];
      if (next === undefined) return pos;
      // The tags of nearly every cell, `<v>`, `</v>` and `</c>`, without a prefix or spaces:
      // read here, not by the general tag reader (a third of the scan's time).
      if (this.inSheetData) {
        if (next === V && buf[lt + 2] === GT) {
          this.open(El.V, buf, -1, -1, -1, -1, -1, -1);
          pos = lt + 3;
          continue;
        }
        if (next === SLASH && buf[lt + 3] === GT) {
          const name = buf[lt + 2];
          if (name === V) {
            this.inValue = false;
            pos = lt + 4;
            continue;
          }
          if (name === C) {
            this.endCell();
            pos = lt + 4;
            continue;
          }
        }
      }
      if (next === BANG) {
        const end = this.special(buf, lt);
        if (end === -1) return pos;
        pos = end;
        continue;
      }
      if (next === QUESTION) {
        const end = buf.indexOf('?>', lt + 2, 'latin1');
        if (end === -1) return pos;
        pos = end + 2;
        continue;
      }
      const end = next === SLASH ? this.closeTag(buf, lt + 2) : this.openTag(buf, lt + 1);
      if (end === -1 || end === PAUSED) return pos;
      pos = end;
      if (this.done) return length;
    }
    return pos;
  }

  private capture(buf: Buffer, start: number, end: number): void {
    if (this.segment === null && this.text === '') {
      this.segment = buf;
      this.segmentStart = start;
      this.segmentEnd = end;
    } else {
      this.flatten();
      this.text += buf.toString('utf8', start, end);
    }
  }

  /** The captured bytes as part of `text`. */
  private flatten(): void {
    if (this.segment === null) return;
    this.text += this.segment.toString('utf8', this.segmentStart, this.segmentEnd);
    this.segment = null;
  }

  private clearText(): void {
    this.segment = null;
    this.text = '';
  }

  private capturing(): boolean {
    return this.inValue || this.inText;
  }

  /** `<!--…-->`, `<![CDATA[…]]>`; a DOCTYPE is refused. Returns the end, or -1 for more bytes. */
  private special(buf: Buffer, lt: number): number {
    if (buf.length < lt + 9) return -1;
    if (buf[lt + 2] === 0x2d && buf[lt + 3] === 0x2d) {
      const end = buf.indexOf('-->', lt + 4, 'latin1');
      return end === -1 ? -1 : end + 3;
    }
    if (buf.toString('latin1', lt + 2, lt + 9) === '[CDATA[') {
      const end = buf.indexOf(']]>', lt + 9, 'latin1');
      if (end === -1) return -1;
      // CDATA text is literal: entities inside are not entities.
      if (this.capturing()) {
        this.flatten();
        this.text += buf.toString('utf8', lt + 9, end).replace(/&/g, '&amp;');
      }
      return end + 3;
    }
    throw new WorkbookRefusedError('malformed', 'DOCTYPE in a worksheet');
  }

  /** After `</`: returns the index after `>`, or -1 for more bytes. */
  private closeTag(buf: Buffer, start: number): number {
    const length = buf.length;
    let i = start;
    // Names are short: a loop beats a native search here.
    while (i < length && (buf[i] as number) > 0x20 && buf[i] !== GT) i++;
    const nameEnd = i;
    while (i < length && buf[i] !== GT) i++;
    if (i >= length) return -1;
    this.close(elementOf(buf, start, nameEnd));
    return i + 1;
  }

  /** After `<`: reads the name and attributes; returns the index after `>`, or -1 for more bytes. */
  private openTag(buf: Buffer, start: number): number {
    const length = buf.length;
    let i = start;
    while (i < length) {
      const byte = buf[i] as number;
      if (isSpace(byte) || byte === SLASH || byte === GT) break;
      i++;
    }
    if (i >= length) return -1;
    const element = elementOf(buf, start, i);
    if (element === El.Row && this.pauseFrom !== -1 && this.bufferAt + start - 1 >= this.pauseFrom) {
      this.pause = { at: this.bufferAt + start - 1, clean: this.isClean(), rest: EMPTY };
      return PAUSED;
    }
    const wants = element === El.C || element === El.Row;
    let r = -1;
    let rEnd = -1;
    let s = -1;
    let sEnd = -1;
    let t = -1;
    let tEnd = -1;
    for (;;) {
      while (i < length && isSpace(buf[i] as number)) i++;
      if (i >= length) return -1;
      const byte = buf[i];
      if (byte === GT) {
        this.open(element, buf, r, rEnd, s, sEnd, t, tEnd);
        return i + 1;
      }
      if (byte === SLASH) {
        if (i + 1 >= length) return -1;
        this.open(element, buf, r, rEnd, s, sEnd, t, tEnd);
        this.close(element);
        return i + 2;
      }
      const nameStart = i;
      while (i < length && buf[i] !== EQUALS && !isSpace(buf[i] as number)) i++;
      const nameEnd = i;
      while (i < length && isSpace(buf[i] as number)) i++;
      if (i >= length) return -1;
      if (buf[i] !== EQUALS) throw new WorkbookRefusedError('malformed', 'attribute without a value');
      i++;
      while (i < length && isSpace(buf[i] as number)) i++;
      if (i >= length) return -1;
      const quote = buf[i] as number;
      if (quote !== 0x22 && quote !== 0x27) throw new WorkbookRefusedError('malformed', 'unquoted attribute');
      let valueEnd = i + 1;
      while (valueEnd < length && buf[valueEnd] !== quote) valueEnd++;
      if (valueEnd >= length) return -1;
      if (wants && nameEnd - nameStart === 1) {
        const name = buf[nameStart];
        if (name === 0x72) {
          r = i + 1;
          rEnd = valueEnd;
        } else if (name === 0x73) {
          s = i + 1;
          sEnd = valueEnd;
        } else if (name === 0x74) {
          t = i + 1;
          tEnd = valueEnd;
        }
      }
      i = valueEnd + 1;
    }
  }

  /** Between rows inside `<sheetData>`: what a mid-sheet scanner starts from. */
  private isClean(): boolean {
    return (
      this.inSheetData &&
      !this.inRow &&
      !this.inValue &&
      !this.inText &&
      !this.inInline &&
      this.phonetic === 0 &&
      this.column === -1
    );
  }

  private open(
    element: El,
    buf: Buffer,
    r: number,
    rEnd: number,
    s: number,
    sEnd: number,
    t: number,
    tEnd: number,
  ): void {
    if (!this.inSheetData) {
      if (element === El.SheetData) this.inSheetData = true;
      return;
    }
    switch (element) {
      case El.Row:
        if (r === -1 && !this.sawRow && this.options.midSheet === true) this.unnumberedStart = true;
        this.sawRow = true;
        this.line = r === -1 ? this.line + 1 : digits(buf, r, rEnd);
        this.inRow = true;
        this.column = -1;
        this.cells = [];
        this.width = 0;
        this.percent = null;
        this.formulasWithoutValue = null;
        break;
      case El.C:
        this.column = r === -1 ? this.column + 1 : columnOf(buf, r, rEnd);
        this.type = t === -1 ? Type.Number : typeOf(buf, t, tEnd);
        this.style = s === -1 ? 0 : digits(buf, s, sEnd);
        this.hasFormula = false;
        this.hasValue = false;
        this.clearText();
        break;
      case El.V:
        this.inValue = true;
        this.hasValue = true;
        this.clearText();
        break;
      case El.F:
        this.hasFormula = true;
        break;
      case El.Is:
        this.inInline = true;
        this.hasValue = true;
        this.clearText();
        break;
      case El.RPh:
        this.phonetic++;
        break;
      case El.T:
        if (this.inInline && this.phonetic === 0) this.inText = true;
        break;
      default:
        break;
    }
  }

  private close(element: El): void {
    if (!this.inSheetData) return;
    switch (element) {
      case El.V:
        this.inValue = false;
        break;
      case El.T:
        this.inText = false;
        break;
      case El.Is:
        this.inInline = false;
        break;
      case El.RPh:
        this.phonetic--;
        break;
      case El.C:
        this.endCell();
        break;
      case El.Row:
        this.endRow();
        break;
      case El.SheetData:
        this.inSheetData = false;
        this.done = true;
        break;
      default:
        break;
    }
  }

  private endCell(): void {
    const column = this.column;
    if (!this.hasValue) {
      if (this.hasFormula) {
        if (this.formulasWithoutValue === null) this.formulasWithoutValue = [];
        this.formulasWithoutValue.push(column);
        this.set(column, '');
      }
      return;
    }
    const type = this.type;
    if (type === Type.Shared && this.segment !== null) {
      const index = indexAt(this.segment, this.segmentStart, this.segmentEnd);
      if (index >= 0 && index < this.options.strings.count) {
        this.set(column, this.options.strings.get(index));
        return;
      }
    }
    if (type === Type.Number && this.segment !== null) {
      // The usual number (`1234.5`) is its own text: told from its bytes, not by numberText.
      const kind = this.options.styles[this.style];
      if (kind !== DATE && isShortestDecimal(this.segment, this.segmentStart, this.segmentEnd)) {
        if (kind === PERCENT) {
          if (this.percent === null) this.percent = new Set();
          this.percent.add(column);
        }
        this.set(column, decode(this.segment).latin1Slice(this.segmentStart, this.segmentEnd));
        return;
      }
    }
    let raw: string;
    if (this.segment === null) raw = this.text;
    else {
      // Numbers are ASCII: latin1 decodes them fastest.
      raw =
        type === Type.Number
          ? decode(this.segment).latin1Slice(this.segmentStart, this.segmentEnd)
          : decode(this.segment).utf8Slice(this.segmentStart, this.segmentEnd);
    }
    if (raw.indexOf('&') !== -1) raw = decodeEntities(raw);
    let value: string;
    switch (type) {
      case Type.Shared: {
        const index = Number(raw);
        if (!Number.isInteger(index) || index < 0 || index >= this.options.strings.count)
          throw new WorkbookRefusedError(
            'malformed',
            `shared string ${raw} of ${this.options.strings.count}`,
          );
        value = this.options.strings.get(index);
        break;
      }
      case Type.Inline:
      case Type.Str:
      case Type.Error:
        value = raw;
        break;
      case Type.Bool:
        value = raw.trim() === '1' || raw.trim() === 'true' ? 'TRUE' : 'FALSE';
        break;
      case Type.Date:
        value = /^\d{4}-\d\d-\d\d/.test(raw) ? raw.slice(0, 10) : '';
        break;
      default: {
        const kind = this.options.styles[this.style];
        if (kind === DATE) value = serialDate(raw, this.options.date1904);
        else {
          value = numberText(raw);
          if (kind === PERCENT) {
            if (this.percent === null) this.percent = new Set();
            this.percent.add(column);
          }
        }
      }
    }
    this.set(column, value);
  }

  private set(column: number, value: string): void {
    const cells = this.cells;
    while (cells.length < column) cells.push('');
    cells[column] = value;
    if (column + 1 > this.width) this.width = column + 1;
  }

  private endRow(): void {
    this.inRow = false;
    this.column = -1;
    if (this.width === 0) return;
    // `set` filled every gap with '', so the row is dense and exactly `width` long.
    const cells = this.cells;
    this.options.onRow({
      line: this.line,
      cells,
      percent: this.percent,
      formulasWithoutValue: this.formulasWithoutValue,
    });
  }
}

function typeOf(buf: Buffer, start: number, end: number): Type {
  if (end - start === 1) {
    switch (buf[start]) {
      case 0x73: // s
        return Type.Shared;
      case 0x62: // b
        return Type.Bool;
      case 0x65: // e
        return Type.Error;
      case 0x64: // d
        return Type.Date;
      default:
        return Type.Number;
    }
  }
  switch (buf.toString('latin1', start, end)) {
    case 'inlineStr':
      return Type.Inline;
    case 'str':
      return Type.Str;
    default:
      return Type.Number;
  }
}

/**
 * Buffer's own decoders, which `toString(encoding, start, end)` calls after checking its
 * arguments and looking the encoding up: called straight, a cell's value skips that (5 % of a
 * sheet's scan, two calls per numeric cell). Every Node release has them on Buffer.prototype.
 */
interface BufferDecoders {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}
const decode = (buf: Buffer) => buf as unknown as BufferDecoders;

/** A shared-string index written as plain digits, or -1. */
function indexAt(buf: Buffer, start: number, end: number): number {
  if (start === end || end - start > 9) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = (buf[i] as number) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function digits(buf: Buffer, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = (buf[i] as number) - 0x30;
    if (digit < 0 || digit > 9)
      throw new WorkbookRefusedError('malformed', `number ${buf.toString('latin1', start, end)}`);
    value = value * 10 + digit;
  }
  return value;
}

/** `K12` → 10 (column A = 0). */
function columnOf(buf: Buffer, start: number, end: number): number {
  let column = 0;
  let i = start;
  for (; i < end; i++) {
    const byte = (buf[i] as number) | 0x20; // lower case
    if (byte < 0x61 || byte > 0x7a) break;
    column = column * 26 + (byte - 0x60);
  }
  if (i === start || column > 16_384)
    throw new WorkbookRefusedError('malformed', `cell ${buf.toString('latin1', start, end)}`);
  return column - 1;
}

/**
 * Whether the `<` at `lt` opens a row's tag (any prefix): `'more'` when `buf` ends before its
 * name does. Told from the bytes alone, not from where a scan is: a `<row` inside a comment or
 * CDATA looks the same, so a range started here is proven only by a scan reaching it
 * (workbook-ranges.ts).
 */
export function opensRowTag(buf: Buffer, lt: number): boolean | 'more' {
  const start = lt + 1;
  if (start >= buf.length) return 'more';
  const first = buf[start] as number;
  if (first === SLASH || first === BANG || first === QUESTION) return false;
  let i = start;
  // A row tag's name is `row` or a prefix and `:row`; a longer name is another element.
  while (i < buf.length && i - start <= MAX_ROW_NAME_BYTES) {
    const byte = buf[i] as number;
    if (isSpace(byte) || byte === SLASH || byte === GT) return elementOf(buf, start, i) === El.Row;
    i++;
  }
  return i - start > MAX_ROW_NAME_BYTES ? false : 'more';
}

/** Longest element name taken for a row's (`row` with a prefix of up to 60 bytes). */
const MAX_ROW_NAME_BYTES = 64;
