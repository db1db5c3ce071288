/**
 * How the forms write an indicator's values: 年度指标值 with its operator and unit
 * (「≥12000人」, 「≤3个工作日」, 「=100%」), 实际完成值 with its unit; 定性 values as written.
 * One home for the page, the workbook and the draft report.
 */
import type { ScoredIndicator } from './self-evaluation';

const withUnit = (value: number | string, unit: string | null): string => `${value}${unit ?? ''}`;

export function targetText(indicator: ScoredIndicator): string {
  if (indicator.operator === '定性') return String(indicator.target);
  return `${indicator.operator}${withUnit(indicator.target, indicator.unit)}`;
}

export function actualText(indicator: ScoredIndicator): string {
  if (indicator.operator === '定性') return String(indicator.actual);
  return withUnit(indicator.actual, indicator.unit);
}

/** Points as the forms print them: up to 2 decimals, no trailing zeros (100, 19.5, 6.67). */
export function pointsText(points: number | null): string {
  if (points === null) return '—';
  const hundredths = Math.round(points * 100);
  const whole = Math.trunc(hundredths / 100);
  const decimals = String(Math.abs(hundredths % 100))
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${hundredths < 0 && whole === 0 ? '-' : ''}${whole}${decimals === '' ? '' : `.${decimals}`}`;
}

/** 「截至6月」 before year end, empty at year end. */
export function asOfLabel(asOf: { month: number }): { zh: string; en: string } {
  return asOf.month === 12
    ? { zh: '', en: '' }
    : { zh: `截至${asOf.month}月`, en: `as of month ${asOf.month}` };
}
