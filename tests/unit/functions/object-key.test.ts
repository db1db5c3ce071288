import { describe, expect, it } from 'vitest';
import {
  encodeEventKey,
  isReadableUpload,
  isStatusKey,
  isUploadKey,
  uploadFileTypeOf,
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
