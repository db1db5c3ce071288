import { describe, expect, it } from 'vitest';
import {
  encodeEventKey,
  hashedStatusKeyOf,
  isKeyOfHashedStatus,
  isReadableUpload,
  isStatusKey,
  isUploadKey,
  MAX_S3_KEY_BYTES,
  MAX_STATUS_NAME_BYTES,
  statusKeyFor,
  uploadFileTypeOf,
  uploadKeyOfStatus,
  uploadKindOf,
} from '../../../functions/common/object-key';

describe('upload keys', () => {
  it.each([
    ['incoming/2021-12.csv', 'export'],
    ['incoming/a/b/2021-12.XLSX', 'export'],
    ['indicators/2021.csv', 'indicators'],
    ['status/incoming/x.csv.json', null],
    ['Incoming/x.csv', null],
    ['elsewhere/x.csv', null],
  ] as const)('%s is %s', (key, kind) => {
    expect(uploadKindOf(key)).toBe(kind);
    expect(isUploadKey(key)).toBe(kind !== null);
  });

  it.each([
    ['incoming/x.csv', 'csv'],
    ['incoming/x.CSV', 'csv'],
    ['incoming/x.Csv', 'csv'],
    ['incoming/x.xlsx', 'xlsx'],
    ['incoming/x.XLSX', 'xlsx'],
    ['incoming/x.xls', 'unsupported'],
    ['incoming/x.et', 'unsupported'],
    ['incoming/x.ods', 'unsupported'],
    ['incoming/x.numbers', 'unsupported'],
    ['incoming/x.pdf', 'unsupported'],
    ['incoming/x', 'unsupported'],
    ['incoming/x.csv.bak', 'unsupported'],
  ] as const)('reads the file type of %s as %s, in any letter case', (key, type) => {
    expect(uploadFileTypeOf(key)).toBe(type);
  });

  it('reads CSV exports and CSV indicator files in any letter case, nothing else yet', () => {
    expect(isReadableUpload('indicators/2021.CSV')).toBe(true);
    expect(isReadableUpload('incoming/2022-01.CSV')).toBe(true);
    expect(isReadableUpload('incoming/2022-01.csv')).toBe(true);
    expect(isReadableUpload('incoming/2022-01.XLSX')).toBe(true);
    expect(isReadableUpload('incoming/2022-01.xls')).toBe(false);
    expect(isReadableUpload('incoming/2022-01.pdf')).toBe(false);
    expect(isReadableUpload('elsewhere/2022-01.csv')).toBe(false);
  });

  it('tells status records from uploads', () => {
    expect(isStatusKey('status/incoming/x.CSV.json')).toBe(true);
    expect(isStatusKey('status/.json')).toBe(false);
    expect(isStatusKey('incoming/x.json')).toBe(false);
  });

  it('encodes event keys as S3 does, so the handlers decode what the emulator sends', () => {
    expect(encodeEventKey('incoming/x y+z.CSV')).toBe('incoming/x+y%2Bz.CSV');
  });
});

describe('status keys: every key S3 accepts gets one', () => {
  it('is status/<key>.json while that fits, and hashed beyond, with both limits named once', () => {
    expect(statusKeyFor('incoming/x.csv')).toBe('status/incoming/x.csv.json');
    // A file name whose status name would pass MAX_STATUS_NAME_BYTES (s3rver keeps objects as files).
    const longName = `incoming/${'名'.repeat(66)}.csv`;
    expect(Buffer.byteLength(`${longName.slice('incoming/'.length)}.json`)).toBeGreaterThan(
      MAX_STATUS_NAME_BYTES,
    );
    const hashed = statusKeyFor(longName);
    expect(hashed).toMatch(/^status\/by-hash\/[0-9a-f]{64}\.json$/);
    expect(isStatusKey(hashed)).toBe(true);
    expect(uploadKeyOfStatus(hashed)).toBeNull();
    const hash = hashedStatusKeyOf(hashed) ?? '';
    expect(isKeyOfHashedStatus(longName, hash)).toBe(true);
    expect(isKeyOfHashedStatus('incoming/x.csv', hash)).toBe(false);
    // 1,013–1,024 bytes of short segments: status/<key>.json would pass S3's 1,024.
    const deep = `incoming/${Array.from({ length: 10 }, () => 'd'.repeat(99)).join('/')}/x.csv`;
    expect(Buffer.byteLength(deep)).toBeGreaterThanOrEqual(1013);
    expect(Buffer.byteLength(deep)).toBeLessThanOrEqual(MAX_S3_KEY_BYTES);
    expect(statusKeyFor(deep)).toMatch(/^status\/by-hash\//);
    expect(Buffer.byteLength(statusKeyFor(deep))).toBeLessThanOrEqual(MAX_S3_KEY_BYTES);
  });
});
