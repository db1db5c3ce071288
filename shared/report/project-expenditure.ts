/**
 * 基本支出 apart (docs/contract.md §4): the basic expenditure of a department (人员经费, 公用经费)
 * keeps it running; it is not a project and is judged by no project's yardstick. Project
 * rankings, project scores and the self-evaluation of projects therefore look only at the
 * 项目支出 part of each line; the department's figures keep the whole.
 */
import type { GroupLine } from '../domain-types';

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
