/**
 * The indicator rows of a form grouped by 一级指标, each group with its subtotal (分值 and 得分),
 * as the national 自评表 prints them: groups in the order their first row appears in the file,
 * rows in file order within a group. Subtotals add the published 2-decimal figures in
 * hundredths, so a subtotal is exactly the sum of the rows printed above it.
 */
import { hundredthsToNumber } from '../rational';
import type { ScoredIndicator } from './self-evaluation';

export interface IndicatorGroup {
  level1: string;
  indicators: ScoredIndicator[];
  weight: number;
  points: number;
}

const hundredths = (value: number): bigint => BigInt(Math.round(value * 100));

export function indicatorGroups(indicators: readonly ScoredIndicator[]): IndicatorGroup[] {
  const groups = new Map<string, ScoredIndicator[]>();
  for (const indicator of indicators) {
    const rows = groups.get(indicator.level1) ?? [];
    rows.push(indicator);
    groups.set(indicator.level1, rows);
  }
  return [...groups].map(([level1, rows]) => ({
    level1,
    indicators: rows,
    weight: hundredthsToNumber(rows.reduce((sum, i) => sum + hundredths(i.weight), 0n)),
    points: hundredthsToNumber(rows.reduce((sum, i) => sum + hundredths(i.points), 0n)),
  }));
}

/** 「产出指标小计」. */
export const subtotalLabel = (level1: string): string => `${level1}小计`;
