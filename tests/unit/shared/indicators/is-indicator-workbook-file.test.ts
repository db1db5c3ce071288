/**
 * `isIndicatorWorkbookFile` (the CLI's sniff of a workbook on disk, read in place) tells an
 * indicator workbook from an export exactly as `isIndicatorFile` does on the same bytes as a
 * stream (the upload path): indicator and export workbooks, one behind a cover sheet or a
 * hidden sheet, a LibreOffice workbook, and bytes that are no workbook at all.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isIndicatorFile, isIndicatorWorkbookFile } from '../../../../shared/indicators/is-indicator-file';
import { chunksOf, csvToRows, workbookBytes } from '../../../support/workbooks';
import { projectRoot } from '../csv/helpers';

const dir = mkdtempSync(join(tmpdir(), 'is-indicator-workbook-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (path: string) => readFileSync(join(projectRoot, path));
const indicatorRows = csvToRows(read('examples/indicators/lechang-2021.csv').toString('utf8'), [8, 9, 10]);
const exportRows = csvToRows(read('examples/lechang-2021/2021-12.csv').toString('utf8'), [10, 11, 12]);

describe('isIndicatorWorkbookFile', () => {
  it('agrees with isIndicatorFile on every kind of workbook', async () => {
    const cases: [string, Buffer, boolean][] = [
      ['indicators', await workbookBytes([{ rows: indicatorRows }]), true],
      [
        'indicators behind a cover sheet',
        await workbookBytes([{ rows: [['乐昌市民政局 2021 年绩效自评']] }, { rows: indicatorRows }]),
        true,
      ],
      [
        'indicators behind a hidden export sheet',
        await workbookBytes([{ state: 'hidden', rows: exportRows }, { rows: indicatorRows }]),
        true,
      ],
      ['an export', await workbookBytes([{ rows: exportRows }]), false],
      [
        'an export behind a hidden indicator sheet',
        await workbookBytes([{ state: 'hidden', rows: indicatorRows }, { rows: exportRows }]),
        false,
      ],
      ['an export written by Excel (examples/)', read('examples/lechang-2021/2021-12.xlsx'), false],
      [
        'an export written by LibreOffice',
        read('tests/fixtures/xlsx/libreoffice-budget-system-2021-12.xlsx'),
        false,
      ],
      ['no workbook at all', Buffer.from('PK\u0003\u0004 not a zip'), false],
      ['an empty file', Buffer.alloc(0), false],
    ];
    for (const [what, bytes, expected] of cases) {
      const file = join(dir, 'book.xlsx');
      writeFileSync(file, bytes);
      const streamed = await isIndicatorFile(chunksOf(bytes), 'xlsx');
      expect(streamed, what).toBe(expected);
      expect(await isIndicatorWorkbookFile(file, bytes.length), what).toBe(streamed);
    }
  });
});
