/**
 * The columns of the export contract (docs/contract.md §2, §2.2) and the header texts accepted for
 * each, for CSV and workbooks alike. Aliases are written as people type them; matching goes
 * through `normalizeHeader`. A city may add its own texts per field (`ColumnMapping`).
 */
import * as z from 'zod';

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
  'budgetInitial',
  'budget',
  'spentThisMonth',
  'spentToDate',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/** Amount columns in the order a totals row is read. `budgetInitial` is optional (§2.2). */
export const AMOUNT_FIELDS = ['budget', 'spentThisMonth', 'spentToDate', 'budgetInitial'] as const;
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
    aliases: ['单位名称', '预算单位', '单位', 'unit_name'],
    zh: '单位名称',
    en: 'unit name',
  },
  projectCode: {
    required: true,
    aliases: ['项目编码', '项目代码', 'project_code'],
    zh: '项目编码',
    en: 'project code',
  },
  projectName: {
    required: true,
    // 预算项目 / 项目 usually hold code and name together (`44028121A000001 最低生活保障`).
    aliases: ['项目名称', '预算项目', '项目', 'project_name'],
    zh: '项目名称',
    en: 'project name',
  },
  projectLevel: {
    required: false,
    aliases: ['项目级次', '项目层级', 'project_level'],
    zh: '项目级次',
    en: 'project level',
  },
  fundType: { required: true, aliases: ['资金性质', 'fund_type'], zh: '资金性质', en: 'fund type' },
  functionCode: {
    required: false,
    aliases: ['功能科目编码', '功能分类科目', '功能分类', '支出功能分类', '功能科目', 'function_code'],
    zh: '功能科目编码',
    en: 'function code',
  },
  expenditureType: {
    required: false,
    aliases: ['支出类型', 'expenditure_type'],
    zh: '支出类型',
    en: 'expenditure type',
  },
  budgetInitial: {
    required: false,
    aliases: ['年初预算数', '年初预算', 'initial_budget'],
    zh: '年初预算数',
    en: 'initial budget',
  },
  budget: {
    required: true,
    aliases: ['全年预算数', '调整后预算数', '预算数', '全年预算', '指标金额', '可执行指标', 'budget'],
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
    aliases: [
      '累计支出',
      '累计执行数',
      '执行数',
      '累计支出数',
      '实际支出',
      '已支付金额',
      '支付数',
      '累计执行',
      'spent_ytd',
    ],
    zh: '累计支出',
    en: 'spent to date',
  },
};

export function isAmountField(field: CsvField): field is AmountField {
  return (AMOUNT_FIELDS as readonly string[]).includes(field);
}

/**
 * A city's own header texts per field, for exports whose headers are none of the contract's
 * (city settings `columns`, `budget validate --columns mapping.json`):
 * `{"budget": ["指标数"], "spentToDate": ["支出数"]}`.
 */
export const columnMappingSchema = z.partialRecord(
  z.enum(CSV_FIELDS),
  z.array(z.string().trim().min(1).max(200)).min(1).max(50),
);
export type ColumnMapping = z.infer<typeof columnMappingSchema>;
