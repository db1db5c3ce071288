/**
 * The opening sentence of a spending-progress circular (通报), in the form such circulars use:
 * 「截至2021年6月底，全部门预算执行率47.15%，低于序时进度2.85个百分点。」 The gap is the report's
 * `gapPoints`: the published rate minus the published time progress, so a reader who
 * subtracts the printed figures finds the printed gap.
 */
import { formatPoints, percent, periodLabel } from '../format';
import type { PeriodFigures } from '../report/period-report';
import type { Bilingual } from './bilingual';

export function progressSentence(report: Pick<PeriodFigures, 'period' | 'totals' | 'gapPoints'>): Bilingual {
  const { year, month } = report.period;
  const asOfZh = `截至${year}年${month}月底`;
  const asOfEn = `By the end of ${periodLabel(report.period).en}`;
  const rate = report.totals.executionRate;
  const gap = report.gapPoints;
  if (rate === null || gap === null) {
    return {
      zh: `${asOfZh}，全部门未安排预算，不计算预算执行率。`,
      en: `${asOfEn}, the department has no budget, so no execution rate.`,
    };
  }
  const size = formatPoints(Math.abs(gap));
  const zhGap =
    gap < 0 ? `低于序时进度${size}个百分点` : gap > 0 ? `高于序时进度${size}个百分点` : '与序时进度持平';
  const enGap =
    gap < 0
      ? `${size} points behind time progress`
      : gap > 0
        ? `${size} points ahead of time progress`
        : 'level with time progress';
  return {
    zh: `${asOfZh}，全部门预算执行率${percent(rate)}，${zhGap}。`,
    en: `${asOfEn}, the department as a whole had executed ${percent(rate)} of its budget, ${enGap}.`,
  };
}
