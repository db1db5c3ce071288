/**
 * The hostile-zip corpus of docs/contract.md §2.1: each case a real workbook (written by
 * exceljs, taken apart, rebuilt with tests/support/zip-bytes.ts) with one thing bent. Shared by
 * the unit tests (each refused, with which message) and the memory test (each refused in a
 * child process whose peak RSS is measured).
 */
import { HEADER } from '../unit/shared/csv/helpers';
import { csvToRows, workbookBytes } from './workbooks';
import { paddedDeflate, unzipEntries, type ZipEntryInput, type ZipLayoutInput, zipLayout } from './zip-bytes';

const GB = 1000 ** 3;

export interface HostileCase {
  name: string;
  bytes: Buffer;
  /** A word the refusal's message must contain. */
  message: RegExp;
}

export async function realWorkbookEntries(): Promise<ZipEntryInput[]> {
  const csv = [HEADER, '2021,12,U1,单位,P1,项目,一级,一般公共预算,,项目支出,100,1,50'].join('\n');
  return unzipEntries(await workbookBytes([{ rows: csvToRows(csv, [10, 11, 12]) }]));
}

const indexOf = (entries: readonly ZipEntryInput[], name: string): number => {
  const index = entries.findIndex((entry) => entry.name === name);
  if (index === -1) throw new Error(`${name} not in the workbook`);
  return index;
};

/** A central-directory record of 46 bytes naming nothing, as slipped in by the file. */
function strayRecord(): Buffer {
  const record = Buffer.alloc(46);
  record.writeUInt32LE(0x02014b50, 0);
  return record;
}

/** The workbook with its sharedStrings.xml padded (with spaces, legal XML) to `size` bytes. */
function paddedSharedStrings(entries: ZipEntryInput[], size: number, declared?: number): ZipEntryInput[] {
  return entries.map((entry) => {
    if (entry.name !== 'xl/sharedStrings.xml' || entry.data === undefined) return entry;
    const xml = entry.data.toString('utf8');
    const close = xml.lastIndexOf('</sst>');
    const padded = paddedDeflate(Buffer.from(xml.slice(0, close)), size, Buffer.from(xml.slice(close)));
    return {
      name: entry.name,
      compressed: padded.compressed,
      size: padded.size,
      crc: padded.crc,
      ...(declared === undefined ? {} : { declaredSize: declared }),
    };
  });
}

export async function hostileCorpus(): Promise<HostileCase[]> {
  const entries = await realWorkbookEntries();
  const sheet = indexOf(entries, 'xl/worksheets/sheet1.xml');
  const strings = indexOf(entries, 'xl/sharedStrings.xml');
  const bent = (
    name: string,
    layout: Omit<ZipLayoutInput, 'entries'> & { entries?: ZipEntryInput[] },
    message: RegExp,
  ): HostileCase => ({
    name,
    bytes: zipLayout({ entries, ...layout }),
    message,
  });
  const change = (index: number, patch: Partial<ZipEntryInput>) =>
    entries.map((entry, i) => (i === index ? { ...entry, ...patch } : entry));
  const small: ZipEntryInput = { name: 'a.txt', data: Buffer.from('a') };
  const damaged = /损坏/;
  return [
    // The file: one small entry, a stray directory record, then a real workbook whose
    // shared strings inflate to 1.2 GB (the directory says 30 kB, so only the layout gives it away).
    bent(
      'stray directory record before a workbook padded to 1.2 GB',
      {
        entries: [small, ...paddedSharedStrings(entries, 1.2 * GB, 30_000)],
        before: new Map([[1, strayRecord()]]),
      },
      damaged,
    ),
    bent(
      'a stray directory record between two entries',
      { before: new Map([[sheet, strayRecord()]]) },
      damaged,
    ),
    bent(
      'shared strings inflating to 1.2 GB past a small declared size',
      { entries: paddedSharedStrings(entries, 1.2 * GB, 30_000) },
      /压缩比/,
    ),
    bent(
      'shared strings padded to 1.2 GB, declared',
      { entries: paddedSharedStrings(entries, 1.2 * GB) },
      /压缩比/,
    ),
    bent(
      'a local header the directory does not list',
      { entries: [...entries, small], unlisted: new Set([entries.length]) },
      damaged,
    ),
    bent('a directory record listed twice', { listedTwice: new Set([sheet]) }, damaged),
    bent('two records for the same bytes', { offsets: new Map([[strings, 0]]) }, damaged),
    bent(
      'bytes slipped between two entries',
      { before: new Map([[sheet, Buffer.alloc(64, 0x20)]]) },
      damaged,
    ),
    bent('bytes in the directory the end record does not count', { directoryJunk: strayRecord() }, damaged),
    bent(
      'a local header stating other sizes',
      { entries: change(sheet, { localDeclaredSize: 10 }) },
      damaged,
    ),
    bent(
      'a data descriptor stating other sizes',
      { entries: change(sheet, { descriptor: true, descriptorSize: 10 }) },
      damaged,
    ),
    bent('a ZIP64 field stating other sizes', { entries: change(sheet, { zip64LocalSize: 10 }) }, damaged),
    bent('an encrypted entry', { entries: change(sheet, { encrypted: true }) }, /加密/),
  ];
}
