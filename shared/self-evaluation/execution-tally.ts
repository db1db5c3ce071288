/**
 * What the self-evaluation needs of a period's execution data (docs/contract.md §4.2): per
 * project its name, level, whether it has 项目支出, its amounts by fund type and its units'
 * names; for the department the total, the amounts by fund type and every unit's name. Tallied line by line,
 * so the year's latest period is read as a stream (functions/render) and memory holds one entry
 * per project and fund type, never the lines.
 */
import type { Amounts, FundType, GroupLine, ProjectLevel } from '../domain-types';
import { addAmounts, zeroAmounts } from '../money';

export interface ProjectExecution {
  /** Name and level of the project's first line. */
  name: string;
  level: ProjectLevel;
  hasProjectExpenditure: boolean;
  byFundType: Map<FundType, Amounts>;
  /** Its units' names (each unit's first line's) by unit code: the form's 实施单位. */
  units: Map<string, string>;
}

export class ExecutionTally {
  readonly projects = new Map<string, ProjectExecution>();
  readonly byFundType = new Map<FundType, Amounts>();
  /** Every unit's name (its first line's) by unit code. */
  readonly units = new Map<string, string>();
  private totalAmounts: Amounts = zeroAmounts();

  add(line: GroupLine): void {
    this.totalAmounts = addAmounts(this.totalAmounts, line.amounts);
    this.byFundType.set(
      line.fundType,
      addAmounts(this.byFundType.get(line.fundType) ?? zeroAmounts(), line.amounts),
    );
    if (!this.units.has(line.unitCode)) this.units.set(line.unitCode, line.unitName);
    let project = this.projects.get(line.projectCode);
    if (project === undefined) {
      project = {
        name: line.projectName,
        level: line.projectLevel,
        hasProjectExpenditure: false,
        byFundType: new Map(),
        units: new Map(),
      };
      this.projects.set(line.projectCode, project);
    }
    if (line.byExpenditureType.项目支出 !== undefined) project.hasProjectExpenditure = true;
    if (!project.units.has(line.unitCode)) project.units.set(line.unitCode, line.unitName);
    project.byFundType.set(
      line.fundType,
      addAmounts(project.byFundType.get(line.fundType) ?? zeroAmounts(), line.amounts),
    );
  }

  get total(): Amounts {
    return this.totalAmounts;
  }
}

/** The tally of lines held in memory. */
export function tallyExecution(lines: Iterable<GroupLine>): ExecutionTally {
  const tally = new ExecutionTally();
  for (const line of lines) tally.add(line);
  return tally;
}
