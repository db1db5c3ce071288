/**
 * A workbook is a zip of XML parts, and a zip can lie: a few kilobytes may inflate to
 * gigabytes (a "zip bomb"), and a shared-strings or styles part can be made huge to exhaust
 * memory before a single row is read. This guard sits between the upload's bytes and the
 * workbook parser. It walks the zip's local file headers as the bytes stream past, inflates
 * each part alongside (counting, not keeping, what comes out), and forwards a chunk to the
 * parser only once it has been counted. So the parser never receives bytes that inflate past a
 * limit: declared sizes, actual inflated sizes and the inflation ratio are all checked, and a
 * zip that ends before its central directory is reported as truncated, not parsed in part.
 *
 * Memory: the current chunk, a header being assembled (bounded by the zip format's field
 * sizes), and one zlib inflater at a time.
 */
import { createInflateRaw, type InflateRaw } from 'node:zlib';
import type { WorkbookRefusal } from '../export/record-source';

export interface ZipLimits {
  /** Largest upload in bytes (the compressed file). */
  maxFileBytes: number;
  /** All parts together, inflated. */
  maxInflatedBytes: number;
  /** Inflated bytes per compressed byte, checked once a part has inflated past `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
  /** Per-part ceilings for the parts a parser holds in memory; others get `maxOtherPartBytes`. */
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
const CENTRAL_HEADER = 0x02014b50;
const DATA_DESCRIPTOR = 0x08074b50;
const LOCAL_HEADER_SIZE = 30;
const FLAG_ENCRYPTED = 0x1;
const FLAG_DESCRIPTOR = 0x8;
const STORED = 0;
const DEFLATED = 8;

interface Entry {
  name: string;
  method: number;
  /** Compressed bytes still to come when known from the header; null when a data descriptor ends the entry. */
  remaining: number | null;
  compressed: number;
  inflated: number;
  limit: number;
  inflater: InflateRaw | null;
}

function partLimit(name: string, limits: ZipLimits): number {
  if (name === 'xl/sharedStrings.xml') return limits.maxSharedStringsBytes;
  if (name === 'xl/styles.xml') return limits.maxStylesBytes;
  if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) return limits.maxInflatedBytes;
  return limits.maxOtherPartBytes;
}

/**
 * Passes `input` through unchanged, throwing `WorkbookRefusedError` before forwarding any chunk
 * that breaks a limit, and at the end if the zip was cut short.
 */
export async function* guardZip(
  input: AsyncIterable<Uint8Array>,
  limits: ZipLimits,
  onBytes: (total: number) => void,
): AsyncGenerator<Buffer> {
  const guard = new ZipGuard(limits);
  for await (const chunk of input) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    await guard.push(bytes);
    onBytes(guard.bytes);
    yield bytes;
  }
  guard.end();
}

class ZipGuard {
  bytes = 0;
  private pending: Buffer = Buffer.alloc(0);
  private entry: Entry | null = null;
  private entries = 0;
  private inflatedTotal = 0;
  private done = false;

  constructor(private readonly limits: ZipLimits) {}

  async push(chunk: Buffer): Promise<void> {
    this.bytes += chunk.length;
    if (this.bytes > this.limits.maxFileBytes)
      throw new WorkbookRefusedError('fileTooLarge', String(this.limits.maxFileBytes));
    if (this.done) return;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (!this.done && this.pending.length > 0) {
      if (this.entry === null) {
        if (!this.readHeader()) return;
      } else if (!(await this.readData(this.entry))) {
        return;
      }
    }
  }

  end(): void {
    if (!this.done) {
      if (this.bytes === 0) throw new WorkbookRefusedError('notZip', 'empty');
      throw new WorkbookRefusedError('truncated', this.entry?.name ?? 'central directory');
    }
  }

  /** @returns false when more bytes are needed */
  private readHeader(): boolean {
    const buf = this.pending;
    if (buf.length < 4) return false;
    const signature = buf.readUInt32LE(0);
    if (signature === CENTRAL_HEADER) {
      if (this.entries === 0) throw new WorkbookRefusedError('noWorksheet', 'empty zip');
      this.done = true;
      this.pending = Buffer.alloc(0);
      return false;
    }
    if (signature !== LOCAL_HEADER) {
      throw new WorkbookRefusedError(
        this.bytes === buf.length && this.entries === 0 ? 'notZip' : 'malformed',
        'header',
      );
    }
    if (buf.length < LOCAL_HEADER_SIZE) return false;
    const flags = buf.readUInt16LE(6);
    const method = buf.readUInt16LE(8);
    const compressedSize = buf.readUInt32LE(18);
    const declaredSize = buf.readUInt32LE(22);
    const nameLength = buf.readUInt16LE(26);
    const extraLength = buf.readUInt16LE(28);
    const headerLength = LOCAL_HEADER_SIZE + nameLength + extraLength;
    if (buf.length < headerLength) return false;
    const name = buf.toString('utf8', LOCAL_HEADER_SIZE, LOCAL_HEADER_SIZE + nameLength);
    this.pending = buf.subarray(headerLength);

    if (++this.entries > this.limits.maxEntries)
      throw new WorkbookRefusedError('zipBomb', `more than ${this.limits.maxEntries} parts`);
    if ((flags & FLAG_ENCRYPTED) !== 0) throw new WorkbookRefusedError('encrypted', name);
    if (method !== STORED && method !== DEFLATED)
      throw new WorkbookRefusedError('malformed', `${name}: method ${method}`);
    if (compressedSize === 0xffffffff || declaredSize === 0xffffffff)
      throw new WorkbookRefusedError('partTooLarge', name);
    const limit = partLimit(name, this.limits);
    const usesDescriptor = (flags & FLAG_DESCRIPTOR) !== 0;
    if (!usesDescriptor) {
      if (declaredSize > limit) throw new WorkbookRefusedError('partTooLarge', name);
      if (declaredSize > this.limits.ratioFloorBytes && declaredSize > compressedSize * this.limits.maxRatio)
        throw new WorkbookRefusedError('zipBomb', name);
    }
    if (usesDescriptor && method === STORED)
      throw new WorkbookRefusedError('malformed', `${name}: stored with descriptor`);
    const entry: Entry = {
      name,
      method,
      remaining: usesDescriptor ? null : compressedSize,
      compressed: 0,
      inflated: 0,
      limit,
      inflater: null,
    };
    if (method === DEFLATED) entry.inflater = this.newInflater(entry);
    this.entry = entry;
    return true;
  }

  private newInflater(entry: Entry): InflateRaw {
    const inflater = createInflateRaw();
    inflater.on('data', (out: Buffer) => {
      entry.inflated += out.length;
      this.inflatedTotal += out.length;
    });
    // Errors surface through the write callback.
    inflater.on('error', () => {});
    return inflater;
  }

  /** @returns false when more bytes are needed */
  private async readData(entry: Entry): Promise<boolean> {
    const buf = this.pending;
    let take: number;
    let finished = false;
    let descriptorLength = 0;
    if (entry.remaining !== null) {
      take = Math.min(entry.remaining, buf.length);
      entry.remaining -= take;
      finished = entry.remaining === 0;
    } else {
      // A data descriptor: its signature, then crc and sizes; the compressed size must equal
      // the bytes since the data began, which tells a real descriptor from data that looks like one.
      const found = this.findDescriptor(entry, buf);
      if (found === null) {
        // Keep the last 15 bytes back: a descriptor may straddle chunks.
        take = Math.max(0, buf.length - 15);
        if (take === 0) return false;
      } else {
        take = found;
        finished = true;
        descriptorLength = 16;
      }
    }
    const data = buf.subarray(0, take);
    entry.compressed += take;
    if (entry.inflater !== null && take > 0) await this.inflate(entry.inflater, data, entry);
    else if (entry.method === STORED) {
      entry.inflated += take;
      this.inflatedTotal += take;
    }
    this.check(entry);
    if (finished) {
      if (entry.inflater !== null) {
        await new Promise<void>((resolve) => entry.inflater?.end(resolve));
        this.check(entry);
      }
      if (buf.length < take + descriptorLength) return false;
      this.pending = buf.subarray(take + descriptorLength);
      this.entry = null;
      return true;
    }
    this.pending = buf.subarray(take);
    return this.pending.length > 0 && entry.remaining !== null;
  }

  private findDescriptor(entry: Entry, buf: Buffer): number | null {
    for (let at = buf.indexOf(0x50); at !== -1 && at + 16 <= buf.length; at = buf.indexOf(0x50, at + 1)) {
      if (buf.readUInt32LE(at) === DATA_DESCRIPTOR && buf.readUInt32LE(at + 8) === entry.compressed + at)
        return at;
    }
    return null;
  }

  private inflate(inflater: InflateRaw, data: Buffer, entry: Entry): Promise<void> {
    return new Promise((resolve, reject) => {
      inflater.write(data, (error) => {
        if (error) reject(new WorkbookRefusedError('malformed', `${entry.name}: ${error.message}`));
        else resolve();
      });
    });
  }

  private check(entry: Entry): void {
    if (entry.inflated > entry.limit) throw new WorkbookRefusedError('partTooLarge', entry.name);
    if (this.inflatedTotal > this.limits.maxInflatedBytes)
      throw new WorkbookRefusedError('zipBomb', entry.name);
    if (
      entry.inflated > this.limits.ratioFloorBytes &&
      entry.inflated > entry.compressed * this.limits.maxRatio
    )
      throw new WorkbookRefusedError('zipBomb', entry.name);
  }
}
