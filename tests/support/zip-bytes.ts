/**
 * A minimal zip writer for hostile-workbook tests: entries deflated by zlib, with sizes in the
 * local headers (as Excel writes them) or in data descriptors with zeros declared up front
 * (as streaming writers do, and as a zip bomb may, to hide its size).
 */
import { deflateRawSync } from 'node:zlib';

export interface ZipEntryInput {
  name: string;
  data: Buffer;
  /** Sizes after the data instead of in the header. */
  descriptor?: boolean;
  /** Lie about the inflated size in the header. */
  declaredSize?: number;
}

export function zipBytes(entries: ZipEntryInput[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(entry.descriptor ? 0x8 : 0, 6);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(0, 14); // crc: not checked by the guard
    header.writeUInt32LE(entry.descriptor ? 0 : compressed.length, 18);
    header.writeUInt32LE(entry.descriptor ? 0 : (entry.declaredSize ?? entry.data.length), 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    parts.push(header, name, compressed);
    let length = header.length + name.length + compressed.length;
    if (entry.descriptor) {
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(compressed.length, 8);
      descriptor.writeUInt32LE(entry.data.length, 12);
      parts.push(descriptor);
      length += 16;
    }
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt32LE(compressed.length, 20);
    record.writeUInt32LE(entry.data.length, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt32LE(offset, 42);
    central.push(record, name);
    offset += length;
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  return Buffer.concat([...parts, ...central, end]);
}
