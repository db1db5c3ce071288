/**
 * Warning levels (预警等级, docs/contract.md §4.1): a city lists levels with the lag behind 序时进度, in
 * 百分点, at which each begins (default red at 20, yellow at 10). A line, unit or project gets
 * the highest level whose threshold its lag reaches (lag ≥ lagPoints, compared exactly), and
 * none when its budget is below the city's floor (`warningMinBudget`, so a 500-yuan line does
 * not turn red) or when it has no budget to measure against.
 */
import type { WarningLevel } from '../city-settings';
import type { Amounts, Fen } from '../domain-types';
import { compareFractions, type Fraction, fraction, fractionOfNumber } from './exact-fraction';
import { progressGap } from './progress-gap';

export type { WarningLevel } from '../city-settings';

/** What a level is judged by, resolved once per period from the city settings. */
export interface ProgressRules {
  /** The period's exact 序时进度. */
  timeProgress: Fraction;
  levels: readonly WarningLevel[];
  /** `warningMinBudget` in fen. */
  minBudget: Fen;
}

/** Levels from the most severe (largest lag) down; order in the settings does not matter. */
export function bySeverity(levels: readonly WarningLevel[]): WarningLevel[] {
  return [...levels].sort((a, b) => b.lagPoints - a.lagPoints);
}

/** The level `amounts` reaches at `timeProgress`, or null. */
export function warningLevelOf(amounts: Amounts, rules: ProgressRules): string | null {
  if (amounts.budget < rules.minBudget) return null;
  const gap = progressGap(amounts, rules.timeProgress);
  if (gap === null) return null;
  const lag = fraction(-gap.numerator, gap.denominator);
  for (const candidate of bySeverity(rules.levels)) {
    if (compareFractions(lag, fractionOfNumber(candidate.lagPoints)) >= 0) return candidate.level;
  }
  return null;
}
