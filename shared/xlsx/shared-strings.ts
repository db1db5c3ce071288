/**
 * The shared-strings table (`t="s"` cells hold an index into it). Excel writes it after the
 * sheets in the zip, but the zip is read from its directory, so the table is read first, whole:
 * a sheet's cells may point anywhere in it. Its part is capped (128 MiB of XML); to keep a large
 * table from becoming hundreds of megabytes of JavaScript strings, the text is kept as UTF-8 in
 * a few large buffers with an offset per string, and each cell's string is decoded when read.
 * A small table (the usual case: a few thousand distinct names) is kept as strings, which reads
 * faster. Rich-text runs are joined; phonetic runs (`rPh`, furigana) are not part of the value.
 */
import { parseXmlPart } from './xml-part';
import type { GuardedZip, ZipPart } from './zip-guard';

export interface SharedStrings {
  readonly count: number;
  get(index: number): string;
}

/** Tables up to this many bytes of XML stay JavaScript strings. */
const STRINGS_UP_TO_BYTES = 16 * 1024 * 1024;
const BLOCK_BYTES = 4 * 1024 * 1024;

class StringArray implements SharedStrings {
  readonly strings: string[] = [];
  get count(): number {
    return this.strings.length;
  }
  add(text: string): void {
    this.strings.push(text);
  }
  get(index: number): string {
    return this.strings[index] as string;
  }
}

/** UTF-8 in blocks; string i is block[blockOf[i]] from start[i] to start[i] + length[i]. */
class PackedStrings implements SharedStrings {
  private readonly blocks: Buffer[] = [];
  private block = Buffer.allocUnsafe(BLOCK_BYTES);
  private used = 0;
  private starts = new Uint32Array(1024);
  private lengths = new Uint32Array(1024);
  private blockOf = new Uint16Array(1024);
  count = 0;

  add(text: string): void {
    const max = text.length * 3;
    if (this.used + max > this.block.length) {
      this.blocks.push(this.block.subarray(0, this.used));
      this.block = Buffer.allocUnsafe(Math.max(BLOCK_BYTES, max));
      this.used = 0;
    }
    const length = this.block.write(text, this.used, 'utf8');
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = this.used;
    this.lengths[this.count] = length;
    this.blockOf[this.count] = this.blocks.length;
    this.count++;
    this.used += length;
  }

  /** Done adding: the open block joins the list. */
  seal(): this {
    this.blocks.push(this.block.subarray(0, this.used));
    return this;
  }

  get(index: number): string {
    const start = this.starts[index] as number;
    return (this.blocks[this.blockOf[index] as number] as Buffer).toString(
      'utf8',
      start,
      start + (this.lengths[index] as number),
    );
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Uint32Array(size);
    starts.set(this.starts);
    this.starts = starts;
    const lengths = new Uint32Array(size);
    lengths.set(this.lengths);
    this.lengths = lengths;
    const blockOf = new Uint16Array(size);
    blockOf.set(this.blockOf);
    this.blockOf = blockOf;
  }
}

export async function readSharedStrings(
  zip: GuardedZip,
  part: ZipPart | null,
  packedAboveBytes = STRINGS_UP_TO_BYTES,
): Promise<SharedStrings> {
  if (part === null) return new StringArray();
  const table = part.size > packedAboveBytes ? new PackedStrings() : new StringArray();
  let text: string[] = [];
  let inItem = false;
  let inText = false;
  let phonetic = 0;
  await parseXmlPart(part.name, zip.read(part, 'sharedStrings'), {
    open(name) {
      if (name === 'si') {
        inItem = true;
        text = [];
      } else if (name === 'rPh') phonetic++;
      else if (name === 't' && inItem && phonetic === 0) inText = true;
    },
    text(value) {
      if (inText) text.push(value);
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') {
        inItem = false;
        table.add(text.length === 1 ? (text[0] as string) : text.join(''));
      }
    },
  });
  return table instanceof PackedStrings ? table.seal() : table;
}
