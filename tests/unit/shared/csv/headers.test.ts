import { describe, expect, it } from 'vitest';
import {
  buildColumnMap,
  fieldOfHeader,
  isPersonalDataHeader,
  normalizeHeader,
} from '../../../../shared/export';

describe('header matching', () => {
  it.each([
    ['全年预算数', 'budget'],
    [' 调整后预算数 ', 'budget'],
    ['Budget', 'budget'],
    ['BUDGET（元）', 'budget'],
    ['预算数【万元】', 'budget'],
    ['累计执行数 (单位：万元)', 'spentToDate'],
    ['Spent_YTD', 'spentToDate'],
    ['spentToDate', 'spentToDate'],
    ['unit code', 'unitCode'],
    ['ＵＮＩＴ＿ＣＯＤＥ', 'unitCode'],
    ['\uFEFF年度', 'year'],
    ['期间', 'month'],
    ['功能分类科目', 'functionCode'],
    ['预算单位', 'unitName'],
  ])('%j is %s', (header, field) => {
    expect(fieldOfHeader(header)).toBe(field);
  });

  it('reads the unit off an amount header', () => {
    expect(normalizeHeader('全年预算数（万元）')).toEqual({ key: '全年预算数', scale: 'wan' });
    expect(normalizeHeader('本月支出(元)')).toEqual({ key: '本月支出', scale: 'yuan' });
    expect(normalizeHeader('budget (10k yuan)')).toEqual({ key: 'budget', scale: 'wan' });
    expect(normalizeHeader('累计支出')).toEqual({ key: '累计支出', scale: null });
  });

  it('applies a header unit only to that column; others use the default', () => {
    const map = buildColumnMap(['年度', '全年预算数（万元）', '累计支出'], 'yuan');
    expect(map.columns.budget?.scale).toBe('wan');
    expect(map.columns.spentToDate?.scale).toBe('yuan');
    expect(buildColumnMap(['累计支出'], 'wan').columns.spentToDate?.scale).toBe('wan');
  });
});

describe('personal-data headers', () => {
  it.each([
    '身份证号',
    '身份证号码',
    '证件号码',
    '姓名',
    '收款人姓名',
    '收款人账号',
    '银行账号',
    '银行卡号',
    '手机号',
    '联系电话',
    '联系人',
    'id_number',
    'ID Card',
    'name',
    'Full Name',
    'bank_account',
    'phone',
    'mobile',
    'email',
  ])('%j is personal data', (header) => {
    expect(isPersonalDataHeader(normalizeHeader(header).key)).toBe(true);
  });

  it.each([
    'unit_name',
    'project_name',
    '单位名称',
    '项目名称',
    '预算单位',
    '资金性质',
    '备注',
    '功能科目名称',
  ])('%j is not', (header) => {
    expect(isPersonalDataHeader(normalizeHeader(header).key)).toBe(false);
  });
});
