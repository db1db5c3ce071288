/**
 * The field table: every column of the export contract (docs/contract.md §2, §2.2) declared
 * once — the header texts accepted for it, how a cell is read and checked (its schema and
 * issue code), how it reaches a group line (docs/contract.md §4), and its names in messages and
 * downloads. Validation's row reading, the aggregator, the stored line item, the report line
 * and lines.csv are derived from this table: a new carried column is one entry here (plus its
 * schema in row-schema.ts and its issue code when it has a rule of its own).
 *
 * Aliases are written as people type them; matching goes through `normalizeHeader`. A city may
 * add its own texts per field (`ColumnMapping`).
 */
import * as z from 'zod';
import { EXPENDITURE_TYPES, FUND_SOURCES, FUND_TYPES, PROJECT_LEVELS } from '../vocabulary';
import type { IssueCode } from './issue-codes';
import {
  economicCodeSchema,
  expenditureTypeSchema,
  functionCodeSchema,
  fundSourceSchema,
  fundTypeSchema,
  projectLevelSchema,
} from './row-schema';

/**
 * How a field's cells are read.
 * - `period`: year or month, checked against the file's one period (never carried).
 * - `code` / `name`: text, normalised (codes NFKC'd); a required one may not be empty.
 * - `value`: checked by `schema` (an error with `issue` when it fails); `absent` stands in
 *   when the column is missing or the cell is invalid.
 * - `amount`: money, read exactly to the fen with the column's unit.
 */
export type ReadRule =
  | { kind: 'period' }
  | { kind: 'code' }
  | { kind: 'name' }
  | { kind: 'value'; schema: z.ZodType<unknown, string>; issue: IssueCode; absent: unknown }
  | { kind: 'amount' };

/**
 * How a field reaches a group line (docs/contract.md §4).
 * - `none`: not carried (the period is the file's).
 * - `key`: part of the group key: lines with equal keys are one group, summed.
 * - `first`: the group keeps its first line's value (a name, a level).
 * - `codes`: the group keeps its distinct codes, sorted (`<field>s`), and, when it has more
 *   than one, its amounts per code (`by<Field>`); roll-ups by classification are drawn from them.
 * - `names`: the names of another field's codes (`namesOf`), per code (`<field>s`).
 * - `split`: the group keeps its amounts per value (`by<Field>`).
 * - `amount`: summed.
 */
export type LineRule = 'none' | 'key' | 'first' | 'codes' | 'names' | 'split' | 'amount';

export interface FieldSpec {
  required: boolean;
  /** Accepted header texts, Chinese first. The camelCase field name is accepted too. */
  aliases: readonly string[];
  /** How the field is named in messages, headers of lines.csv and the report. */
  zh: string;
  en: string;
  read: ReadRule;
  line: LineRule;
  /** The values a carried field may take (a fixed vocabulary); any text when absent. */
  values?: readonly string[];
  /** For `names`: the `codes` field whose codes these name. */
  namesOf?: string;
  /**
   * The field a code-and-name cell (`101001 乐昌市民政局`) also fills, for a code field: when the
   * file has no column of its own for this code, a column of the name field holding both is
   * split into the two. With `splitsOwnColumn`, this field's own column may hold both too.
   */
  nameField?: string;
  splitsOwnColumn?: boolean;
  /** For a key field: what one value of it is called in captions (`单位` in 明细（单位 × 项目 × 资金性质）). */
  keyLabel?: { zh: string; en: string };
  /**
   * For a key field: how a totals-row message names the sum of one value's rows; `{code}` is
   * the value. Default `{code}的明细合计` / `{code} rows sum to`.
   */
  totalsReading?: { zh: string; en: string };
  /** Carried only for files that have the column: omitted (not empty) otherwise. */
  whenPresent?: boolean;
}

export const EXPORT_FIELDS = {
  year: {
    required: true,
    aliases: ['年度', '预算年度', 'year'],
    zh: '年度',
    en: 'year',
    read: { kind: 'period' },
    line: 'none',
  },
  month: {
    required: true,
    aliases: ['月份', '期间', 'month'],
    zh: '月份',
    en: 'month',
    read: { kind: 'period' },
    line: 'none',
  },
  unitCode: {
    required: true,
    aliases: ['单位编码', '单位代码', 'unit_code'],
    zh: '单位编码',
    en: 'unit code',
    read: { kind: 'code' },
    line: 'key',
    nameField: 'unitName',
    keyLabel: { zh: '单位', en: 'unit' },
    totalsReading: { zh: '单位 {code} 的明细合计', en: 'unit {code} sums to' },
  },
  unitName: {
    required: true,
    aliases: ['单位名称', '预算单位', '单位', 'unit_name'],
    zh: '单位名称',
    en: 'unit name',
    read: { kind: 'name' },
    line: 'first',
  },
  projectCode: {
    required: true,
    aliases: ['项目编码', '项目代码', 'project_code'],
    zh: '项目编码',
    en: 'project code',
    read: { kind: 'code' },
    line: 'key',
    nameField: 'projectName',
    keyLabel: { zh: '项目', en: 'project' },
    totalsReading: { zh: '项目 {code} 的明细合计', en: 'project {code} sums to' },
  },
  projectName: {
    required: true,
    // 预算项目 / 项目 usually hold code and name together (`44028121A000001 最低生活保障`).
    aliases: ['项目名称', '预算项目', '项目', 'project_name'],
    zh: '项目名称',
    en: 'project name',
    read: { kind: 'name' },
    line: 'first',
  },
  projectLevel: {
    required: false,
    aliases: ['项目级次', '项目层级', 'project_level'],
    zh: '项目级次',
    en: 'project level',
    read: { kind: 'value', schema: projectLevelSchema, issue: 'INVALID_PROJECT_LEVEL', absent: '一级' },
    line: 'first',
    values: PROJECT_LEVELS,
  },
  fundType: {
    required: true,
    aliases: ['资金性质', 'fund_type'],
    zh: '资金性质',
    en: 'fund type',
    read: { kind: 'value', schema: fundTypeSchema, issue: 'INVALID_FUND_TYPE', absent: null },
    line: 'key',
    keyLabel: { zh: '资金性质', en: 'fund type' },
    values: FUND_TYPES,
  },
  functionCode: {
    required: false,
    aliases: ['功能科目编码', '功能分类科目', '功能分类', '支出功能分类', '功能科目', 'function_code'],
    zh: '功能科目编码',
    en: 'function code',
    read: { kind: 'value', schema: functionCodeSchema, issue: 'INVALID_FUNCTION_CODE', absent: '' },
    line: 'codes',
    // 功能分类 `2081901 最低生活保障`: the code, and the name when the file has no name column.
    splitsOwnColumn: true,
    nameField: 'functionName',
  },
  functionName: {
    required: false,
    aliases: ['功能科目名称', '功能分类名称', '支出功能分类名称', 'function_name'],
    zh: '功能科目名称',
    en: 'function name',
    read: { kind: 'name' },
    line: 'names',
    namesOf: 'functionCode',
  },
  economicCode: {
    required: false,
    aliases: [
      '经济科目编码',
      '经济分类科目',
      '经济分类',
      '支出经济分类',
      '部门预算支出经济分类',
      '部门经济分类',
      '经济科目',
      'economic_code',
    ],
    zh: '经济科目编码',
    en: 'economic code',
    read: { kind: 'value', schema: economicCodeSchema, issue: 'INVALID_ECONOMIC_CODE', absent: '' },
    line: 'codes',
    // 经济分类 `30201 办公费`: the code, and the name when the file has no name column.
    splitsOwnColumn: true,
    nameField: 'economicName',
    // Most exports have no economic classification: nothing is added to their lines.
    whenPresent: true,
  },
  economicName: {
    required: false,
    aliases: ['经济科目名称', '经济分类名称', 'economic_name'],
    zh: '经济科目名称',
    en: 'economic name',
    read: { kind: 'name' },
    line: 'names',
    namesOf: 'economicCode',
  },
  expenditureType: {
    required: false,
    aliases: ['支出类型', 'expenditure_type'],
    zh: '支出类型',
    en: 'expenditure type',
    read: {
      kind: 'value',
      schema: expenditureTypeSchema,
      issue: 'INVALID_EXPENDITURE_TYPE',
      absent: '项目支出',
    },
    line: 'split',
    values: EXPENDITURE_TYPES,
  },
  fundSource: {
    required: false,
    aliases: ['资金来源', '资金来源类型', '经费来源', 'fund_source'],
    zh: '资金来源',
    en: 'fund source',
    // An empty cell (or no column) states no source: the line counts in no 资金来源 row.
    read: { kind: 'value', schema: fundSourceSchema, issue: 'INVALID_FUND_SOURCE', absent: '' },
    line: 'split',
    values: FUND_SOURCES,
    whenPresent: true,
  },
  budgetInitial: {
    required: false,
    aliases: ['年初预算数', '年初预算', 'initial_budget'],
    zh: '年初预算数',
    en: 'initial budget',
    read: { kind: 'amount' },
    line: 'amount',
  },
  budget: {
    required: true,
    aliases: ['全年预算数', '调整后预算数', '预算数', '全年预算', '指标金额', '可执行指标', 'budget'],
    zh: '全年预算数',
    en: 'budget',
    read: { kind: 'amount' },
    line: 'amount',
  },
  spentThisMonth: {
    required: false,
    aliases: ['本月支出', '本月执行数', 'spent_month'],
    zh: '本月支出',
    en: 'spent this month',
    read: { kind: 'amount' },
    line: 'amount',
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
    read: { kind: 'amount' },
    line: 'amount',
  },
} as const satisfies Record<string, FieldSpec>;

type Table = typeof EXPORT_FIELDS;
export type CsvField = keyof Table;

/** The fields in the table's order (the contract's column order). */
export const CSV_FIELDS = Object.keys(EXPORT_FIELDS) as CsvField[];

/** Kept under its earlier name: the same table. */
export const CSV_FIELD_SPECS: Readonly<Record<CsvField, FieldSpec>> = EXPORT_FIELDS;

/** The fields a rule applies to, as a type. */
export type FieldsWhere<R extends LineRule> = {
  [F in CsvField]: Table[F]['line'] extends R ? F : never;
}[CsvField];

/** The fields a rule applies to, in table order. */
export function fieldsWhere<R extends LineRule>(rule: R): FieldsWhere<R>[] {
  return CSV_FIELDS.filter((field) => EXPORT_FIELDS[field].line === rule) as FieldsWhere<R>[];
}

/** A carried field's value: its stored schema's output, or text. */
export type FieldValue<F extends CsvField> = Table[F] extends { values: readonly (infer V)[] } ? V : string;

/** The `codes` field whose codes a `names` field names. */
export function namesOf(field: FieldsWhere<'names'>): FieldsWhere<'codes'> {
  return (EXPORT_FIELDS[field] as FieldSpec).namesOf as FieldsWhere<'codes'>;
}

/** A code field whose own column may hold its name too (功能分类 `2081901 最低生活保障`). */
export function splitsOwnColumn(field: CsvField): boolean {
  return (EXPORT_FIELDS[field] as FieldSpec).splitsOwnColumn === true;
}

/**
 * Code fields whose codes a column of their name field may hold with the name (预算单位
 * `101001 乐昌市民政局` when the file has no 单位编码 column).
 */
export const CODE_AND_NAME: readonly { code: CsvField; name: CsvField }[] = CSV_FIELDS.flatMap((field) => {
  const spec: FieldSpec = EXPORT_FIELDS[field];
  return spec.nameField === undefined || spec.splitsOwnColumn === true
    ? []
    : [{ code: field, name: spec.nameField as CsvField }];
});

/** A field carried only by files that have its column. */
export function isWhenPresent(field: CsvField): boolean {
  return (EXPORT_FIELDS[field] as FieldSpec).whenPresent === true;
}

/** Amount columns in the order a totals row is read. `budgetInitial` is optional (§2.2). */
export const AMOUNT_FIELDS = ['budget', 'spentThisMonth', 'spentToDate', 'budgetInitial'] as const;
export type AmountField = (typeof AMOUNT_FIELDS)[number];

export function isAmountField(field: CsvField): field is AmountField {
  return EXPORT_FIELDS[field].read.kind === 'amount';
}

/** The property of a group line holding a `codes` or `names` field's list: `functionCodes`. */
export type ListProperty<F extends string> = `${F}s`;
/** The property of a group line holding amounts per value: `byExpenditureType`, `byFunctionCode`. */
export type SplitProperty<F extends string> = `by${Capitalize<F>}`;

export function listProperty<F extends string>(field: F): ListProperty<F> {
  return `${field}s`;
}

export function splitProperty<F extends string>(field: F): SplitProperty<F> {
  return `by${field.charAt(0).toUpperCase()}${field.slice(1)}` as SplitProperty<F>;
}

/**
 * A city's own header texts per field, for exports whose headers are none of the contract's
 * (city settings `columns`, `budget validate --columns mapping.json`):
 * `{"budget": ["指标数"], "spentToDate": ["支出数"]}`.
 */
export const columnMappingSchema = z.partialRecord(
  z.enum(CSV_FIELDS as [CsvField, ...CsvField[]]),
  z.array(z.string().trim().min(1).max(200)).min(1).max(50),
);
export type ColumnMapping = z.infer<typeof columnMappingSchema>;
