/**
 * How many consecutive months each unit and project has been at a warning level (连续N个月),
 * and at the most severe one, as the 通报 names them (docs/contract.md §4.1). A month's streaks
 * are the previous month's plus this month's levels, so render keeps them in the period's
 * summary and never reads an earlier month's lines. Streaks run within a budget year: January
 * starts afresh (its year-to-date figures do), and so does a month after one without data.
 */
import type { PeriodFigures } from './period-report';
import { bySeverity } from './warning-levels';

export interface WarningStreak {
  /** Unit or project code. */
  code: string;
  /** This month's level. */
  level: string;
  /** Consecutive months at any warning level, this one included. */
  months: number;
  /** Consecutive months at the most severe level, this one included; 0 when not at it now. */
  severeMonths: number;
}

export interface WarningStreaks {
  units: WarningStreak[];
  projects: WarningStreak[];
}

type Ranked = { level: string | null };

function step<T extends Ranked>(
  entries: readonly T[],
  codeOf: (entry: T) => string,
  before: readonly WarningStreak[],
  severest: string | undefined,
): WarningStreak[] {
  const previous = new Map(before.map((streak) => [streak.code, streak]));
  const streaks: WarningStreak[] = [];
  for (const entry of entries) {
    if (entry.level === null) continue;
    const code = codeOf(entry);
    const last = previous.get(code);
    streaks.push({
      code,
      level: entry.level,
      months: (last?.months ?? 0) + 1,
      severeMonths: entry.level === severest ? (last?.severeMonths ?? 0) + 1 : 0,
    });
  }
  return streaks;
}

/** This month's streaks, from its rankings and the month before's streaks (null when that month has none). */
export function warningStreaks(
  report: Pick<PeriodFigures, 'rankings' | 'options'>,
  previous: WarningStreaks | null,
): WarningStreaks {
  const severest = bySeverity(report.options.warningLevels)[0]?.level;
  return {
    units: step(report.rankings.units, (u) => u.unitCode, previous?.units ?? [], severest),
    projects: step(report.rankings.projects, (p) => p.projectCode, previous?.projects ?? [], severest),
  };
}
