/**
 * A zip writer for hostile-workbook tests: every field the zip guard checks can be made to lie
 * on its own (the local header, the central directory, a data descriptor, a ZIP64 field), and
 * the layout can be bent (bytes slipped between entries, entries left out of the directory or
 * listed twice, offsets pointing into another entry). Honest by default, so a test changes one
 * thing. `unzipEntries` takes a real workbook (written by exceljs) apart to rebuild it bent.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';

export interface ZipEntryInput {
  name: string;
  /** The inflated bytes; or give `compressed` (deflated) with `size` and `crc`. */
  data?: Buffer;
  compressed?: Buffer;
  size?: number;
  crc?: number;
  /** 0 stored, 8 deflated (default). */
  method?: number;
  /** Sizes after the data, in a data descriptor; zeros in the local header. */
  descriptor?: boolean;
  /** Lie about the inflated size everywhere it is stated. */
  declaredSize?: number;
  /** Lie in the local header only. */
  localDeclaredSize?: number;
  /** Lie in the data descriptor only. */
  descriptorSize?: number;
  /** The traditional-encryption flag. */
  encrypted?: boolean;
  /** Sizes in a ZIP64 extra field of the local header (0xffffffff in the header), this inflated size. */
  zip64LocalSize?: number;
}

export interface ZipLayoutInput {
  entries: ZipEntryInput[];
  /** Bytes written just before entry i's local header. */
  before?: ReadonlyMap<number, Buffer>;
  /** Entries written but not listed in the central directory. */
  unlisted?: ReadonlySet<number>;
  /** Entries listed twice in the central directory. */
  listedTwice?: ReadonlySet<number>;
  /** Directory offsets that point elsewhere (entry → offset). */
  offsets?: ReadonlyMap<number, number>;
  /** Bytes inside the directory that the end record does not count. */
  directoryJunk?: Buffer;
}

export function zipBytes(entries: ZipEntryInput[]): Buffer {
  return zipLayout({ entries });
}

export function zipLayout(layout: ZipLayoutInput): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  let listed = 0;
  layout.entries.forEach((entry, index) => {
    const junk = layout.before?.get(index);
    if (junk !== undefined) {
      parts.push(junk);
      offset += junk.length;
    }
    const name = Buffer.from(entry.name, 'utf8');
    const method = entry.method ?? 8;
    const data = entry.data ?? Buffer.alloc(0);
    const compressed = entry.compressed ?? (method === 8 ? deflateRawSync(data) : data);
    const realSize = entry.size ?? data.length;
    const crc = entry.crc ?? crc32(data);
    const size = entry.declaredSize ?? realSize;
    const flags = (entry.descriptor ? 0x8 : 0) | (entry.encrypted ? 0x1 : 0) | 0x800;
    const extra =
      entry.zip64LocalSize === undefined
        ? Buffer.alloc(0)
        : zip64Extra(entry.zip64LocalSize, compressed.length);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(entry.zip64LocalSize === undefined ? 20 : 45, 4);
    header.writeUInt16LE(flags, 6);
    header.writeUInt16LE(method, 8);
    header.writeUInt32LE(entry.descriptor ? 0 : crc, 14);
    const zip64 = entry.zip64LocalSize !== undefined;
    header.writeUInt32LE(entry.descriptor ? 0 : zip64 ? 0xffffffff : compressed.length, 18);
    header.writeUInt32LE(entry.descriptor ? 0 : zip64 ? 0xffffffff : (entry.localDeclaredSize ?? size), 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(extra.length, 28);
    parts.push(header, name, extra, compressed);
    let length = header.length + name.length + extra.length + compressed.length;
    if (entry.descriptor) {
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(compressed.length, 8);
      descriptor.writeUInt32LE(entry.descriptorSize ?? size, 12);
      parts.push(descriptor);
      length += 16;
    }
    if (!layout.unlisted?.has(index)) {
      const times = layout.listedTwice?.has(index) ? 2 : 1;
      for (let i = 0; i < times; i++) {
        const record = Buffer.alloc(46);
        record.writeUInt32LE(0x02014b50, 0);
        record.writeUInt16LE(20, 4);
        record.writeUInt16LE(20, 6);
        record.writeUInt16LE(flags, 8);
        record.writeUInt16LE(method, 10);
        record.writeUInt32LE(crc, 16);
        record.writeUInt32LE(compressed.length, 20);
        record.writeUInt32LE(size, 24);
        record.writeUInt16LE(name.length, 28);
        record.writeUInt32LE(layout.offsets?.get(index) ?? offset, 42);
        central.push(record, name);
        listed++;
      }
    }
    offset += length;
  });
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(listed, 8);
  end.writeUInt16LE(listed, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, layout.directoryJunk ?? Buffer.alloc(0), end]);
}

function zip64Extra(size: number, compressed: number): Buffer {
  const extra = Buffer.alloc(20);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(16, 2);
  extra.writeBigUInt64LE(BigInt(size), 4);
  extra.writeBigUInt64LE(BigInt(compressed), 12);
  return extra;
}

/** A zip's entries in file order, inflated (for rebuilding a real workbook bent). */
export async function unzipEntries(bytes: Buffer): Promise<{ name: string; data: Buffer }[]> {
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true });
  const found: yauzl.Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      found.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  const entries: { name: string; data: Buffer; offset: number }[] = [];
  for (const entry of found) {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    entries.push({
      name: entry.fileName,
      data: Buffer.concat(chunks),
      offset: entry.relativeOffsetOfLocalHeader,
    });
  }
  zip.close();
  return entries.sort((a, b) => a.offset - b.offset).map(({ name, data }) => ({ name, data }));
}

/**
 * `size` bytes of one repeated byte, deflated without ever holding them: a 1 MiB block deflated
 * once with a full flush (no back-reference across blocks) and repeated; `prefix` and `suffix`
 * around it. For parts that inflate to gigabytes from a file of a megabyte.
 */
export function paddedDeflate(
  prefix: Buffer,
  size: number,
  suffix: Buffer,
): { compressed: Buffer; size: number; crc: number } {
  const MIB = 1024 * 1024;
  const flush = { finishFlush: 3 /* Z_FULL_FLUSH */ };
  const block = Buffer.alloc(MIB, 0x20);
  const deflatedBlock = deflateRawSync(block, flush);
  const blocks = Math.floor(size / MIB);
  const tail = Buffer.alloc(size - blocks * MIB, 0x20);
  let crc = crc32(prefix);
  for (let i = 0; i < blocks; i++) crc = crc32(block, crc);
  crc = crc32(Buffer.concat([tail, suffix]), crc);
  const compressed = Buffer.concat([
    deflateRawSync(prefix, flush),
    ...Array.from({ length: blocks }, () => deflatedBlock),
    deflateRawSync(Buffer.concat([tail, suffix])),
  ]);
  return { compressed, size: prefix.length + size + suffix.length, crc };
}
