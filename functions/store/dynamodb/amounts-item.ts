/**
 * Amounts as stored, in a line item and in a source head's totals alike: strings of integer
 * fen (the N type would be exact too, but a string cannot be summed by an `ADD` by mistake and
 * round-trips to bigint without a float). 年初预算数 is kept wherever an export states it.
 */
import * as z from 'zod';
import type { Amounts } from '../../../shared/vocabulary';
import { type Item, str } from './attribute-values';

export const fenSchema = z
  .string()
  .regex(/^-?\d+$/)
  .transform((value) => BigInt(value));

export const amountsSchema = z.object({
  budgetInitial: fenSchema.optional(),
  budget: fenSchema,
  spentThisMonth: fenSchema,
  spentToDate: fenSchema,
});

/** Read back without an absent initial budget turning into a key holding `undefined`. */
export function amountsOf(v: z.output<typeof amountsSchema>): Amounts {
  return {
    ...(v.budgetInitial === undefined ? {} : { budgetInitial: v.budgetInitial }),
    budget: v.budget,
    spentThisMonth: v.spentThisMonth,
    spentToDate: v.spentToDate,
  };
}

export const amountsItem = (amounts: Amounts): Item => ({
  ...(amounts.budgetInitial === undefined ? {} : { budgetInitial: str(amounts.budgetInitial.toString()) }),
  budget: str(amounts.budget.toString()),
  spentThisMonth: str(amounts.spentThisMonth.toString()),
  spentToDate: str(amounts.spentToDate.toString()),
});
