/**
 * Rankings (排名, docs/contract.md §4.1): units and projects ordered by execution rate, highest first,
 * each with its gap to 序时进度 in 百分点 and its warning level, as spending-progress circulars
 * list them. Equal rates (as published, to 4 decimals) share a rank and the next rank skips
 * (1, 2, 2, 4: 并列第2名); ties are listed by code. Entries without a rate (no budget) come
 * last, unranked (rank null).
 */
import type { Amounts } from '../domain-types';
import { compareText } from '../group-key';
import { ratioBasisPoints } from './execution-rate';
import { toMoneyFigures } from './money-figures';
import type { ProjectRanking, RankingFigures, UnitRanking } from './period-report';
import { gapPoints } from './progress-gap';
import { type ProgressRules, warningLevelOf } from './warning-levels';

export interface RankingInput {
  code: string;
  name: string;
  amounts: Amounts;
}

interface Ranked {
  input: RankingInput;
  rateBp: bigint | null;
  figures: RankingFigures;
}

function rankAll(inputs: readonly RankingInput[], rules: ProgressRules): Ranked[] {
  const entries = inputs.map((input) => {
    const rateBp =
      input.amounts.budget > 0n ? ratioBasisPoints(input.amounts.spentToDate, input.amounts.budget) : null;
    const { budget, spentToDate, executionRate } = toMoneyFigures(input.amounts);
    const figures: RankingFigures = {
      rank: null,
      budget,
      spentToDate,
      executionRate,
      gapPoints: gapPoints(input.amounts, rules.timeProgress),
      level: warningLevelOf(input.amounts, rules),
    };
    return { input, rateBp, figures };
  });
  entries.sort((a, b) => {
    if (a.rateBp !== b.rateBp) {
      if (a.rateBp === null) return 1;
      if (b.rateBp === null) return -1;
      return a.rateBp > b.rateBp ? -1 : 1;
    }
    return compareText(a.input.code, b.input.code);
  });
  let rank = 0;
  entries.forEach((entry, index) => {
    if (entry.rateBp === null) return;
    if (index === 0 || entries[index - 1]?.rateBp !== entry.rateBp) rank = index + 1;
    entry.figures.rank = rank;
  });
  return entries;
}

export function rankUnits(inputs: readonly RankingInput[], rules: ProgressRules): UnitRanking[] {
  return rankAll(inputs, rules).map(({ input, figures: { rank, ...figures } }) => ({
    rank,
    unitCode: input.code,
    unitName: input.name,
    ...figures,
  }));
}

export function rankProjects(inputs: readonly RankingInput[], rules: ProgressRules): ProjectRanking[] {
  return rankAll(inputs, rules).map(({ input, figures: { rank, ...figures } }) => ({
    rank,
    projectCode: input.code,
    projectName: input.name,
    ...figures,
  }));
}
