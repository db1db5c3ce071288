/**
 * 基本支出 apart (docs/contract.md §4): the basic expenditure of a department (人员经费, 公用经费)
 * keeps it running; it is not a project and is judged by no project's yardstick. Project
 * rankings, project scores and the self-evaluation of projects therefore look only at the
 * 项目支出 part of each line; the department's figures keep the whole.
 */
import type { Amounts, GroupLine } from '../domain-types';
import { compareText } from '../group-key';
import { addAmounts } from '../money';
import type { RankingInput } from './rankings';

/**
 * Each line's 项目支出 part, as a line of its own amounts; lines with none drop out. A group whose
 * lines mix both types keeps only its project part.
 */
export function projectExpenditureLines<L extends GroupLine>(lines: readonly L[]): L[] {
  return lines.flatMap((line) => {
    const amounts = line.byExpenditureType.项目支出;
    return amounts === undefined ? [] : [{ ...line, amounts, byExpenditureType: { 项目支出: amounts } }];
  });
}

/**
 * Each project's 项目支出 summed line by line, with the name of its first such line: the input of
 * the project ranking and the year-end score (memory: one entry per project).
 */
export class ProjectExpenditureTotals {
  private readonly projects = new Map<string, { name: string; amounts: Amounts }>();

  add(line: GroupLine): void {
    for (const part of projectExpenditureLines([line])) {
      const entry = this.projects.get(part.projectCode);
      if (entry === undefined)
        this.projects.set(part.projectCode, { name: part.projectName, amounts: part.amounts });
      else entry.amounts = addAmounts(entry.amounts, part.amounts);
    }
  }

  /** In code order; projects with only 基本支出 (人员经费, 公用经费) are not there (docs/contract.md §4). */
  totals(): RankingInput[] {
    return [...this.projects]
      .sort(([a], [b]) => compareText(a, b))
      .map(([code, entry]) => ({ code, name: entry.name, amounts: entry.amounts }));
  }
}
