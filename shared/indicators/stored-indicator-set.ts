/**
 * An indicator set as plain JSON (numbers as the decimal text they were written as), for
 * storage between ingest and render. Read back through zod: a stored set that does not parse
 * is a storage fault, never silently a different score.
 */
import * as z from 'zod';
import { parseDecimal, type Ratio, ratioToDecimalString } from '../rational';
import { emptyFormTexts, FORM_TEXT_FIELDS, type FormTextField } from '../self-evaluation/form-texts';
import {
  INDICATOR_OPERATORS,
  type IndicatorRow,
  type IndicatorSet,
  LEVEL1_INDICATORS,
} from '../self-evaluation/indicator-set';
import { parseQualitative, type QualitativeJudgement } from '../self-evaluation/qualitative';

const decimal = z.string().transform((text, ctx): Ratio => {
  const value = parseDecimal(text);
  if (value === null) {
    ctx.addIssue({ code: 'custom', message: `not a decimal: ${text}` });
    return z.NEVER;
  }
  return value;
});

const storedRowSchema = z.object({
  level1: z.enum(LEVEL1_INDICATORS),
  level2: z.string(),
  indicator: z.string(),
  operator: z.enum(INDICATOR_OPERATORS),
  unit: z.string().nullable(),
  target: z.string(),
  actual: z.string(),
  weight: z.string(),
  reason: z.string().nullable(),
  line: z.number().int().min(0),
});

/** The form's text rows; absent in sets stored before they existed (then all blank). */
const storedFormSchema = z.object(
  Object.fromEntries(FORM_TEXT_FIELDS.map((field) => [field, z.string().nullable().default(null)])) as Record<
    FormTextField,
    z.ZodDefault<z.ZodNullable<z.ZodString>>
  >,
);

export const storedIndicatorSetSchema = z.object({
  year: z.number().int(),
  projectCode: z.string(),
  projectName: z.string(),
  indicators: z.array(storedRowSchema),
  form: storedFormSchema.optional(),
});

export type StoredIndicatorSet = z.input<typeof storedIndicatorSetSchema>;

export function toStoredIndicatorSet(set: IndicatorSet): StoredIndicatorSet {
  return {
    year: set.year,
    projectCode: set.projectCode,
    projectName: set.projectName,
    form: { ...set.form },
    indicators: set.indicators.map((row) => ({
      level1: row.level1,
      level2: row.level2,
      indicator: row.indicator,
      operator: row.operator,
      unit: row.unit,
      target: row.operator === '定性' ? row.target : ratioToDecimalString(row.target),
      actual: row.operator === '定性' ? row.actual : ratioToDecimalString(row.actual),
      weight: ratioToDecimalString(row.weight),
      reason: row.reason,
      line: row.line,
    })),
  };
}

/** A stored 定性 value read back the way the file's cell was read. */
function storedJudgement(text: string): QualitativeJudgement {
  const judgement = parseQualitative(text);
  if (judgement === null) throw new Error(`stored 定性 value not readable: ${text}`);
  return judgement;
}

export function fromStoredIndicatorSet(value: unknown): IndicatorSet {
  const stored = storedIndicatorSetSchema.parse(value);
  return {
    year: stored.year,
    projectCode: stored.projectCode,
    projectName: stored.projectName,
    form: { ...emptyFormTexts(), ...stored.form },
    indicators: stored.indicators.map((row): IndicatorRow => {
      const common = {
        level1: row.level1,
        level2: row.level2,
        indicator: row.indicator,
        unit: row.unit,
        weight: decimal.parse(row.weight),
        weightText: row.weight,
        reason: row.reason,
        line: row.line,
      };
      if (row.operator === '定性') {
        return {
          ...common,
          operator: '定性',
          target: row.target,
          actual: row.actual,
          ...storedJudgement(row.actual),
        };
      }
      return {
        ...common,
        operator: row.operator,
        target: decimal.parse(row.target),
        actual: decimal.parse(row.actual),
        targetText: row.target,
        actualText: row.actual,
      };
    }),
  };
}
