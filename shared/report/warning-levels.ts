/**
 * Warning levels (预警等级, docs/contract.md §4.1): a city lists levels with the lag behind 序时进度, in
 * 百分点, at which each begins (default red at 20, yellow at 10). A line, unit or project gets
 * the highest level whose threshold its lag reaches (lag ≥ lagPoints), and none when its budget
 * is below the city's floor (`warningMinBudget`, so a 500-yuan line does not turn red) or when
 * it has no budget to measure against. The lag is the published one (progress-gap.ts), the
 * figure printed beside the level, so a unit listed under 「落后20个百分点及以上」 never shows
 * 19.99; the threshold is read exactly from its decimal (7.5 is 15/2).
 */
import type { WarningLevel } from '../city-settings';
import type { Amounts, Fen } from '../domain-types';
import { compare, type Ratio, ratio, ratioOfNumber } from '../rational';
import { gapBasisPoints } from './progress-gap';

export type { WarningLevel } from '../city-settings';

/** What a level is judged by, resolved once per period from the city settings. */
export interface ProgressRules {
  /** The period's exact 序时进度. */
  timeProgress: Ratio;
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
  const gap = gapBasisPoints(amounts, rules.timeProgress);
  if (gap === null) return null;
  const lagPoints = ratio(-gap, 100n);
  for (const candidate of bySeverity(rules.levels)) {
    if (compare(lagPoints, ratioOfNumber(candidate.lagPoints)) >= 0) return candidate.level;
  }
  return null;
}
