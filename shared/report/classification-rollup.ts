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

/**
 * One classification's roll-up, accumulated line by line (memory: one entry per code, never the
 * lines); `result` is undefined when no line of the period has a code (no table is drawn).
 */
export class ClassificationRollupAccumulator {
  private readonly sums = new Map<string, Amounts>();
  private readonly exportNames = new Map<string, string>();
  private unclassified = zeroAmounts();
  private coded = false;
  private readonly levels: Classification['levels'][number][];
  private readonly shortest: number;

  constructor(private readonly classification: Classification) {
    this.levels = [...classification.levels].sort((a, b) => a.digits - b.digits);
    this.shortest = this.levels[0]?.digits ?? 1;
  }

  add(line: SourcedGroupLine): void {
    const classification = this.classification;
    const fields = line as unknown as Record<string, unknown>;
    const codes = (fields[listProperty(classification.field)] as string[] | undefined) ?? [];
    const parts = fields[splitProperty(classification.field)] as Record<string, Amounts> | undefined;
    if (classification.nameField !== null) {
      const names = fields[listProperty(classification.nameField)] as Record<string, string> | undefined;
      for (const [code, name] of Object.entries(names ?? {}))
        if (!this.exportNames.has(code)) this.exportNames.set(code, name);
    }
    if (codes.length > 0) this.coded = true;
    if (parts !== undefined) {
      for (const [code, amounts] of Object.entries(parts)) this.addCode(code, amounts);
      this.unclassified = addAmounts(
        this.unclassified,
        subtractAmounts(line.amounts, sumAmounts(Object.values(parts))),
      );
    } else if (codes.length === 1) this.addCode(codes[0] as string, line.amounts);
    else this.unclassified = addAmounts(this.unclassified, line.amounts);
  }

  result(): ClassificationRollup[] | undefined {
    if (!this.coded) return undefined;
    const rows: ClassificationRollup[] = [...this.sums]
      .sort(([a], [b]) => compareText(a, b))
      .map(([code, amounts]) => ({
        level: this.levels.find((level) => level.digits === code.length)?.zh ?? null,
        code,
        name: nameOfCode(this.classification, code, this.exportNames),
        ...toMoneyFigures(amounts),
      }));
    if (!isZero(this.unclassified))
      rows.push({ level: null, code: null, name: null, ...toMoneyFigures(this.unclassified) });
    return rows;
  }

  private addCode(code: string, amounts: Amounts): void {
    if (code.length < this.shortest) {
      this.unclassified = addAmounts(this.unclassified, amounts);
      return;
    }
    for (const level of this.levels) {
      if (code.length < level.digits) break;
      const key = code.slice(0, level.digits);
      this.sums.set(key, addAmounts(this.sums.get(key) ?? zeroAmounts(), amounts));
    }
  }
}
