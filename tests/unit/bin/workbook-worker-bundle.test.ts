/**
 * The bundled worker of a two-thread workbook validate (dist/workbook-range-worker.mjs, built by
 * scripts/build-cli.mjs next to the CLI): it loads on plain Node and reads a range that is
 * absorbed — the two-thread path, with one reading's result. A worker that failed to load would
 * only send every workbook to one reading, with the same output, so the CLI's own comparison
 * (validate-workbook-threads.test.ts) could not tell.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../../scripts/build-cli.mjs';
import { runOn } from '../../../shared/csv/range-threads';
import { validateExport } from '../../../shared/export';
import { validateWorkbookInRanges, type WorkbookRangeOutcome } from '../../../shared/xlsx/workbook-ranges';
import { WORKBOOK_PLAN } from '../../../shared/xlsx/workbook-threads';
import { chunksOf, csvToRows, workbookBytes } from '../../support/workbooks';
import { examplePath } from '../shared/csv/helpers';

const dir = mkdtempSync(join(tmpdir(), 'workbook-worker-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the bundled workbook range worker', () => {
  it('reads a range that is absorbed: the two-thread path, one reading’s result', async () => {
    const bundle = await buildCli();
    const file = join(dir, 'export.xlsx');
    const bytes = await workbookBytes([
      { rows: csvToRows(readFileSync(examplePath(12), 'utf8'), [10, 11, 12]) },
    ]);
    writeFileSync(file, bytes);
    const worker = new Worker(join(dirname(bundle), 'workbook-range-worker.mjs'));
    try {
      const two = await validateWorkbookInRanges(
        file,
        bytes.length,
        { range: (task) => runOn<WorkbookRangeOutcome>(worker, task), stop: () => {} },
        { ...WORKBOOK_PLAN, minSheetBytes: 0, tailBytes: 0 },
        undefined,
        { fileName: file },
      );
      expect(two.path).toMatchObject({ kind: 'parallel' });
      expect(two.result).toEqual(
        await validateExport(chunksOf(bytes), undefined, { format: 'xlsx', fileName: file }),
      );
      expect(two.result).toMatchObject({ valid: true, rows: 23 });
    } finally {
      await worker.terminate();
    }
  });
});
