import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toValidateJson } from '../../../../shared/export';
import { budgetSystemCsv, budgetSystemWorkbook } from '../../../support/budget-system-layout';
import { validateWorkbook } from '../../../support/workbooks';
import { examplePath, validateBytes, validateFile } from '../csv/helpers';

const TITLE = '乐昌市民政局2021年1-12月预算执行情况表';
const contract = readFileSync(examplePath(12), 'utf8');
const initialBudgets = { '44028121A000003': '1200000.00' };

describe('budget-system layouts', () => {
  it('reproduce the seed figures from a workbook: title period, 万元, two-row header, code+name, 合计, hidden sheet', async () => {
    const seed = toValidateJson(await validateFile(examplePath(12)));
    const bytes = await budgetSystemWorkbook(contract, { title: TITLE, initialBudgets });
    const result = await validateWorkbook(bytes, {}, undefined, { fileName: '2021-12.xlsx' });
    const json = toValidateJson(result);
    expect(json.errors).toEqual([]);
    expect(json.period).toEqual({ year: 2021, month: 12 });
    expect(json.totals.budget).toBe('129653700.00');
    expect(json.totals).toMatchObject(seed.totals);
    expect(json.rows).toBe(seed.rows);
    // 临时救助's two lines start the year at 1,200,000.00 each (1,503,700.00 and 600,000.00 adjusted).
    expect(result.totals.budgetInitial).toBe(result.totals.budget + 29630000n);
    // Same groups as the contract-shaped CSV: codes split from names, function codes read.
    const fromCsv = await validateFile(examplePath(12));
    expect(
      result.groups.map((g) => [g.unitCode, g.unitName, g.projectCode, g.projectName, g.functionCodes]),
    ).toEqual(
      fromCsv.groups.map((g) => [g.unitCode, g.unitName, g.projectCode, g.projectName, g.functionCodes]),
    );
  });

  it('read the same layout saved as CSV', async () => {
    const result = await validateBytes(budgetSystemCsv(contract, { title: TITLE, initialBudgets }));
    expect(result.errors).toEqual([]);
    expect(toValidateJson(result).totals.budget).toBe('129653700.00');
    expect(result.period).toEqual({ year: 2021, month: 12 });
  });

  it('check the 合计 footer against the rows', async () => {
    const lines = budgetSystemCsv(contract, { title: TITLE }).split('\r\n');
    const footer = (lines.pop() ?? '').split(',');
    footer[8] = `1${footer[8]}`;
    const csv = [...lines, footer.join(',')].join('\r\n');
    const result = await validateBytes(csv);
    expect(result.errors.map((e) => e.code)).toContain('TOTALS_MISMATCH');
  });

  it('say when no period is given, and when title and file name disagree', async () => {
    const untitled = budgetSystemCsv(contract, { title: '乐昌市民政局预算执行情况表' });
    const none = await validateBytes(untitled);
    expect(none.errors.map((e) => e.code)).toEqual(['MISSING_PERIOD', 'MISSING_PERIOD']);
    const bytes = await budgetSystemWorkbook(contract, { title: TITLE });
    const clash = await validateWorkbook(bytes, {}, undefined, { fileName: 'incoming/2021-11.xlsx' });
    expect(clash.errors.map((e) => e.code)).toEqual(['PERIOD_CONFLICT']);
    expect(clash.errors[0]?.message).toContain('2021-11');
    expect(clash.errors[0]?.message).toContain('2021-12');
    const named = await validateBytes(untitled);
    expect(named.valid).toBe(false);
  });
});
