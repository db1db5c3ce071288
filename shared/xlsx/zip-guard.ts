/**
 * A workbook is a zip of XML parts, and a zip can lie: a few kilobytes may inflate to gigabytes
 * (a "zip bomb"), a part can declare one size and inflate to another, and the same bytes can
 * read as two different archives depending on whether a reader walks the local headers from the
 * front or the central directory from the back. This guard opens the upload (spooled to a file)
 * from its central directory with yauzl, as Excel does, and refuses any zip whose layout is not
 * the one plain archive the directory describes:
 *
 * - the directory itself: its records, and nothing else, fill the bytes between the offset and
 *   the size the end record states (no stray or uncounted records), no name twice;
 * - the local data: the directory's entries, sorted by offset, tile every byte before the
 *   directory with no gap and no overlap — a local header the directory does not list, a stray
 *   directory record among the data, or two entries sharing bytes all leave a gap or an overlap;
 * - each entry: its local header names the same part with the same method, flags and (when it
 *   states them, directly or in a ZIP64 field) the same sizes; a data descriptor after the data
 *   states the same sizes; no encryption; stored or deflated only;
 * - reading a part (`openPart`): its declared size is within the cap for its role, and the
 *   inflated bytes are counted as they come, so the part stops at its declared size, at its cap,
 *   at the inflation ratio, and at the total cap for the whole workbook.
 *
 * Memory: the directory's records (at most `maxEntries`), one inflater, one chunk.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { Readable, type TransformOptions } from 'node:stream';
import { createInflateRaw, type ZlibOptions } from 'node:zlib';
import yauzl from 'yauzl';
import type { WorkbookRefusal } from '../export/record-source';

export interface ZipLimits {
  /** Largest upload in bytes (the compressed file). */
  maxFileBytes: number;
  /** All parts read, inflated, together; also the sum of every part's declared size. */
  maxInflatedBytes: number;
  /** Inflated bytes per compressed byte, checked once a part has inflated past `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
  /** Caps by the part's role (found through the workbook's relationships, not by its name). */
  maxSharedStringsBytes: number;
  maxStylesBytes: number;
  maxOtherPartBytes: number;
}

const MIB = 1024 * 1024;

export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = Object.freeze({
  maxFileBytes: 512 * MIB,
  maxInflatedBytes: 2048 * MIB,
  // Real workbooks inflate 5–30×; deflate's ceiling is about 1032×, which bombs approach.
  maxRatio: 250,
  ratioFloorBytes: 8 * MIB,
  maxEntries: 10_000,
  maxSharedStringsBytes: 128 * MIB,
  maxStylesBytes: 16 * MIB,
  maxOtherPartBytes: 64 * MIB,
});

/** What a part is to the workbook, which sets its cap. */
export type PartRole = 'worksheet' | 'sharedStrings' | 'styles' | 'other';

export class WorkbookRefusedError extends Error {
  override readonly name = 'WorkbookRefusedError';
  constructor(
    readonly reason: WorkbookRefusal | 'fileTooLarge',
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const CENTRAL_RECORD_SIZE = 46;
const LOCAL_HEADER_SIZE = 30;
/** Compressed bytes read at a time. */
const RAW_READ_BYTES = 1024 * 1024;
const FLAG_ENCRYPTED = 0x1;
const FLAG_DESCRIPTOR = 0x8;
const FLAG_STRONG_ENCRYPTION = 0x40;
const STORED = 0;
const DEFLATED = 8;
const ZIP64_FIELD = 0x0001;
const U32_MAX = 0xffffffff;

/** One part as the central directory describes it. */
export interface ZipPart {
  /** The name as stored (`xl/workbook.xml`). */
  name: string;
  compressedSize: number;
  /** The declared inflated size: reading stops there. */
  size: number;
  entry: yauzl.Entry;
}

const malformed = (detail: string) => new WorkbookRefusedError('malformed', detail);

/** An opened, checked workbook zip. `close()` it when done. */
export class GuardedZip {
  /** Parts by lower-cased name (part names in a package are case-insensitive). */
  private readonly parts = new Map<string, ZipPart>();
  /** Where each entry's data starts, after its local header. */
  private readonly dataStarts = new Map<yauzl.Entry, number>();
  private inflatedTotal = 0;

  private constructor(
    private readonly file: FileHandle,
    private readonly zip: yauzl.ZipFile,
    private readonly limits: ZipLimits,
  ) {}

  /** Opens `path` (`size` bytes) and checks its whole layout; throws `WorkbookRefusedError`. */
  static async open(path: string, size: number, limits: ZipLimits): Promise<GuardedZip> {
    if (size > limits.maxFileBytes)
      throw new WorkbookRefusedError('fileTooLarge', String(limits.maxFileBytes));
    if (size === 0) throw new WorkbookRefusedError('notZip', 'empty');
    const file = await open(path, 'r');
    try {
      const head = await readAt(file, 0, Math.min(4, size));
      const signature = head.length === 4 ? head.readUInt32LE(0) : 0;
      if (signature === END_OF_DIRECTORY) throw new WorkbookRefusedError('noWorksheet', 'empty zip');
      if (signature !== LOCAL_HEADER) throw new WorkbookRefusedError('notZip', 'signature');
      const end = await readEndRecord(file, size);
      if (end.entries > limits.maxEntries)
        throw new WorkbookRefusedError('zipBomb', `more than ${limits.maxEntries} parts`);
      const zip = await openZip(path, size);
      const guarded = new GuardedZip(file, zip, limits);
      await guarded.readDirectory(end);
      return guarded;
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.zip.close();
    await this.file.close();
  }

  /** Bytes inflated so far, all parts together (what `maxInflatedBytes` caps). */
  get inflated(): number {
    return this.inflatedTotal;
  }

  /**
   * Counts from `inflated` again: a second reading of an opened workbook (workbook-reading.ts)
   * is capped as a reading of its own, not with the first reading's bytes on top.
   */
  rewindInflated(to: number): void {
    this.inflatedTotal = to;
  }

  /** The part at `name` (a package part name, without the leading `/`), case-insensitively. */
  part(name: string): ZipPart | undefined {
    return this.parts.get(name.toLowerCase());
  }

  /**
   * The inflated bytes of a part, counted as they come: refused past its declared size, its
   * role's cap, the ratio cap or the workbook's total, and when it ends short of its size.
   */
  async *read(part: ZipPart, role: PartRole): AsyncGenerator<Buffer> {
    const cap = this.capOf(role);
    if (part.size > cap) throw new WorkbookRefusedError('partTooLarge', part.name);
    const raw = Readable.from(this.compressedBytes(part.entry), { objectMode: false });
    const source = part.entry.compressionMethod === DEFLATED ? raw.pipe(inflaterFor(raw)) : raw;
    let inflated = 0;
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        inflated += chunk.length;
        this.inflatedTotal += chunk.length;
        if (inflated > part.size)
          throw new WorkbookRefusedError('zipBomb', `${part.name}: past its declared size`);
        if (this.inflatedTotal > this.limits.maxInflatedBytes)
          throw new WorkbookRefusedError('zipBomb', part.name);
        if (inflated > this.limits.ratioFloorBytes && inflated > part.compressedSize * this.limits.maxRatio)
          throw new WorkbookRefusedError('zipBomb', part.name);
        yield chunk;
      }
    } catch (error) {
      if (error instanceof WorkbookRefusedError) throw error;
      if (isInputFailure(error)) throw error;
      throw malformed(`${part.name}: ${describe(error)}`);
    } finally {
      raw.destroy();
      if (source !== raw) source.destroy();
    }
    if (inflated !== part.size) throw malformed(`${part.name}: ${inflated} bytes, ${part.size} declared`);
  }

  /**
   * The entry's compressed bytes, exactly its directory size from where its local header ends
   * (found by `checkLocal`), read here in large reads: yauzl's stream reads 64 KiB at a time,
   * each a round trip to the thread pool, which slowed the inflating of a large sheet.
   */
  private async *compressedBytes(entry: yauzl.Entry): AsyncGenerator<Buffer> {
    const start = this.dataStarts.get(entry);
    if (start === undefined) throw malformed('no local header checked');
    const end = start + entry.compressedSize;
    for (let at = start; at < end; ) {
      const length = Math.min(RAW_READ_BYTES, end - at);
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await this.file.read(buffer, 0, length, at);
      if (bytesRead === 0) throw new WorkbookRefusedError('truncated', 'the file ended inside a part');
      at += bytesRead;
      yield bytesRead === length ? buffer : buffer.subarray(0, bytesRead);
    }
  }

  private capOf(role: PartRole): number {
    switch (role) {
      case 'worksheet':
        return this.limits.maxInflatedBytes;
      case 'sharedStrings':
        return this.limits.maxSharedStringsBytes;
      case 'styles':
        return this.limits.maxStylesBytes;
      default:
        return this.limits.maxOtherPartBytes;
    }
  }

  /** Reads every directory record, then checks the records against the bytes they describe. */
  private async readDirectory(end: EndRecord): Promise<void> {
    const entries: yauzl.Entry[] = [];
    let recordBytes = 0;
    let declaredTotal = 0;
    await new Promise<void>((resolve, reject) => {
      this.zip.on('error', (error: unknown) => reject(fromYauzl(error)));
      this.zip.on('end', () => resolve());
      this.zip.on('entry', (entry: yauzl.Entry) => {
        entries.push(entry);
        recordBytes +=
          CENTRAL_RECORD_SIZE + entry.fileNameLength + entry.extraFieldLength + entry.fileCommentLength;
        this.zip.readEntry();
      });
      this.zip.readEntry();
    });
    // The records fill the directory exactly: a record the end record does not count, or bytes
    // that are not records, are a second reading of the archive.
    if (recordBytes !== end.directorySize) throw malformed('central directory size');
    for (const entry of entries) {
      const rawName = entry.fileName as unknown as Buffer;
      const name = rawName.toString('utf8');
      const flags = entry.generalPurposeBitFlag;
      if ((flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) !== 0)
        throw new WorkbookRefusedError('encrypted', name);
      if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED)
        throw malformed(`${name}: method ${entry.compressionMethod}`);
      if (entry.compressionMethod === STORED && entry.compressedSize !== entry.uncompressedSize)
        throw malformed(`${name}: stored sizes differ`);
      if (entry.uncompressedSize > this.limits.maxInflatedBytes)
        throw new WorkbookRefusedError('partTooLarge', name);
      if (
        entry.uncompressedSize > this.limits.ratioFloorBytes &&
        entry.uncompressedSize > entry.compressedSize * this.limits.maxRatio
      )
        throw new WorkbookRefusedError('zipBomb', name);
      declaredTotal += entry.uncompressedSize;
      const key = name.replace(/\\/g, '/').replace(/^\//, '').toLowerCase();
      if (this.parts.has(key)) throw malformed(`${name}: listed twice`);
      this.parts.set(key, {
        name,
        compressedSize: entry.compressedSize,
        size: entry.uncompressedSize,
        entry,
      });
    }
    if (declaredTotal > this.limits.maxInflatedBytes) throw new WorkbookRefusedError('zipBomb', 'total');
    await this.checkTiling(entries, end.directoryOffset);
  }

  /** The entries, in offset order, cover every byte before the directory exactly once. */
  private async checkTiling(entries: readonly yauzl.Entry[], directoryOffset: number): Promise<void> {
    const sorted = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
    let expected = 0;
    for (const entry of sorted) {
      const name = (entry.fileName as unknown as Buffer).toString('utf8');
      if (entry.relativeOffsetOfLocalHeader !== expected)
        throw malformed(
          `${name}: ${entry.relativeOffsetOfLocalHeader < expected ? 'overlaps the part before it' : 'bytes not in the directory before it'}`,
        );
      expected = await this.checkLocal(entry, name);
    }
    if (expected !== directoryOffset) throw malformed('bytes not in the directory before it');
  }

  /** Checks an entry's local header (and descriptor) against its record; returns where it ends. */
  private async checkLocal(entry: yauzl.Entry, name: string): Promise<number> {
    const at = entry.relativeOffsetOfLocalHeader;
    const header = await readAt(this.file, at, LOCAL_HEADER_SIZE);
    if (header.length < LOCAL_HEADER_SIZE || header.readUInt32LE(0) !== LOCAL_HEADER)
      throw malformed(`${name}: no local header`);
    const flags = header.readUInt16LE(6);
    const nameLength = header.readUInt16LE(26);
    const extraLength = header.readUInt16LE(28);
    const rest = await readAt(this.file, at + LOCAL_HEADER_SIZE, nameLength + extraLength);
    if (rest.length < nameLength + extraLength) throw new WorkbookRefusedError('truncated', name);
    if (!rest.subarray(0, nameLength).equals(entry.fileName as unknown as Buffer))
      throw malformed(`${name}: local header names another part`);
    if ((flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) !== 0)
      throw new WorkbookRefusedError('encrypted', name);
    if (header.readUInt16LE(8) !== entry.compressionMethod) throw malformed(`${name}: method differs`);
    const descriptor = (flags & FLAG_DESCRIPTOR) !== 0;
    if (descriptor !== ((entry.generalPurposeBitFlag & FLAG_DESCRIPTOR) !== 0))
      throw malformed(`${name}: flags differ`);
    const zip64 = zip64Sizes(rest.subarray(nameLength));
    let compressed: number = header.readUInt32LE(18);
    let size: number = header.readUInt32LE(22);
    if (zip64 !== null) {
      if (size === U32_MAX) size = zip64.size ?? -1;
      if (compressed === U32_MAX) compressed = zip64.compressed ?? -1;
    } else if (size === U32_MAX || compressed === U32_MAX) {
      throw malformed(`${name}: ZIP64 sizes missing`);
    }
    const sizesStated = !descriptor || size !== 0 || compressed !== 0;
    if (sizesStated && (size !== entry.uncompressedSize || compressed !== entry.compressedSize))
      throw malformed(`${name}: local sizes differ from the directory`);
    this.dataStarts.set(entry, at + LOCAL_HEADER_SIZE + nameLength + extraLength);
    const dataEnd = at + LOCAL_HEADER_SIZE + nameLength + extraLength + entry.compressedSize;
    if (!descriptor) return dataEnd;
    return dataEnd + (await this.checkDescriptor(entry, name, dataEnd, zip64 !== null));
  }

  /** A data descriptor states the directory's crc and sizes; returns its length. */
  private async checkDescriptor(
    entry: yauzl.Entry,
    name: string,
    at: number,
    zip64: boolean,
  ): Promise<number> {
    const bytes = await readAt(this.file, at, 24);
    const signed = bytes.length >= 4 && bytes.readUInt32LE(0) === DATA_DESCRIPTOR;
    const base = signed ? 4 : 0;
    const wide = zip64 || entry.uncompressedSize >= U32_MAX || entry.compressedSize >= U32_MAX;
    const length = base + (wide ? 20 : 12);
    if (bytes.length < length) throw new WorkbookRefusedError('truncated', name);
    const crc = bytes.readUInt32LE(base);
    const compressed = wide ? Number(bytes.readBigUInt64LE(base + 4)) : bytes.readUInt32LE(base + 4);
    const size = wide ? Number(bytes.readBigUInt64LE(base + 12)) : bytes.readUInt32LE(base + 8);
    if (crc !== entry.crc32 || compressed !== entry.compressedSize || size !== entry.uncompressedSize)
      throw malformed(`${name}: data descriptor differs from the directory`);
    return length;
  }
}

interface EndRecord {
  entries: number;
  directorySize: number;
  directoryOffset: number;
}

/** The end-of-directory record (ZIP64's when there is one), as yauzl finds it: from the back. */
async function readEndRecord(file: FileHandle, size: number): Promise<EndRecord> {
  const tailLength = Math.min(size, 22 + 0xffff + 20);
  const tail = await readAt(file, size - tailLength, tailLength);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== END_OF_DIRECTORY) continue;
    if (i + 22 + tail.readUInt16LE(i + 20) !== tail.length) throw malformed('bytes after the end record');
    const endAt = size - tailLength + i;
    let record: EndRecord = {
      entries: tail.readUInt16LE(i + 10),
      directorySize: tail.readUInt32LE(i + 12),
      directoryOffset: tail.readUInt32LE(i + 16),
    };
    let directoryEnd = endAt;
    if (i >= 20 && tail.readUInt32LE(i - 20) === ZIP64_END_LOCATOR) {
      const zip64At = Number(tail.readBigUInt64LE(i - 20 + 8));
      const zip64 = await readAt(file, zip64At, 56);
      if (zip64.length < 56 || zip64.readUInt32LE(0) !== 0x06064b50) throw malformed('ZIP64 end record');
      record = {
        entries: Number(zip64.readBigUInt64LE(32)),
        directorySize: Number(zip64.readBigUInt64LE(40)),
        directoryOffset: Number(zip64.readBigUInt64LE(48)),
      };
      directoryEnd = zip64At;
    }
    // The directory ends where the end record begins: nothing hides between them.
    if (record.directoryOffset + record.directorySize !== directoryEnd)
      throw malformed('central directory bounds');
    return record;
  }
  throw new WorkbookRefusedError('truncated', 'central directory');
}

/** Sizes from a ZIP64 extra field of a local header (both, in that order, when present). */
function zip64Sizes(extra: Buffer): { size: number | null; compressed: number | null } | null {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === ZIP64_FIELD) {
      const data = extra.subarray(at + 4, at + 4 + length);
      return {
        size: data.length >= 8 ? Number(data.readBigUInt64LE(0)) : null,
        compressed: data.length >= 16 ? Number(data.readBigUInt64LE(8)) : null,
      };
    }
    at += 4 + length;
  }
  return null;
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** yauzl on a descriptor of its own (it closes it); ours (`file`) reads headers and descriptors. */
function openZip(path: string, size: number): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false },
      (error, zip) => {
        if (error || zip === undefined) reject(fromYauzl(error));
        else if (zip.fileSize !== size) reject(malformed('size changed'));
        else resolve(zip);
      },
    );
  });
}

/** Bytes a part inflates to at a time (each chunk read from `GuardedZip.read`, but the last). */
export const INFLATE_CHUNK_BYTES = 1024 * 1024;

function inflaterFor(raw: NodeJS.ReadableStream) {
  // Inflating runs on the thread pool: let it work up to 1 MiB ahead while the sheet is scanned.
  // Chunks of 1 MiB: each one costs a round trip to the pool and a fresh buffer; at 256 KiB the
  // 100,000-row bench workbook took 0.75 s to validate, at 1 MiB 0.69 s (docs/benchmark.md).
  const options: ZlibOptions & TransformOptions = {
    chunkSize: INFLATE_CHUNK_BYTES,
    readableHighWaterMark: 1024 * 1024,
  };
  const inflater = createInflateRaw(options);
  raw.on('error', (error) => inflater.destroy(error));
  return inflater;
}

function fromYauzl(error: unknown): Error {
  if (isInputFailure(error)) return error as Error;
  const message = describe(error);
  if (/encrypt/i.test(message)) return new WorkbookRefusedError('encrypted', message);
  if (/signature not found|unexpected EOF|overflows file bounds/i.test(message))
    return new WorkbookRefusedError('truncated', message);
  return malformed(message);
}

/** I/O failures of the machine (a full disk, a closed file) propagate; everything else is the file's fault. */
export function isInputFailure(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    /^E[A-Z]+$/.test(error.code) &&
    !error.code.startsWith('ERR_')
  );
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
}
