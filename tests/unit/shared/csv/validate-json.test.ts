import { describe, expect, it } from 'vitest';
import { toValidateJson } from '../../../../shared/export';
import { examplePath, fixturePath, validateFile } from './helpers';

describe('toValidateJson', () => {
  it('has exactly the documented shape for a valid file', async () => {
    const json = toValidateJson(await validateFile(examplePath(3)));
    // docs/contract.md §2.2: `mapping` says how the file was understood.
    expect(Object.keys(json)).toEqual(['valid', 'period', 'rows', 'totals', 'errors', 'warnings', 'mapping']);
    expect(json.mapping).toMatchObject({
      budget: '全年预算数',
      spentToDate: '累计支出',
      unitCode: '单位编码',
    });
    expect(json).toMatchObject({
      valid: true,
      period: { year: 2021, month: 3 },
      rows: 23,
      totals: { budget: '129653700.00' },
      errors: [],
      warnings: [],
    });
    expect(Object.keys(json.totals)).toEqual(['budget', 'spentThisMonth', 'spentToDate']);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('lists errors as {line, column, value, message} only, with zero totals when invalid', async () => {
    const json = toValidateJson(await validateFile(fixturePath('mixed-periods.csv')));
    expect(json.valid).toBe(false);
    expect(json.totals).toEqual({ budget: '0.00', spentThisMonth: '0.00', spentToDate: '0.00' });
    expect(json.errors[0]).toEqual({
      line: 3,
      column: '月份',
      value: '11',
      message: expect.stringContaining(' / '),
    });
    expect(Object.keys(json.errors[0] ?? {})).toEqual(['line', 'column', 'value', 'message']);
  });

  it('has a null period when no row could be read', async () => {
    expect(toValidateJson(await validateFile(fixturePath('empty.csv'))).period).toBeNull();
  });
});
