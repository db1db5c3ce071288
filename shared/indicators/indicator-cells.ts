/**
 * The cell rules of indicator files as zod schemas, each with its bilingual message saying
 * how to fix the cell. Numbers are read exactly (`parseDecimal`), never as doubles.
 */
import * as z from 'zod';
import { parseDecimal, type Ratio } from '../rational';
import {
  type IndicatorOperator,
  LEVEL1_INDICATORS,
  type Level1Indicator,
} from '../self-evaluation/indicator-set';

/** NFKC (full-width letters and digits), invisible characters gone, spaces trimmed. */
export function normalizeCell(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .trim();
}

/**
 * Free text people write (偏差原因, 年度总体目标, 评价结论, …): invisible characters gone, spaces
 * trimmed, but not NFKC, which would turn the full-width punctuation of Chinese prose (，；：)
 * into ASCII.
 */
export function normalizeText(raw: string): string {
  return raw.replace(/[\u200b-\u200d\u2060\ufeff]/g, '').trim();
}

const LEVEL1_LIST = LEVEL1_INDICATORS.join('、');
export const level1Schema = z
  .string()
  .transform(normalizeCell)
  .transform((s) => (s !== '' && !s.endsWith('指标') ? `${s}指标` : s))
  .pipe(
    z.enum(
      LEVEL1_INDICATORS,
      `一级指标应为以下之一：${LEVEL1_LIST} / The level-1 indicator must be one of: ${LEVEL1_LIST}`,
    ),
  )
  .transform((s): Level1Indicator => s);

const OPERATOR_INPUTS: Readonly<Record<string, IndicatorOperator>> = {
  '≥': '≥',
  '>=': '≥',
  '≧': '≥',
  大于等于: '≥',
  '≤': '≤',
  '<=': '≤',
  '≦': '≤',
  小于等于: '≤',
  '=': '=',
  '==': '=',
  等于: '=',
  定性: '定性',
};

export const operatorSchema = z
  .string()
  .transform(normalizeCell)
  .refine(
    (s) => Object.hasOwn(OPERATOR_INPUTS, s),
    '指标性质应为 ≥（或 >=）、≤（或 <=）、= 或 定性 / The operator must be ≥ (or >=), ≤ (or <=), = or 定性',
  )
  .transform((s): IndicatorOperator => OPERATOR_INPUTS[s] ?? '=');

export function numberSchema(zh: string, en: string) {
  return z.string().transform((s, ctx): { ratio: Ratio; text: string } => {
    const text = normalizeCell(s);
    const ratio = parseDecimal(text);
    if (ratio === null) {
      ctx.addIssue({
        code: 'custom',
        message: `${zh}应为数字，如 95 或 98.5（定性指标请在指标性质填“定性”） / The ${en} must be a number such as 95 or 98.5 (for a qualitative indicator put 定性 in the operator column)`,
      });
      return z.NEVER;
    }
    return { ratio, text: text.replace(/%$/, '') };
  });
}

export const weightSchema = numberSchema('分值', 'weight').refine(
  ({ ratio }) => ratio.num > 0n,
  '分值应为大于 0 的数字 / The weight must be a number greater than 0',
);

export function requiredTextSchema(zh: string, en: string) {
  return z
    .string()
    .transform(normalizeCell)
    .pipe(z.string().min(1, `${zh}不能为空，请填写 / The ${en} must not be empty; fill it in`));
}
