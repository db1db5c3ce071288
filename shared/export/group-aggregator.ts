/**
 * Sums detail rows into groups (unit, project, fund type) as they stream past, split by
 * expenditure type. The only state that grows is one accumulator per group, never per row.
 */
import type { Amounts, ExpenditureType, FundType, GroupLine, ProjectLevel } from '../domain-types';
import { FUND_TYPES } from '../domain-types';
import { compareGroupKeys, compareText } from '../group-key';
import { addAmounts, FenLedger, sumAmounts } from '../money';
import type { GroupSums } from './totals-rows';

export interface DetailRow {
  unitCode: string;
  unitName: string;
  projectCode: string;
  projectName: string;
  projectLevel: ProjectLevel;
  fundType: FundType;
  functionCode: string;
  expenditureType: ExpenditureType;
  /** Null when the export has no 年初预算数 column. */
  budgetInitial: bigint | null;
  budget: bigint;
  spentThisMonth: bigint;
  spentToDate: bigint;
}

interface GroupAccumulator {
  unitCode: string;
  unitName: string;
  projectCode: string;
  projectName: string;
  projectLevel: ProjectLevel;
  fundType: FundType;
  functionCodes: string[];
  /** This group's row in the aggregator's ledger. */
  ledgerRow: number;
  hasBasic: boolean;
  hasProject: boolean;
  lineCount: number;
}

/** Ledger columns: the four figures (budget, month, to date, initial) for 基本支出, then for 项目支出. */
const BASIC = 0;
const PROJECT = 4;

const FUND_TYPE_INDEX = Object.fromEntries(FUND_TYPES.map((fundType, index) => [fundType, index])) as Record<
  FundType,
  number
>;

export class GroupAggregator implements GroupSums {
  /**
   * unit → project → groups by fund type (a six-slot array in `FUND_TYPES` order). Nested
   * rather than one concatenated key: hashing two short strings is cheaper than building and
   * hashing their concatenation per row, and the small array keeps a group's overhead low.
   */
  private readonly tree = new Map<string, Map<string, (GroupAccumulator | undefined)[]>>();
  private readonly groups: GroupAccumulator[] = [];
  private readonly ledger = new FenLedger(8, 1024);
  /** The export states initial budgets: every group's amounts carry `budgetInitial`. */
  private withInitial = false;
  private readonly byUnit = new Map<string, GroupAccumulator[]>();
  private readonly byProject = new Map<string, GroupAccumulator[]>();
  private readonly byFundType: GroupAccumulator[][] = FUND_TYPES.map(() => []);

  get size(): number {
    return this.groups.length;
  }

  add(row: DetailRow): void {
    let projects = this.tree.get(row.unitCode);
    if (projects === undefined) {
      projects = new Map();
      this.tree.set(row.unitCode, projects);
    }
    let funds = projects.get(row.projectCode);
    if (funds === undefined) {
      funds = [];
      projects.set(row.projectCode, funds);
    }
    const fundIndex = FUND_TYPE_INDEX[row.fundType];
    let group = funds[fundIndex];
    if (group === undefined) {
      group = {
        unitCode: row.unitCode,
        unitName: row.unitName,
        projectCode: row.projectCode,
        projectName: row.projectName,
        projectLevel: row.projectLevel,
        fundType: row.fundType,
        functionCodes: [],
        ledgerRow: this.ledger.addRow(),
        hasBasic: false,
        hasProject: false,
        lineCount: 0,
      };
      funds[fundIndex] = group;
      this.groups.push(group);
      this.index(this.byUnit, row.unitCode, group);
      this.index(this.byProject, row.projectCode, group);
      this.byFundType[fundIndex]?.push(group);
    }
    group.lineCount++;
    // A group has a handful of function codes: a short array beats a Set in time and memory.
    if (row.functionCode !== '' && !group.functionCodes.includes(row.functionCode)) {
      group.functionCodes.push(row.functionCode);
    }
    let column = PROJECT;
    if (row.expenditureType === '基本支出') {
      column = BASIC;
      group.hasBasic = true;
    } else {
      group.hasProject = true;
    }
    this.ledger.add(group.ledgerRow, column, row.budget);
    this.ledger.add(group.ledgerRow, column + 1, row.spentThisMonth);
    this.ledger.add(group.ledgerRow, column + 2, row.spentToDate);
    if (row.budgetInitial !== null) {
      this.withInitial = true;
      this.ledger.add(group.ledgerRow, column + 3, row.budgetInitial);
    }
  }

  sumForUnit(unitCode: string): Amounts {
    return sumAmounts((this.byUnit.get(unitCode) ?? []).map((group) => this.total(group)));
  }

  sumForProject(projectCode: string): Amounts {
    return sumAmounts((this.byProject.get(projectCode) ?? []).map((group) => this.total(group)));
  }

  sumForFundType(fundType: FundType): Amounts {
    return sumAmounts(this.byFundType[FUND_TYPE_INDEX[fundType]]?.map((group) => this.total(group)) ?? []);
  }

  private amounts(group: GroupAccumulator, column: number): Amounts {
    const amounts: Amounts = {
      budget: this.ledger.get(group.ledgerRow, column),
      spentThisMonth: this.ledger.get(group.ledgerRow, column + 1),
      spentToDate: this.ledger.get(group.ledgerRow, column + 2),
    };
    if (this.withInitial) amounts.budgetInitial = this.ledger.get(group.ledgerRow, column + 3);
    return amounts;
  }

  private total(group: GroupAccumulator): Amounts {
    return addAmounts(this.amounts(group, BASIC), this.amounts(group, PROJECT));
  }

  /**
   * The groups as the domain type, sorted by `compareGroupKeys`. Called once, at the end: it
   * hands the accumulators' arrays over instead of copying them, shares a group's amounts with
   * its single expenditure type (the usual case), and then drops the accumulators, because at
   * 50,000 groups a second copy is what pushes the ingest function's peak memory up.
   */
  toGroupLines(): GroupLine[] {
    const lines: GroupLine[] = [];
    for (const group of this.groups) {
      const basic = group.hasBasic ? this.amounts(group, BASIC) : undefined;
      const project = group.hasProject ? this.amounts(group, PROJECT) : undefined;
      const byExpenditureType: GroupLine['byExpenditureType'] = {};
      if (basic !== undefined) byExpenditureType.基本支出 = basic;
      if (project !== undefined) byExpenditureType.项目支出 = project;
      lines.push({
        unitCode: group.unitCode,
        unitName: group.unitName,
        projectCode: group.projectCode,
        projectName: group.projectName,
        projectLevel: group.projectLevel,
        fundType: group.fundType,
        functionCodes: group.functionCodes.sort(compareText),
        amounts:
          basic !== undefined && project !== undefined
            ? addAmounts(basic, project)
            : (basic ?? project ?? this.total(group)),
        byExpenditureType,
        lineCount: group.lineCount,
      });
    }
    this.groups.length = 0;
    this.tree.clear();
    this.byUnit.clear();
    this.byProject.clear();
    for (const list of this.byFundType) list.length = 0;
    return lines.sort(compareGroupKeys);
  }

  private index(map: Map<string, GroupAccumulator[]>, code: string, group: GroupAccumulator): void {
    const list = map.get(code);
    if (list === undefined) map.set(code, [group]);
    else list.push(group);
  }
}
