/**
 * A period's execution by a classification (docs/contract.md §4): each line's amounts go to its
 * code (or, for a group with several codes, to each code its own part), and every code counts
 * at each of its levels (2081901 at 208, 20819 and 2081901). Lines without a code, or stored
 * before groups kept their parts per code while holding several codes, count as unclassified.
 */
import type { Classification } from '../classification/classifications';
import { nameOfCode } from '../classification/classifications';
import { listProperty, splitProperty } from '../export/export-fields';
import { compareText } from '../group-key';
import { addAmounts, subtractAmounts, sumAmounts, zeroAmounts } from '../money';
import type { Amounts } from '../vocabulary';
import { toMoneyFigures } from './money-figures';
import type { ClassificationRollup, SourcedGroupLine } from './period-report';

function isZero(amounts: Amounts): boolean {
  return (
    amounts.budget === 0n &&
    amounts.spentThisMonth === 0n &&
    amounts.spentToDate === 0n &&
    (amounts.budgetInitial ?? 0n) === 0n
  );
}

/** The roll-up, or undefined when no line of the period has a code (no table is drawn). */
export function rollupByClassification(
  lines: readonly SourcedGroupLine[],
  classification: Classification,
): ClassificationRollup[] | undefined {
  const sums = new Map<string, Amounts>();
  const exportNames = new Map<string, string>();
  let unclassified = zeroAmounts();
  let coded = false;
  const levels = [...classification.levels].sort((a, b) => a.digits - b.digits);
  const shortest = levels[0]?.digits ?? 1;
  const add = (code: string, amounts: Amounts) => {
    if (code.length < shortest) {
      unclassified = addAmounts(unclassified, amounts);
      return;
    }
    for (const level of levels) {
      if (code.length < level.digits) break;
      const key = code.slice(0, level.digits);
      sums.set(key, addAmounts(sums.get(key) ?? zeroAmounts(), amounts));
    }
  };
  for (const line of lines) {
    const fields = line as unknown as Record<string, unknown>;
    const codes = (fields[listProperty(classification.field)] as string[] | undefined) ?? [];
    const parts = fields[splitProperty(classification.field)] as Record<string, Amounts> | undefined;
    if (classification.nameField !== null) {
      const names = fields[listProperty(classification.nameField)] as Record<string, string> | undefined;
      for (const [code, name] of Object.entries(names ?? {}))
        if (!exportNames.has(code)) exportNames.set(code, name);
    }
    if (codes.length > 0) coded = true;
    if (parts !== undefined) {
      for (const [code, amounts] of Object.entries(parts)) add(code, amounts);
      unclassified = addAmounts(
        unclassified,
        subtractAmounts(line.amounts, sumAmounts(Object.values(parts))),
      );
    } else if (codes.length === 1) add(codes[0] as string, line.amounts);
    else unclassified = addAmounts(unclassified, line.amounts);
  }
  if (!coded) return undefined;
  const rows: ClassificationRollup[] = [...sums]
    .sort(([a], [b]) => compareText(a, b))
    .map(([code, amounts]) => ({
      level: levels.find((level) => level.digits === code.length)?.zh ?? null,
      code,
      name: nameOfCode(classification, code, exportNames),
      ...toMoneyFigures(amounts),
    }));
  if (!isZero(unclassified))
    rows.push({ level: null, code: null, name: null, ...toMoneyFigures(unclassified) });
  return rows;
}
