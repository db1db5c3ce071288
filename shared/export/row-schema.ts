/**
 * The contract's cell rules as zod schemas, one per field, with the user-facing message of
 * each rule written into the schema (`中文 / English`, saying how to fix it).
 *
 * Why per field and not one `z.object` per row: exports repeat the same few values in most
 * columns (year, month, unit, project, fund type ...), so `FieldValidator` runs each schema
 * once per distinct value and answers the rest from a small cache. Amounts, which are almost
 * all distinct, go through `parseAmount` directly (the money module's exact digit parser).
 */
import * as z from 'zod';
import {
  EXPENDITURE_TYPES,
  type ExpenditureType,
  FUND_SOURCES,
  FUND_TYPES,
  type FundSource,
  type FundType,
  type ProjectLevel,
} from '../vocabulary';

const FUND_TYPE_LIST = FUND_TYPES.join('、');

export const yearSchema = z
  .string()
  .trim()
  .regex(/^\d{4}年?$/, '年度应为四位数字，如 2021 / The year must be four digits, e.g. 2021')
  .transform((s) => Number.parseInt(s, 10))
  .pipe(
    z
      .number()
      .int()
      .min(2000, '年度应在 2000–2100 之间 / The year must be between 2000 and 2100')
      .max(2100, '年度应在 2000–2100 之间 / The year must be between 2000 and 2100'),
  );

/**
 * `12`, `12月`, and — since 期间 is an accepted header — the period forms treasury systems
 * write there: `2021-12`, `2021/12`, `202112`, `2021年12月`. Only the month is taken; the
 * year column says the year.
 */
export const monthSchema = z
  .string()
  .trim()
  .regex(
    /^(?:\d{4}(?:[-/.年]|(?=\d{2}$)))?\d{1,2}月?$/,
    '月份应为 1–12 的数字 / The month must be a number from 1 to 12',
  )
  .transform((s) => Number.parseInt(s.replace(/月$/, '').slice(-2).replace(/\D/g, ''), 10))
  .pipe(
    z
      .number()
      .int()
      .min(1, '月份应为 1–12 的数字 / The month must be a number from 1 to 12')
      .max(12, '月份应为 1–12 的数字 / The month must be a number from 1 to 12'),
  );

function requiredText(zh: string, en: string) {
  return z.string().trim().min(1, `${zh}不能为空，请填写 / The ${en} must not be empty; fill it in`);
}

export const unitCodeSchema = requiredText('单位编码', 'unit code');
export const unitNameSchema = requiredText('单位名称', 'unit name');
export const projectCodeSchema = requiredText('项目编码', 'project code');
export const projectNameSchema = requiredText('项目名称', 'project name');

const PROJECT_LEVEL_INPUTS: Readonly<Record<string, ProjectLevel>> = {
  '': '一级',
  一级: '一级',
  二级: '二级',
  '1': '一级',
  '2': '二级',
  一级项目: '一级',
  二级项目: '二级',
};

export const projectLevelSchema = z
  .string()
  .trim()
  .refine(
    (s) => Object.hasOwn(PROJECT_LEVEL_INPUTS, s),
    '项目级次应为“一级”或“二级”（也可写 1 或 2；空白按一级） / The project level must be 一级 or 二级 (or 1 / 2; empty means 一级)',
  )
  .transform((s): ProjectLevel => PROJECT_LEVEL_INPUTS[s] ?? '一级');

export const fundTypeSchema = z
  .string()
  .trim()
  .pipe(
    z.enum(
      FUND_TYPES,
      `资金性质不在规定范围内，应为以下之一：${FUND_TYPE_LIST} / Unknown fund type; use one of: ${FUND_TYPE_LIST}`,
    ),
  )
  // The list's own string, so later comparisons and lookups compare one pointer, not text.
  .transform((s): FundType => FUND_TYPES.find((fundType) => fundType === s) ?? s);

export const functionCodeSchema = z
  .string()
  .trim()
  .regex(
    /^\d*$/,
    '功能科目编码只能包含数字，如 2081901 / The function code must be digits only, e.g. 2081901',
  );

export const economicCodeSchema = z
  .string()
  .trim()
  .regex(
    /^\d*$/,
    '经济科目编码只能包含数字，如 30201 / The economic classification code must be digits only, e.g. 30201',
  );

export const expenditureTypeSchema = z
  .string()
  .trim()
  .refine(
    (s) => s === '' || (EXPENDITURE_TYPES as readonly string[]).includes(s),
    `支出类型应为“基本支出”或“项目支出”（空白按项目支出） / The expenditure type must be 基本支出 or 项目支出 (empty means 项目支出)`,
  )
  .transform((s): ExpenditureType => EXPENDITURE_TYPES.find((type) => type === s) ?? '项目支出');

/** How exports word the 资金来源 values; an empty cell states none. */
const FUND_SOURCE_WORDS: Readonly<Record<string, FundSource>> = {
  本年财政拨款: '本年财政拨款',
  当年财政拨款: '本年财政拨款',
  财政拨款: '本年财政拨款',
  本年拨款: '本年财政拨款',
  财政资金: '本年财政拨款',
  上年结转资金: '上年结转资金',
  上年结转: '上年结转资金',
  结转资金: '上年结转资金',
  上年结转结余: '上年结转资金',
  结转结余: '上年结转资金',
  其他资金: '其他资金',
  其他: '其他资金',
};

export const fundSourceSchema = z
  .string()
  .trim()
  .refine(
    (s) => s === '' || Object.hasOwn(FUND_SOURCE_WORDS, s),
    `资金来源应为 ${FUND_SOURCES.join('、')} 之一（也可写当年财政拨款、上年结转、其他），或留空 / The fund source must be one of ${FUND_SOURCES.join(', ')} (also 当年财政拨款, 上年结转, 其他), or empty`,
  )
  .transform((s): FundSource | '' => FUND_SOURCE_WORDS[s] ?? '');

export type FieldResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Distinct values remembered per column; past this, values are validated without caching. */
const CACHE_LIMIT = 4096;

/**
 * One column's schema with a bounded memo of its verdicts: memory stays constant however many
 * rows pass, and a column with few distinct values costs one Map lookup per row.
 */
export class FieldValidator<T> {
  private readonly cache = new Map<string, FieldResult<T>>();
  /** Columns like year, month and fund type mostly repeat the previous row's value. */
  private lastRaw: string | null = null;
  private lastResult: FieldResult<T> | null = null;

  constructor(private readonly schema: z.ZodType<T, string>) {}

  check(raw: string): FieldResult<T> {
    if (raw === this.lastRaw && this.lastResult !== null) return this.lastResult;
    const result = this.lookup(raw);
    this.lastRaw = raw;
    this.lastResult = result;
    return result;
  }

  private lookup(raw: string): FieldResult<T> {
    const hit = this.cache.get(raw);
    if (hit !== undefined) return hit;
    const parsed = this.schema.safeParse(raw);
    const result: FieldResult<T> = parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, message: parsed.error.issues[0]?.message ?? '值无效 / Invalid value' };
    if (this.cache.size < CACHE_LIMIT) this.cache.set(raw, result);
    return result;
  }
}
