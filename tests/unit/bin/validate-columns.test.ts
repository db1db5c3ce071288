/**
 * `budget validate --columns mapping.json` applies a city's own header texts to CSV files and
 * workbooks alike: an export whose budget column is headed 指标数 (not a contract alias) is
 * refused without the mapping and read with it, to the same figures as the contract's own file.
 * (The mapping once reached the CSV reading under the wrong name and was ignored there.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBudget } from '../../support/run-budget';
import { csvToRows, workbookBytes } from '../../support/workbooks';
import { examplePath } from '../shared/csv/helpers';

const dir = mkdtempSync(join(tmpdir(), 'validate-columns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const contract = readFileSync(examplePath(12), 'utf8');
const [header = '', ...lines] = contract.trimEnd().split('\n');
const cityHeader = header.replace('全年预算数', '指标数');
const cityCsv = [cityHeader, ...lines, ''].join('\n');
const mapping = join(dir, 'mapping.json');
writeFileSync(mapping, JSON.stringify({ budget: ['指标数'] }));
const amountColumns = [10, 11, 12];

async function validateJson(...args: string[]) {
  const { code, stdout, stderr } = await runBudget('validate', '--json', ...args);
  return { code, json: JSON.parse(stdout), stderr };
}

describe('budget validate --columns', () => {
  it('applies the mapping to a CSV file and to a workbook', async () => {
    expect(cityHeader).toContain('指标数');
    const csv = join(dir, 'city.csv');
    writeFileSync(csv, cityCsv);
    const xlsx = join(dir, 'city.xlsx');
    writeFileSync(xlsx, await workbookBytes([{ rows: csvToRows(cityCsv, amountColumns) }]));
    const reference = await validateJson(examplePath(12));
    expect(reference).toMatchObject({ code: 0, json: { valid: true, rows: 23 } });

    for (const file of [csv, xlsx]) {
      const without = await validateJson(file);
      expect(without.code, file).toBe(1);
      expect(without.json.valid, file).toBe(false);
      expect(without.json.errors[0].message, file).toContain('Missing required column “budget”');

      const mapped = await validateJson('--columns', mapping, file);
      expect(mapped.code, `${file} ${mapped.stderr}`).toBe(0);
      expect(mapped.json).toMatchObject({
        valid: true,
        rows: reference.json.rows,
        period: reference.json.period,
        totals: reference.json.totals,
        errors: [],
      });
      expect(mapped.json.mapping.budget, file).toBe('指标数');
    }
  });
});
