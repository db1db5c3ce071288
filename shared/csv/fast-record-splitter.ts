/**
 * The common case of a CSV export, split without csv-parse: records on one line, fields either
 * plain (no quote, no CR) or quoted as Excel quotes a `"1,234.56"` (no quote, CR or LF inside),
 * ended by LF or CRLF. Anything else — a doubled quote, a line break inside quotes, a stray
 * quote or CR, a character after a closing quote — is left to csv-parse, the parser of record:
 * `split` stops at the start of such a record and the caller hands that one record to it.
 * The fuzz suite checks that both readings give identical results (tests/fuzz/fuzz-support.ts).
 *
 * Why it is faster: one pass over the bytes finds the field ends, and repeated cells are not
 * decoded again. Exports repeat the same few values in most columns (year, month, unit and
 * project codes and names, fund type ...): each column keeps the texts it has seen, keyed by a
 * hash of their bytes computed during the scan, so a repeated cell costs a lookup and a byte
 * comparison instead of a new string (and later rules compare it by pointer, and find its hash
 * already computed). Columns whose cells rarely repeat (amounts) stop being remembered.
 *
 * The input is valid UTF-8 (the reader only takes this path for such batches), so decoding a
 * field on its own equals decoding it as part of the whole.
 */

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

/** FNV-1a, 32 bits: cheap enough to run on every byte while scanning for the field's end. */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Node's decoders without `toString`'s argument handling (Buffer.prototype; not in @types/node). */
interface DecodingBuffer extends Buffer {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** Texts remembered per column: enough for every code and name of a county's export. */
const MAX_TEXTS_PER_COLUMN = 4096;
/** Fields longer than this are decoded, never remembered (long texts seldom repeat). */
const MAX_REMEMBERED_BYTES = 256;
/** Columns that remember their texts; cells further right (no export has that many) are decoded. */
const MAX_REMEMBERING_COLUMNS = 256;
/** After this many lookups, a column whose hits are below a quarter stops remembering. */
const TRIAL_LOOKUPS = 2048;

interface RememberedText {
  bytes: Uint8Array;
  text: string;
  /** The next text whose hash is the same. */
  next: RememberedText | undefined;
}

class ColumnTexts {
  private readonly byHash = new Map<number, RememberedText>();
  private size = 0;
  private lookups = 0;
  private hits = 0;

  constructor(private remembering: boolean) {}

  text(bytes: DecodingBuffer, start: number, end: number, hash: number, ascii: boolean): string {
    const length = end - start;
    if (!this.remembering || length > MAX_REMEMBERED_BYTES) return decode(bytes, start, end, ascii);
    this.lookups++;
    const first = this.byHash.get(hash);
    for (let entry = first; entry !== undefined; entry = entry.next) {
      if (sameBytes(entry.bytes, bytes, start, length)) {
        this.hits++;
        return entry.text;
      }
    }
    const text = decode(bytes, start, end, ascii);
    if (this.lookups === TRIAL_LOOKUPS && this.hits * 4 < this.lookups) {
      this.remembering = false;
      this.byHash.clear();
    } else if (this.size < MAX_TEXTS_PER_COLUMN) {
      this.size++;
      // A copy (`Buffer#slice` would be a view): what is remembered must not keep the whole
      // input chunk it came from alive.
      this.byHash.set(hash, { bytes: new Uint8Array(bytes.subarray(start, end)), text, next: first });
    }
    return text;
  }
}

/** Present on every Node this project supports; `toString` stands in should one lack them. */
const DIRECT_DECODERS =
  typeof (Buffer.prototype as Partial<DecodingBuffer>).latin1Slice === 'function' &&
  typeof (Buffer.prototype as Partial<DecodingBuffer>).utf8Slice === 'function';

function decode(bytes: DecodingBuffer, start: number, end: number, ascii: boolean): string {
  if (start === end) return '';
  if (!DIRECT_DECODERS) return bytes.toString(ascii ? 'latin1' : 'utf8', start, end);
  return ascii ? bytes.latin1Slice(start, end) : bytes.utf8Slice(start, end);
}

function sameBytes(known: Uint8Array, bytes: Uint8Array, start: number, length: number): boolean {
  if (known.length !== length) return false;
  for (let i = 0; i < length; i++) if (known[i] !== bytes[start + i]) return false;
  return true;
}

/** Decodes every cell, remembers none. */
const FORGETFUL = new ColumnTexts(false);

export class FastRecordSplitter {
  private readonly columns: ColumnTexts[] = [];

  /**
   * Splits the records of `bytes` from `from` on, handing each one's fields to `onRecord` (which
   * returns false to stop). A record that runs into the end of `bytes` without a line break is
   * taken as the input's last record.
   * @returns where it stopped: `bytes.length`, the start of the first record that needs
   *   csv-parse, or the start of the next record when `onRecord` said stop
   */
  split(buffer: Buffer, from: number, onRecord: (fields: string[]) => boolean): number {
    const bytes = buffer as DecodingBuffer;
    const end = bytes.length;
    let pos = from;
    while (pos < end) {
      const fields: string[] = [];
      let i = pos;
      for (;;) {
        const column = fields.length;
        const texts = this.columns[column] ?? this.addColumn(column);
        let start = i;
        let stop: number;
        let hash = FNV_OFFSET;
        let high = 0;
        if (i < end && bytes[i] === QUOTE) {
          start = i + 1;
          for (i = start; i < end; i++) {
            const b = bytes[i] as number;
            if (b === QUOTE) break;
            if (b === LF || b === CR) return pos;
            high |= b;
            hash = Math.imul(hash ^ b, FNV_PRIME);
          }
          if (i === end) return pos; // unclosed
          stop = i;
          i++;
          // After the closing quote: the field must end here.
          if (i < end) {
            const b = bytes[i] as number;
            if (b !== COMMA && b !== LF && !(b === CR && i + 1 < end && bytes[i + 1] === LF)) return pos;
          }
        } else {
          for (; i < end; i++) {
            const b = bytes[i] as number;
            if (b <= COMMA) {
              if (b === COMMA || b === LF) break;
              if (b === QUOTE) return pos;
              if (b === CR) {
                if (i + 1 < end && bytes[i + 1] === LF) break;
                return pos;
              }
            }
            high |= b;
            hash = Math.imul(hash ^ b, FNV_PRIME);
          }
          stop = i;
        }
        fields.push(texts.text(bytes, start, stop, hash, high < 0x80));
        if (i >= end) {
          pos = end;
          break;
        }
        if (bytes[i] === COMMA) {
          i++;
          continue;
        }
        // CRLF or LF (a CR was only let through when an LF follows).
        pos = bytes[i] === CR ? i + 2 : i + 1;
        break;
      }
      if (!onRecord(fields)) return pos;
    }
    return end;
  }

  private addColumn(column: number): ColumnTexts {
    if (column >= MAX_REMEMBERING_COLUMNS) return FORGETFUL;
    const texts = new ColumnTexts(true);
    this.columns.push(texts);
    return texts;
  }
}
