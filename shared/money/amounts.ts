/**
 * The three figures every line carries (and the initial budget, where an export states it), added and compared as a unit. Pure: every function
 * returns a new object, so a roll-up can never alias and mutate one of its inputs.
 */
import type { Amounts } from '../domain-types';

export function zeroAmounts(): Amounts {
  return { budget: 0n, spentThisMonth: 0n, spentToDate: 0n };
}

/** The initial budget is kept when either side states it (a side without it counts as 0). */
function combineInitial(a: Amounts, b: Amounts, sign: 1n | -1n): Pick<Amounts, 'budgetInitial'> {
  if (a.budgetInitial === undefined && b.budgetInitial === undefined) return {};
  return { budgetInitial: (a.budgetInitial ?? 0n) + sign * (b.budgetInitial ?? 0n) };
}

export function addAmounts(a: Amounts, b: Amounts): Amounts {
  return {
    ...combineInitial(a, b, 1n),
    budget: a.budget + b.budget,
    spentThisMonth: a.spentThisMonth + b.spentThisMonth,
    spentToDate: a.spentToDate + b.spentToDate,
  };
}

export function subtractAmounts(a: Amounts, b: Amounts): Amounts {
  return {
    ...combineInitial(a, b, -1n),
    budget: a.budget - b.budget,
    spentThisMonth: a.spentThisMonth - b.spentThisMonth,
    spentToDate: a.spentToDate - b.spentToDate,
  };
}

export function sumAmounts(items: Iterable<Amounts>): Amounts {
  let total = zeroAmounts();
  for (const item of items) total = addAmounts(total, item);
  return total;
}

export function amountsEqual(a: Amounts, b: Amounts): boolean {
  return (
    a.budget === b.budget &&
    a.spentThisMonth === b.spentThisMonth &&
    a.spentToDate === b.spentToDate &&
    a.budgetInitial === b.budgetInitial
  );
}
