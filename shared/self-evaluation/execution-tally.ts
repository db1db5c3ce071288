/**
 * What the self-evaluation needs of a period's execution data (docs/contract.md §4.2): per
 * project its name, level, whether it has 项目支出, its amounts by fund type (and by 资金来源 when
 * the exports state it) and its units' names; for the department the same over every line. Tallied line by line,
 * so the year's latest period is read as a stream (functions/render) and memory holds one entry
 * per project and fund type, never the lines.
 */
import type { Amounts, ExpenditureType, FundType, GroupLine, ProjectLevel } from '../domain-types';
import { addAmounts, zeroAmounts } from '../money';
import { projectExpenditureLines } from '../report/project-expenditure';
import type { FundSource } from '../vocabulary';

/** Amounts by 资金来源, and whether any line stated one (the form's rows then follow it). */
interface FundSources {
  byFundSource: Map<FundSource, Amounts>;
  fundSourceStated: boolean;
}

function addFundSources(into: FundSources, line: GroupLine): void {
  if (line.byFundSource === undefined) return;
  into.fundSourceStated = true;
  for (const [source, amounts] of Object.entries(line.byFundSource) as [FundSource, Amounts][])
    into.byFundSource.set(source, addAmounts(into.byFundSource.get(source) ?? zeroAmounts(), amounts));
}

export interface ProjectExecution extends FundSources {
  /** Name and level of the project's first line. */
  name: string;
  level: ProjectLevel;
  hasProjectExpenditure: boolean;
  /** Its 项目支出 by fund type: a project is judged on its project expenditure, not 基本支出. */
  byFundType: Map<FundType, Amounts>;
  /** Its units' names (each unit's first line's) by unit code: the form's 实施单位. */
  units: Map<string, string>;
}

export class ExecutionTally implements FundSources {
  readonly projects = new Map<string, ProjectExecution>();
  readonly byFundSource = new Map<FundSource, Amounts>();
  fundSourceStated = false;
  readonly byFundType = new Map<FundType, Amounts>();
  /** The department's 项目支出 and 基本支出 apart. */
  readonly byExpenditureType = new Map<ExpenditureType, Amounts>();
  /** Every unit's name (its first line's) by unit code. */
  readonly units = new Map<string, string>();
  /**
   * Each unit's code and name as first seen. A project's units are set from these, not from
   * the line: every streamed line carries its own copies of the strings, and a period of 200
   * units × 1,000 projects would otherwise keep 200,000 pairs of them.
   */
  private readonly unitStrings = new Map<string, readonly [code: string, name: string]>();
  private totalAmounts: Amounts = zeroAmounts();

  add(line: GroupLine): void {
    this.totalAmounts = addAmounts(this.totalAmounts, line.amounts);
    this.byFundType.set(
      line.fundType,
      addAmounts(this.byFundType.get(line.fundType) ?? zeroAmounts(), line.amounts),
    );
    for (const [type, amounts] of Object.entries(line.byExpenditureType) as [ExpenditureType, Amounts][])
      this.byExpenditureType.set(
        type,
        addAmounts(this.byExpenditureType.get(type) ?? zeroAmounts(), amounts),
      );
    let unit = this.unitStrings.get(line.unitCode);
    if (unit === undefined) {
      unit = [line.unitCode, line.unitName];
      this.unitStrings.set(line.unitCode, unit);
      this.units.set(line.unitCode, line.unitName);
    }
    let project = this.projects.get(line.projectCode);
    if (project === undefined) {
      project = {
        name: line.projectName,
        level: line.projectLevel,
        hasProjectExpenditure: false,
        byFundType: new Map(),
        units: new Map(),
        byFundSource: new Map(),
        fundSourceStated: false,
      };
      this.projects.set(line.projectCode, project);
    }
    if (line.byExpenditureType.项目支出 !== undefined) project.hasProjectExpenditure = true;
    addFundSources(this, line);
    addFundSources(project, line);
    if (!project.units.has(unit[0])) project.units.set(unit[0], unit[1]);
    for (const part of projectExpenditureLines([line])) {
      project.byFundType.set(
        part.fundType,
        addAmounts(project.byFundType.get(part.fundType) ?? zeroAmounts(), part.amounts),
      );
    }
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
