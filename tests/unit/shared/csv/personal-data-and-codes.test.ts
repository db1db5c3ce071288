import { describe, expect, it } from 'vitest';
import {
  isPersonalDataHeader,
  normalizeHeader,
  toValidateJson,
  validateExport,
} from '../../../../shared/export';
import { isResidentIdNumber, maskPersonalNumbers } from '../../../../shared/export/personal-data';
import { detail, HEADER, located, validateBytes } from './helpers';

async function* once(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text);
}

describe('personal data (docs/contract.md §2.4)', () => {
  it.each([
    '公民身份号码',
    '户名',
    '收款人名称',
    '收款账户',
    '银行账户',
    '账号',
    'account',
    'payee',
    '姓\u200B名',
    '身份证号码 ',
  ])('%j is a personal-data header after normalisation', (header) => {
    expect(isPersonalDataHeader(normalizeHeader(header).key)).toBe(true);
  });

  it('rejects a file with a valid resident ID number in any cell, without echoing it', async () => {
    expect(isResidentIdNumber('11010519491231002X')).toBe(true);
    expect(isResidentIdNumber('110105194912310021')).toBe(false);
    const csv = `${HEADER}\n${detail({ 5: '救助 11010519491231002X' })}\n`;
    const result = await validateBytes(csv);
    expect(located(result.errors)).toEqual([{ code: 'PERSONAL_DATA_VALUE', line: 2, column: '项目名称' }]);
    expect(JSON.stringify(toValidateJson(result))).not.toContain('11010519491231002X');
    // A wrong check digit is just a number.
    expect((await validateBytes(`${HEADER}\n${detail({ 5: '救助 110105194912310021' })}\n`)).valid).toBe(
      true,
    );
  });

  it('masks ID, card and phone numbers in every echoed value, not amounts', async () => {
    expect(maskPersonalNumbers('6222021234567890123')).toBe('6222***********0123');
    expect(maskPersonalNumbers('13812345678')).toBe('1381***5678');
    expect(maskPersonalNumbers('12345678901.50')).toBe('12345678901.50');
    const result = await validateBytes(`${HEADER}\n${detail({ 7: '卡号6222021234567890123' })}\n`);
    expect(result.errors[0]?.value).toBe('卡号6222***********0123');
  });
});

describe('codes, periods and budgets (docs/contract.md §2.4)', () => {
  it('groups full-width and zero-width variants of a code as one', async () => {
    const csv = `${HEADER}\n${detail({ 2: '１０１００１' })}\n${detail({ 2: '101001\u200B' })}\n${detail({ 2: ' 101001' })}\n`;
    const result = await validateBytes(csv);
    expect(result.errors).toEqual([]);
    expect(result.groups.map((g) => g.unitCode)).toEqual(['101001']);
    expect(result.groups[0]?.lineCount).toBe(3);
  });

  it('refuses a 期间 whose year differs from 年度', async () => {
    const csv = `${HEADER.replace('月份', '期间')}\n${detail({ 1: '2020-12' })}\n`;
    expect(located((await validateBytes(csv)).errors)).toEqual([
      { code: 'PERIOD_CONFLICT', line: 2, column: '期间' },
    ]);
  });

  it('accepts a negative budget line with a warning', async () => {
    const result = await validateBytes(`${HEADER}\n${detail({ 10: '-100.00' })}\n`);
    expect(result.valid).toBe(true);
    expect(result.warnings.map((w) => w.code)).toContain('NEGATIVE_BUDGET');
  });
});

describe('column mapping (docs/contract.md §2.2)', () => {
  const header = HEADER.replace('全年预算数', '指标数').replace('累计支出', '支出累计');
  it('names the file headers and the closest ones when a required field matches none', async () => {
    const result = await validateBytes(`${header}\n${detail()}\n`);
    const missing = result.errors.filter((e) => e.code === 'MISSING_COLUMN');
    expect(missing).toHaveLength(2);
    expect(missing[1]?.message).toContain('“支出累计”');
    expect(missing[1]?.message).toContain('closest');
  });

  it('reads a city mapping, and reports it in --json', async () => {
    const result = await validateExport(once(`${header}\n${detail()}\n`), undefined, {
      columns: { budget: ['指标数'], spentToDate: ['支出累计'] },
    });
    expect(result.errors).toEqual([]);
    expect(toValidateJson(result).mapping).toMatchObject({ budget: '指标数', spentToDate: '支出累计' });
  });
});
