/**
 * Roll-ups of one period's group lines (docs/contract.md §4): by fund type with shares of the department
 * total, by unit, by project across units, by expenditure type, and 一级/二级 project counts.
 * Every roll-up is a plain sum of the lines' exact amounts; arrays come out in a fixed order.
 */
import {
  type Amounts,
  EXPENDITURE_TYPES,
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
import { projectSummaryEn, projectSummaryZh } from './project-summary';
import type { RankingInput } from './rankings';
import { type ProgressRules, warningLevelOf } from './warning-levels';

function fundOrder(a: FundType, b: FundType): number {
  return FUND_TYPES.indexOf(a) - FUND_TYPES.indexOf(b);
}

/** Sums lines per key; the first line seen of a key (lines are pre-sorted) names it. */
function sumBy<K>(lines: readonly SourcedGroupLine[], keyOf: (line: SourcedGroupLine) => K) {
  const sums = new Map<K, { amounts: Amounts; first: SourcedGroupLine; lines: SourcedGroupLine[] }>();
  for (const line of lines) {
    const key = keyOf(line);
    const entry = sums.get(key);
    if (entry === undefined) sums.set(key, { amounts: line.amounts, first: line, lines: [line] });
    else {
      entry.amounts = addAmounts(entry.amounts, line.amounts);
      entry.lines.push(line);
    }
  }
  return sums;
}

function distinctProjects(lines: readonly SourcedGroupLine[]): number {
  return new Set(lines.map((line) => line.projectCode)).size;
}

export function totalOf(lines: readonly SourcedGroupLine[]): Amounts {
  return lines.reduce((total, line) => addAmounts(total, line.amounts), zeroAmounts());
}

export function rollupByFundType(lines: readonly SourcedGroupLine[], total: Amounts): FundTypeRollup[] {
  return [...sumBy(lines, (line) => line.fundType)]
    .sort(([a], [b]) => fundOrder(a, b))
    .map(([fundType, entry]) => ({
      fundType,
      ...toMoneyFigures(entry.amounts),
      shareOfBudget: ratio(entry.amounts.budget, total.budget),
      shareOfSpent: ratio(entry.amounts.spentToDate, total.spentToDate),
      projectCount: distinctProjects(entry.lines),
    }));
}

export function rollupByUnit(lines: readonly SourcedGroupLine[], rules: ProgressRules): UnitRollup[] {
  return [...sumBy(lines, (line) => line.unitCode)]
    .sort(([a], [b]) => compareText(a, b))
    .map(([unitCode, entry]) => ({
      unitCode,
      unitName: entry.first.unitName,
      ...toMoneyFigures(entry.amounts),
      projectCount: distinctProjects(entry.lines),
      level: warningLevelOf(entry.amounts, rules),
    }));
}

/** Each unit's or project's summed amounts and name (its first line's), for the rankings. */
export function totalsBy(lines: readonly SourcedGroupLine[], dimension: 'unit' | 'project'): RankingInput[] {
  const codeOf = (line: SourcedGroupLine) => (dimension === 'unit' ? line.unitCode : line.projectCode);
  return [...sumBy(lines, codeOf)].map(([code, entry]) => ({
    code,
    name: dimension === 'unit' ? entry.first.unitName : entry.first.projectName,
    amounts: entry.amounts,
  }));
}

/**
 * One project across all units and fund types (the seed reports 临时救助 as one project although
 * two units spend on it). Its level is that of its first line in (unit, project, fund) order.
 */
export function rollupByProject(lines: readonly SourcedGroupLine[], rules: ProgressRules): ProjectRollup[] {
  return [...sumBy(lines, (line) => line.projectCode)]
    .sort(([a], [b]) => compareText(a, b))
    .map(([projectCode, entry]) => {
      const { flags, level } = lagAndFlags(entry.amounts, rules);
      return {
        projectCode,
        projectName: entry.first.projectName,
        projectLevel: entry.first.projectLevel,
        fundTypes: [...new Set(entry.lines.map((line) => line.fundType))].sort(fundOrder),
        unitCount: new Set(entry.lines.map((line) => line.unitCode)).size,
        ...toMoneyFigures(entry.amounts),
        flags,
        level,
        summaryZh: projectSummaryZh(entry.first.projectName, entry.amounts),
        summaryEn: projectSummaryEn(entry.first.projectName, entry.amounts),
      };
    });
}

export function rollupByExpenditureType(lines: readonly SourcedGroupLine[]): ExpenditureTypeRollup[] {
  return EXPENDITURE_TYPES.flatMap((expenditureType) => {
    const parts = lines.flatMap((line) => {
      const amounts = line.byExpenditureType[expenditureType];
      return amounts === undefined ? [] : [amounts];
    });
    if (parts.length === 0) return [];
    return [{ expenditureType, ...toMoneyFigures(parts.reduce(addAmounts, zeroAmounts())) }];
  });
}

/** Distinct projects per level, each project counted once at the level `rollupByProject` gives it. */
export function countProjectsByLevel(lines: readonly SourcedGroupLine[]): { level1: number; level2: number } {
  const levels = new Map<string, ProjectLevel>();
  for (const line of lines)
    if (!levels.has(line.projectCode)) levels.set(line.projectCode, line.projectLevel);
  let level1 = 0;
  let level2 = 0;
  for (const level of levels.values()) {
    if (level === '一级') level1++;
    else level2++;
  }
  return { level1, level2 };
}
