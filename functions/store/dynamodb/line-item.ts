/**
 * A group line as stored: one item per (source key, generation, group) in the period's
 * partition. Money is kept as strings of integer fen: the N type would be exact too, but a
 * string cannot be summed by an `ADD` by mistake and round-trips to bigint without a float.
 */
import * as z from 'zod';
import {
  type Amounts,
  EXPENDITURE_TYPES,
  FUND_TYPES,
  type GroupLine,
  PROJECT_LEVELS,
} from '../../../shared/domain-types';
import type { SourcedGroupLine } from '../../../shared/report/period-report';
import { type Item, itemToPlain, list, map, num, str } from './attribute-values';
import { lineSk, periodPk } from './item-keys';

const fen = z
  .string()
  .regex(/^-?\d+$/)
  .transform((value) => BigInt(value));

const amountsSchema = z.object({
  budgetInitial: fen.optional(),
  budget: fen,
  spentThisMonth: fen,
  spentToDate: fen,
});

const lineItemSchema = z.object({
  sourceKey: z.string(),
  gen: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  projectCode: z.string(),
  projectName: z.string(),
  projectLevel: z.enum(PROJECT_LEVELS),
  fundType: z.enum(FUND_TYPES),
  functionCodes: z.array(z.string()),
  /** 年初预算数, only on lines of exports that state it. */
  budgetInitial: fen.optional(),
  budget: fen,
  spentThisMonth: fen,
  spentToDate: fen,
  byExpenditureType: z.partialRecord(z.enum(EXPENDITURE_TYPES), amountsSchema),
  lineCount: z.number().int().min(0),
});

export interface StoredLine {
  gen: string;
  line: SourcedGroupLine;
}

const amountsItem = (amounts: Amounts): Item => ({
  ...(amounts.budgetInitial === undefined ? {} : { budgetInitial: str(amounts.budgetInitial.toString()) }),
  budget: str(amounts.budget.toString()),
  spentThisMonth: str(amounts.spentThisMonth.toString()),
  spentToDate: str(amounts.spentToDate.toString()),
});

export function lineItem(key: string, gen: string, period: string, line: GroupLine): Item {
  const byExpenditureType: Item = {};
  for (const type of EXPENDITURE_TYPES) {
    const amounts = line.byExpenditureType[type];
    if (amounts !== undefined) byExpenditureType[type] = map(amountsItem(amounts));
  }
  return {
    pk: str(periodPk(period)),
    sk: str(lineSk(key, gen, line)),
    sourceKey: str(key),
    gen: str(gen),
    unitCode: str(line.unitCode),
    unitName: str(line.unitName),
    projectCode: str(line.projectCode),
    projectName: str(line.projectName),
    projectLevel: str(line.projectLevel),
    fundType: str(line.fundType),
    functionCodes: list(line.functionCodes.map(str)),
    ...amountsItem(line.amounts),
    byExpenditureType: map(byExpenditureType),
    lineCount: num(line.lineCount),
  };
}

export function parseLineItem(item: Item): StoredLine {
  const v = lineItemSchema.parse(itemToPlain(item));
  return {
    gen: v.gen,
    line: {
      sourceKey: v.sourceKey,
      unitCode: v.unitCode,
      unitName: v.unitName,
      projectCode: v.projectCode,
      projectName: v.projectName,
      projectLevel: v.projectLevel,
      fundType: v.fundType,
      functionCodes: v.functionCodes,
      amounts: {
        ...(v.budgetInitial === undefined ? {} : { budgetInitial: v.budgetInitial }),
        budget: v.budget,
        spentThisMonth: v.spentThisMonth,
        spentToDate: v.spentToDate,
      },
      byExpenditureType: v.byExpenditureType,
      lineCount: v.lineCount,
    },
  };
}
