/**
 * Every table on every page the pipeline writes is rectangular: each row has as many cells as
 * its header. Run with 年初预算数 present (a budget-system workbook), where an extra column is
 * added to several tables, on real s3rver + dynalite; the pages are read back from the site
 * bucket and their HTML parsed.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetSystemWorkbook } from '../../support/budget-system-layout';
import { type Emulators, startEmulators } from '../../support/emulators';
import { parseTables } from '../../support/html-tables';
import { PipelineWorld } from '../../support/pipeline-world';

const ROOT = new URL('../../../examples/', import.meta.url);
const exportFile = (month: number) =>
  readFileSync(new URL(`lechang-2021/2021-${String(month).padStart(2, '0')}.csv`, ROOT), 'utf8');

let emulators: Emulators;
let pipeline: PipelineWorld;

beforeAll(async () => {
  emulators = await startEmulators({ buckets: [], tableName: 'unused' });
  pipeline = await PipelineWorld.create(emulators);
  await pipeline.upload('incoming/lechang-2021/2021-11.csv', exportFile(11));
  const workbook = await budgetSystemWorkbook(exportFile(12), {
    title: '乐昌市民政局2021年1-12月预算执行情况表',
    initialBudgets: { '44028121A000003': '1200000.00' },
  });
  const december = await pipeline.upload('incoming/lechang-2021/2021-12.xlsx', workbook);
  expect(december.ingest.batchItemFailures).toEqual([]);
  await pipeline.upload(
    'indicators/lechang-2021.csv',
    readFileSync(new URL('indicators/lechang-2021.csv', ROOT)),
  );
}, 120_000);

afterAll(async () => {
  await pipeline?.dispose();
  await emulators?.close();
});

describe('tables on every generated page, with 年初预算数 present', () => {
  it('have as many cells in every row as in their header', async () => {
    const pages = (await pipeline.siteKeys('')).filter((key) => key.endsWith('.html'));
    expect(pages).toEqual(
      expect.arrayContaining(['index.html', 'reports/2021-12/index.html', 'reports/2021-12/bulletin.html']),
    );
    expect(pages.some((key) => key.startsWith('self-evaluation/2021/'))).toBe(true);
    expect(pages.some((key) => key.startsWith('uploads'))).toBe(true);
    const december = await pipeline.siteText('reports/2021-12/index.html');
    expect(december).toContain('年初预算数');
    let checked = 0;
    for (const key of pages) {
      const page = (await pipeline.siteText(key)) ?? '';
      for (const table of parseTables(page)) {
        const [header, ...rows] = table.rows;
        expect(header?.section, `${key}: ${table.caption}`).toBe('thead');
        for (const row of rows) {
          expect(row.width, `${key}: ${table.caption}: ${row.cells.join(' | ')}`).toBe(header?.width);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('put each figure under its own header in the 按资金性质 table', async () => {
    const page = (await pipeline.siteText('reports/2021-12/index.html')) ?? '';
    const table = parseTables(page).find((t) => t.caption.includes('按资金性质'));
    const [header, row] = table?.rows ?? [];
    const footer = table?.rows.at(-1);
    const at = (name: string) => header?.cells.findIndex((cell) => cell.includes(name)) ?? -1;
    expect(row?.cells[at('年初预算数')]).toMatch(/^\d{1,3}(,\d{3})*\.\d\d$/);
    expect(row?.cells[at('占预算总额')]).toMatch(/%$/);
    expect(footer?.section).toBe('tfoot');
    expect(footer?.cells[at('年初预算数')]).toBe('129,950,000.00');
    expect(footer?.cells[at('全年预算数')]).toBe('129,653,700.00');
    expect(footer?.cells[at('占预算总额')]).toBe('100.00%');
  });
});
