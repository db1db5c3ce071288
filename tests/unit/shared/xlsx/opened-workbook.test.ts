/**
 * A workbook opened once and read twice (shared/xlsx/opened-workbook.ts, the CLI's sniff then its
 * reading) reads as a workbook opened afresh each time: the same verdict, and each reading's
 * inflated bytes counted as a reading of its own (so a cap on them is met at the same byte);
 * a reading given another file, or other limits, opens its own.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExportValidation } from '../../../../shared/export/export-validation';
import { exportHeaderRow } from '../../../../shared/export/validate-export';
import { DEFAULT_VALIDATE_OPTIONS } from '../../../../shared/export/validate-options';
import { isIndicatorWorkbookFile } from '../../../../shared/indicators/is-indicator-file';
import { OpenedWorkbook } from '../../../../shared/xlsx/opened-workbook';
import { readWorkbookFile, zipLimitsFor } from '../../../../shared/xlsx/read-workbook-records';
import { DEFAULT_ZIP_LIMITS } from '../../../../shared/xlsx/zip-guard';
import { csvToRows, validateWorkbook, workbookBytes } from '../../../support/workbooks';
import { projectRoot } from '../csv/helpers';

const dir = mkdtempSync(join(tmpdir(), 'opened-workbook-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const exportRows = csvToRows(
  readFileSync(join(projectRoot, 'examples/lechang-2021/2021-12.csv')).toString('utf8'),
  [10, 11, 12],
);

async function validateFile(path: string, bytes: number, opened?: OpenedWorkbook) {
  const validation = new ExportValidation(DEFAULT_VALIDATE_OPTIONS, true, { fileName: path });
  let stopped = false;
  validation.onStop(() => {
    stopped = true;
  });
  const options = { isHeaderRow: exportHeaderRow(undefined) };
  const summary = await readWorkbookFile(
    path,
    bytes,
    validation,
    DEFAULT_VALIDATE_OPTIONS,
    options,
    () => stopped,
    opened,
  );
  return validation.finish(summary);
}

describe('a workbook opened once', () => {
  it('reads, after the sniff, exactly as a workbook opened afresh, and counts its bytes alike', async () => {
    const bytes = await workbookBytes([{ name: '封面', rows: [['乐昌市民政局']] }, { rows: exportRows }]);
    const path = join(dir, '2021-12.xlsx');
    writeFileSync(path, bytes);
    const fresh = await validateFile(path, bytes.length);
    expect(fresh).toMatchObject({ valid: true, period: { year: 2021, month: 12 } });
    expect(fresh).toEqual(await validateWorkbook(bytes, undefined, undefined, { fileName: path }));

    // What one reading inflates, counted from a workbook opened for it alone.
    const alone = await OpenedWorkbook.open(path, bytes.length, zipLimitsFor(DEFAULT_VALIDATE_OPTIONS));
    await validateFile(path, bytes.length, alone).finally(() => alone.close());
    const oneReading = alone.zip.inflated;

    const opened = await OpenedWorkbook.open(path, bytes.length, zipLimitsFor(DEFAULT_VALIDATE_OPTIONS));
    try {
      expect(await isIndicatorWorkbookFile(path, bytes.length, opened)).toBe(false);
      expect(opened.zip.inflated).toBeGreaterThan(0);
      expect(await validateFile(path, bytes.length, opened)).toEqual(fresh);
      // Counted as a reading of its own: the sniff's bytes are not on top.
      expect(opened.zip.inflated).toBe(oneReading);
      expect(await validateFile(path, bytes.length, opened)).toEqual(fresh);
      expect(opened.zip.inflated).toBe(oneReading);
    } finally {
      await opened.close();
    }
  });

  it('is not used for another file or other limits (the reading opens its own)', async () => {
    const bytes = await workbookBytes([{ rows: exportRows }]);
    const path = join(dir, 'a.xlsx');
    const other = join(dir, 'b.xlsx');
    writeFileSync(path, bytes);
    writeFileSync(other, bytes);
    const fresh = await validateFile(path, bytes.length);
    const limits = {
      ...DEFAULT_ZIP_LIMITS,
      maxFileBytes: DEFAULT_VALIDATE_OPTIONS.maxFileBytes,
      maxRatio: 2,
    };
    const strict = await OpenedWorkbook.open(path, bytes.length, limits);
    const opened = await OpenedWorkbook.open(other, bytes.length, zipLimitsFor(DEFAULT_VALIDATE_OPTIONS));
    try {
      // Opened with other limits or for another path: untouched, the reading opens the file itself.
      const before = [strict.zip.inflated, opened.zip.inflated];
      expect(await validateFile(path, bytes.length, strict)).toEqual(fresh);
      expect(await validateFile(path, bytes.length, opened)).toEqual(fresh);
      expect([strict.zip.inflated, opened.zip.inflated]).toEqual(before);
    } finally {
      await strict.close();
      await opened.close();
    }
  });
});
