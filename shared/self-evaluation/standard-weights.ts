/**
 * The weights the national form notes under its indicator table (财预〔2020〕10号): 产出指标 50,
 * 效益指标 30, 满意度指标 10, with 预算执行率 10 making 100. 原则上: a set may differ, with a
 * reason, so a departure is a warning (the status, the page and the workbook), never a rejection.
 * 成本指标 counts with 产出指标: the national form has 成本 as one of 产出's 二级指标.
 */
import { add, compare, type Ratio, ratioOfNumber, ratioToDecimalString, ZERO } from '../rational';
import type { Level1Indicator } from './indicator-set';

type Group = '产出' | '效益' | '满意度';

const GROUP_OF: Readonly<Record<Level1Indicator, Group>> = {
  产出指标: '产出',
  成本指标: '产出',
  效益指标: '效益',
  满意度指标: '满意度',
};

export const STANDARD_WEIGHTS: Readonly<Record<Group, number>> = { 产出: 50, 效益: 30, 满意度: 10 };
export const STANDARD_EXECUTION_WEIGHT = 10;

const GROUPS = Object.keys(STANDARD_WEIGHTS) as Group[];

const GROUP_EN: Readonly<Record<Group, string>> = { 产出: 'output', 效益: 'benefit', 满意度: 'satisfaction' };

const describe = (weights: Record<Group, string>, execution: string): string =>
  `${GROUPS.map((g) => `${g}${weights[g]}`).join('/')}/预算执行${execution}`;

/** 「产出45/效益30/满意度15/预算执行10」 → "output 45 / benefit 30 / satisfaction 15 / execution 10". */
export function weightsInEnglish(text: string): string {
  let english = text.replace('预算执行', 'execution ');
  for (const g of GROUPS) english = english.replace(g, `${GROUP_EN[g]} `);
  return english.replaceAll('/', ' / ');
}

/**
 * Null when a set's weights are the standard ones; else both distributions as the forms write
 * them: 「产出45/效益30/满意度15/预算执行10」 against 「产出50/效益30/满意度10/预算执行10」.
 */
export function standardWeightDepartures(
  weightByLevel1: ReadonlyMap<Level1Indicator, Ratio>,
  executionWeight: Ratio,
): { actual: string; standard: string } | null {
  const sums = new Map<Group, Ratio>();
  for (const [level1, weight] of weightByLevel1) {
    const group = GROUP_OF[level1];
    sums.set(group, add(sums.get(group) ?? ZERO, weight));
  }
  const standardExecution = ratioOfNumber(STANDARD_EXECUTION_WEIGHT);
  const same =
    compare(executionWeight, standardExecution) === 0 &&
    GROUPS.every((g) => compare(sums.get(g) ?? ZERO, ratioOfNumber(STANDARD_WEIGHTS[g])) === 0);
  if (same) return null;
  const actual = Object.fromEntries(
    GROUPS.map((g) => [g, ratioToDecimalString(sums.get(g) ?? ZERO)]),
  ) as Record<Group, string>;
  const standard = Object.fromEntries(GROUPS.map((g) => [g, String(STANDARD_WEIGHTS[g])])) as Record<
    Group,
    string
  >;
  return {
    actual: describe(actual, ratioToDecimalString(executionWeight)),
    standard: describe(standard, String(STANDARD_EXECUTION_WEIGHT)),
  };
}
