/**
 * The columns of the CSV contract (docs/contract.md §2) and the header texts accepted for each.
 * Aliases are written as people type them; matching goes through `normalizeHeader`.
 */
export const CSV_FIELDS = [
  'year',
  'month',
  'unitCode',
  'unitName',
  'projectCode',
  'projectName',
  'projectLevel',
  'fundType',
  'functionCode',
  'expenditureType',
  'budget',
  'spentThisMonth',
  'spentToDate',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

export const AMOUNT_FIELDS = ['budget', 'spentThisMonth', 'spentToDate'] as const;
export type AmountField = (typeof AMOUNT_FIELDS)[number];

export interface CsvFieldSpec {
  required: boolean;
  /** Accepted header texts, Chinese first. The camelCase field name is accepted too. */
  aliases: readonly string[];
  /** How the field is named in messages. */
  zh: string;
  en: string;
}

export const CSV_FIELD_SPECS: Readonly<Record<CsvField, CsvFieldSpec>> = {
  year: { required: true, aliases: ['年度', '预算年度', 'year'], zh: '年度', en: 'year' },
  month: { required: true, aliases: ['月份', '期间', 'month'], zh: '月份', en: 'month' },
  unitCode: {
    required: true,
    aliases: ['单位编码', '单位代码', 'unit_code'],
    zh: '单位编码',
    en: 'unit code',
  },
  unitName: {
    required: true,
    aliases: ['单位名称', '预算单位', 'unit_name'],
    zh: '单位名称',
    en: 'unit name',
  },
  projectCode: {
    required: true,
    aliases: ['项目编码', '项目代码', 'project_code'],
    zh: '项目编码',
    en: 'project code',
  },
  projectName: { required: true, aliases: ['项目名称', 'project_name'], zh: '项目名称', en: 'project name' },
  projectLevel: {
    required: false,
    aliases: ['项目级次', '项目层级', 'project_level'],
    zh: '项目级次',
    en: 'project level',
  },
  fundType: { required: true, aliases: ['资金性质', 'fund_type'], zh: '资金性质', en: 'fund type' },
  functionCode: {
    required: false,
    aliases: ['功能科目编码', '功能分类科目', 'function_code'],
    zh: '功能科目编码',
    en: 'function code',
  },
  expenditureType: {
    required: false,
    aliases: ['支出类型', 'expenditure_type'],
    zh: '支出类型',
    en: 'expenditure type',
  },
  budget: {
    required: true,
    aliases: ['全年预算数', '调整后预算数', '预算数', 'budget'],
    zh: '全年预算数',
    en: 'budget',
  },
  spentThisMonth: {
    required: false,
    aliases: ['本月支出', '本月执行数', 'spent_month'],
    zh: '本月支出',
    en: 'spent this month',
  },
  spentToDate: {
    required: true,
    aliases: ['累计支出', '累计执行数', '执行数', 'spent_ytd'],
    zh: '累计支出',
    en: 'spent to date',
  },
};

export function isAmountField(field: CsvField): field is AmountField {
  return field === 'budget' || field === 'spentThisMonth' || field === 'spentToDate';
}
