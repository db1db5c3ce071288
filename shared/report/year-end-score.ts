/**
 * The execution indicator of the year-end self-evaluation (财预〔2020〕10号 practice):
 * points = weight × min(rate, 1), to 2 decimals, for the department and for each project.
 * Computed exactly from the amounts; a negative rate (refunds above spending) scores 0.
 */
import type { Amounts } from '../domain-types';
import { divRoundHalfUp } from '../money';
import { executionRate } from './execution-rate';
import type { YearEndScore } from './period-report';

function cappedRate(amounts: Amounts): number | null {
  const rate = executionRate(amounts);
  return rate === null ? null : Math.max(0, Math.min(rate, 1));
}

/**
 * weight × min(spent/budget, 1) in hundredths of a point, half up; 0 at zero budget. The one
 * home of the execution indicator's rule: the period report and the self-evaluation use it.
 */
export function executionPointsHundredths(amounts: Amounts, weight: number): bigint {
  if (amounts.budget <= 0n) return 0n;
  const spent = amounts.spentToDate < 0n ? 0n : amounts.spentToDate;
  const counted = spent > amounts.budget ? amounts.budget : spent;
  const weightHundredths = BigInt(Math.round(weight * 100));
  return divRoundHalfUp(counted * weightHundredths, amounts.budget);
}

/** weight × min(spent/budget, 1), half up to 2 decimals; 0 at zero budget. */
export function executionPoints(amounts: Amounts, weight: number): number {
  return Number(executionPointsHundredths(amounts, weight)) / 100;
}

export function yearEndScore(
  weight: number,
  department: Amounts,
  projects: readonly { projectCode: string; projectName: string; amounts: Amounts }[],
): YearEndScore {
  return {
    weight,
    executionRate: cappedRate(department),
    points: executionPoints(department, weight),
    byProject: projects.map((project) => ({
      projectCode: project.projectCode,
      projectName: project.projectName,
      executionRate: cappedRate(project.amounts),
      points: executionPoints(project.amounts, weight),
    })),
  };
}
