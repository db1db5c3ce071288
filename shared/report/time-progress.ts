/**
 * 序时进度 (time progress): the share of the budget year that should have been spent by the
 * end of a period, the yardstick of every spending-progress review (docs/contract.md §4.1). Each city
 * chooses its rule:
 *
 * - `month`: month ÷ 12 (the default; June is 50%).
 * - `day`: days elapsed at the period's last day ÷ days in the year (June 2021 is 181/365,
 *   June 2024 is 182/366: leap years follow the Gregorian rule).
 * - `{checkpoints}`: targets at chosen months, 「时间过半、进度过半」 style
 *   (`{"3": 0.25, "6": 0.5, "9": 0.75, "11": 0.9, "12": 1}`); months in between are
 *   interpolated linearly, starting from 0 at month 0. A year without a month-12 checkpoint
 *   ends at 1 in December (the whole budget is due by year end).
 *
 * The value is an exact fraction; the report rounds it once, half up, to 4 decimals, and the
 * gaps and levels printed beside it are computed from that published value (progress-gap.ts).
 */
import type { TimeProgressSetting } from '../city-settings';
import type { Period } from '../domain-types';
import { sentencePercent } from '../format';
import { type Ratio, ratio, ratioOfNumber, roundRatio } from '../rational';

/** The setting as `shared/city-settings.ts` parses it (default `month`). */
export type TimeProgressRule = TimeProgressSetting;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days from 1 January to the last day of `month`, both included. */
function daysThroughMonth(year: number, month: number): number {
  let days = 0;
  for (let m = 1; m <= month; m++) days += daysInMonth(year, m);
  return days;
}

/** (month, value) anchors in month order, with 0 at month 0 and, unless given, 1 at month 12. */
function checkpointAnchors(checkpoints: Record<string, number>): [number, Ratio][] {
  const anchors = new Map<number, Ratio>([[0, ratio(0n, 1n)]]);
  for (const [month, value] of Object.entries(checkpoints)) anchors.set(Number(month), ratioOfNumber(value));
  if (!anchors.has(12)) anchors.set(12, ratio(1n, 1n));
  return [...anchors].sort(([a], [b]) => a - b);
}

function interpolate(anchors: [number, Ratio][], month: number): Ratio {
  let before = anchors[0] ?? [0, ratio(0n, 1n)];
  for (const anchor of anchors) {
    const [at, value] = anchor;
    if (at === month) return value;
    if (at > month) {
      const [from, start] = before;
      // start + (value − start) × (month − from) / (at − from), on a common denominator.
      const span = BigInt(at - from);
      const step = BigInt(month - from);
      const numerator = start.num * value.den * span + (value.num * start.den - start.num * value.den) * step;
      return ratio(numerator, start.den * value.den * span);
    }
    before = anchor;
  }
  // Past the last anchor (only possible with a month beyond 12): hold its value.
  return before[1];
}

/** The exact time progress of a period under a rule. */
export function timeProgressFraction(rule: TimeProgressRule, period: Period): Ratio {
  if (rule === 'month') return ratio(BigInt(period.month), 12n);
  if (rule === 'day') {
    const days = isLeapYear(period.year) ? 366 : 365;
    return ratio(BigInt(daysThroughMonth(period.year, period.month)), BigInt(days));
  }
  return interpolate(checkpointAnchors(rule.checkpoints), period.month);
}

/** As report.json carries it: a fraction rounded half up to 4 decimals. */
export function timeProgressOf(rule: TimeProgressRule, period: Period): number {
  return roundRatio(timeProgressFraction(rule, period), 4);
}

/** The twelve months' time progress of one year, for the trend chart's yardstick curve. */
export function timeProgressCurve(rule: TimeProgressRule, year: number): number[] {
  return Array.from({ length: 12 }, (_, i) => timeProgressOf(rule, { year, month: i + 1 }));
}

/** Plain-language name of a rule, for the pages and the bulletin. */
export function describeTimeProgress(rule: TimeProgressRule): { zh: string; en: string } {
  if (rule === 'month') return { zh: '按月计算（月份÷12）', en: 'by month (month ÷ 12)' };
  if (rule === 'day')
    return { zh: '按天计算（已过天数÷全年天数）', en: 'by day (days elapsed ÷ days in the year)' };
  const points = Object.entries(rule.checkpoints)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([month, value]) => {
      const exact = ratioOfNumber(value);
      return { month, percent: sentencePercent(roundRatio(exact, 4), exact.num, exact.den) };
    });
  return {
    zh: `按节点目标（${points.map((p) => `${p.month}月底${p.percent}`).join('、')}，其间按月线性推算）`,
    en: `by checkpoints (${points.map((p) => `end of month ${p.month}: ${p.percent}`).join(', ')}; months in between interpolated)`,
  };
}
