/**
 * Roll-ups of one period's group lines (docs/contract.md §4): the department total, by fund type
 * with shares of the total, by unit, by project across units, by expenditure type, and
 * 一级/二级 project counts. Every roll-up is a plain sum of the lines' exact amounts; arrays
 * come out in a fixed order.
 *
 * Accumulated line by line, so a period is rolled up while its lines stream past and memory
 * holds one entry per unit, project and fund type, never the lines (docs/contract.md §8). The
 * lines must come in group order (unit, project, fund type): the first line of a unit or project
 * names it, and a unit's projects (a project's units) are counted as they change.
 */
import {
  type Amounts,
  EXPENDITURE_TYPES,
  type ExpenditureType,
  FUND_TYPES,
  type FundType,
  type ProjectLevel,
} from '../domain-types';
import { compareText } from '../group-key';
import { addAmounts, zeroAmounts } from '../money';
import { ratio } from './execution-rate';
import { lagAndFlags } from './line-flags';
import { toMoneyFigures } from './money-figures';
import type {
  ExpenditureTypeRollup,
  FundTypeRollup,
  ProjectRollup,
  SourcedGroupLine,
  UnitRollup,
} from './period-report';
import { projectExpenditureLines } from './project-expenditure';
import { projectSummaryEn, projectSummaryZh } from './project-summary';
import type { RankingInput } from './rankings';
import { type ProgressRules, warningLevelOf } from './warning-levels';

function fundOrder(a: FundType, b: FundType): number {
  return FUND_TYPES.indexOf(a) - FUND_TYPES.indexOf(b);
}

interface UnitEntry {
  name: string;
  amounts: Amounts;
  projectCount: number;
  lastProject: string;
}

interface ProjectEntry {
  name: string;
  level: ProjectLevel;
  amounts: Amounts;
  fundTypes: Set<FundType>;
  unitCount: number;
  lastUnit: string;
}

export class PeriodRollups {
  private total: Amounts = zeroAmounts();
  private readonly fundTypes = new Map<FundType, { amounts: Amounts; projects: Set<string> }>();
  private readonly units = new Map<string, UnitEntry>();
  private readonly projects = new Map<string, ProjectEntry>();
  private readonly expenditureTypes = new Map<ExpenditureType, Amounts>();
  /** Each project's 项目支出 only (基本支出 is not a project): rankings and the year-end score. */
  private readonly projectExpenditure = new Map<string, { name: string; amounts: Amounts }>();

  /** Adds the next line, in group order. */
  add(line: SourcedGroupLine): void {
    this.total = addAmounts(this.total, line.amounts);

    for (const part of projectExpenditureLines([line])) {
      const entry = this.projectExpenditure.get(part.projectCode);
      if (entry === undefined)
        this.projectExpenditure.set(part.projectCode, { name: part.projectName, amounts: part.amounts });
      else entry.amounts = addAmounts(entry.amounts, part.amounts);
    }

    const fund = this.fundTypes.get(line.fundType);
    if (fund === undefined)
      this.fundTypes.set(line.fundType, { amounts: line.amounts, projects: new Set([line.projectCode]) });
    else {
      fund.amounts = addAmounts(fund.amounts, line.amounts);
      fund.projects.add(line.projectCode);
    }

    const unit = this.units.get(line.unitCode);
    if (unit === undefined) {
      this.units.set(line.unitCode, {
        name: line.unitName,
        amounts: line.amounts,
        projectCount: 1,
        lastProject: line.projectCode,
      });
    } else {
      unit.amounts = addAmounts(unit.amounts, line.amounts);
      if (unit.lastProject !== line.projectCode) {
        unit.projectCount++;
        unit.lastProject = line.projectCode;
      }
    }

    const project = this.projects.get(line.projectCode);
    if (project === undefined) {
      this.projects.set(line.projectCode, {
        name: line.projectName,
        level: line.projectLevel,
        amounts: line.amounts,
        fundTypes: new Set([line.fundType]),
        unitCount: 1,
        lastUnit: line.unitCode,
      });
    } else {
      project.amounts = addAmounts(project.amounts, line.amounts);
      project.fundTypes.add(line.fundType);
      if (project.lastUnit !== line.unitCode) {
        project.unitCount++;
        project.lastUnit = line.unitCode;
      }
    }

    for (const type of EXPENDITURE_TYPES) {
      const amounts = line.byExpenditureType[type];
      if (amounts !== undefined)
        this.expenditureTypes.set(
          type,
          addAmounts(this.expenditureTypes.get(type) ?? zeroAmounts(), amounts),
        );
    }
  }

  totalAmounts(): Amounts {
    return this.total;
  }

  byFundType(): FundTypeRollup[] {
    return [...this.fundTypes]
      .sort(([a], [b]) => fundOrder(a, b))
      .map(([fundType, entry]) => ({
        fundType,
        ...toMoneyFigures(entry.amounts),
        shareOfBudget: ratio(entry.amounts.budget, this.total.budget),
        shareOfSpent: ratio(entry.amounts.spentToDate, this.total.spentToDate),
        projectCount: entry.projects.size,
      }));
  }

  byUnit(rules: ProgressRules): UnitRollup[] {
    return [...this.units]
      .sort(([a], [b]) => compareText(a, b))
      .map(([unitCode, entry]) => ({
        unitCode,
        unitName: entry.name,
        ...toMoneyFigures(entry.amounts),
        projectCount: entry.projectCount,
        level: warningLevelOf(entry.amounts, rules),
      }));
  }

  /**
   * One project across all units and fund types (the seed reports 临时救助 as one project
   * although two units spend on it). Its name and level are those of its first line.
   */
  byProject(rules: ProgressRules): ProjectRollup[] {
    return this.sortedProjects().map(([projectCode, entry]) => {
      const { flags, level } = lagAndFlags(entry.amounts, rules);
      return {
        projectCode,
        projectName: entry.name,
        projectLevel: entry.level,
        fundTypes: [...entry.fundTypes].sort(fundOrder),
        unitCount: entry.unitCount,
        ...toMoneyFigures(entry.amounts),
        flags,
        level,
        summaryZh: projectSummaryZh(entry.name, entry.amounts),
        summaryEn: projectSummaryEn(entry.name, entry.amounts),
      };
    });
  }

  byExpenditureType(): ExpenditureTypeRollup[] {
    return EXPENDITURE_TYPES.flatMap((expenditureType) => {
      const amounts = this.expenditureTypes.get(expenditureType);
      return amounts === undefined ? [] : [{ expenditureType, ...toMoneyFigures(amounts) }];
    });
  }

  /** Distinct projects per level, each project counted once at the level `byProject` gives it. */
  projectCounts(): { level1: number; level2: number } {
    let level1 = 0;
    let level2 = 0;
    for (const project of this.projects.values()) {
      if (project.level === '一级') level1++;
      else level2++;
    }
    return { level1, level2 };
  }

  /** Each unit's summed amounts and name, for the rankings. */
  unitTotals(): RankingInput[] {
    return [...this.units].map(([code, entry]) => ({ code, name: entry.name, amounts: entry.amounts }));
  }

  /**
   * Each project's 项目支出 and name, in code order, for the rankings and the year-end score:
   * projects with only 基本支出 (人员经费, 公用经费) are not there (docs/contract.md §4).
   */
  projectExpenditureTotals(): RankingInput[] {
    return [...this.projectExpenditure]
      .sort(([a], [b]) => compareText(a, b))
      .map(([code, entry]) => ({ code, name: entry.name, amounts: entry.amounts }));
  }

  private sortedProjects(): [string, ProjectEntry][] {
    return [...this.projects].sort(([a], [b]) => compareText(a, b));
  }
}
