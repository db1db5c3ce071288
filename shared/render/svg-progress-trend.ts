/**
 * Inline SVG: execution rate against time progress, month by month across one budget year.
 * Time progress is the city's own curve (month ÷ 12, days, or checkpoints: docs/contract.md §4.1);
 * a rate below it is spending that lags the year.
 */

import { percent } from '../format';
import { formatPeriodId } from '../period-id';
import { type Bilingual, both } from './bilingual';
import { html, type SafeHtml } from './html';

export interface TrendPoint {
  month: number;
  /** Department execution rate (fraction) or null when the budget was zero. */
  executionRate: number | null;
}

const WIDTH = 720;
const HEIGHT = 300;
const LEFT = 56;
const RIGHT = 700;
const TOP = 16;
const BOTTOM = 256;

/** Highest rate the axis shows (300%); beyond it the chart would only flatten the rest. */
export const AXIS_CAP = 3;

const x = (month: number): number => LEFT + ((month - 1) / 11) * (RIGHT - LEFT);

export function renderProgressTrend(
  id: string,
  title: Bilingual,
  year: number,
  points: TrendPoint[],
  /** Time progress at the end of each month, January first (12 values). */
  timeCurve: readonly number[],
): SafeHtml {
  const rated = points
    .filter((p): p is { month: number; executionRate: number } => p.executionRate !== null)
    .sort((a, b) => a.month - b.month);
  let highest = 1;
  for (const p of rated) if (p.executionRate > highest) highest = p.executionRate;
  // The y axis ends at the next 25% step above the highest value, at least 100% and at most
  // AXIS_CAP: a legal file can carry any rate (0.01 yuan budget, millions spent), and neither
  // the grid nor the drawing may grow with it. Points beyond the cap sit on the top edge,
  // marked, with their true value in the tooltip.
  const yMax = Math.min(AXIS_CAP, Math.ceil(highest * 4) / 4);
  const y = (rate: number): number => BOTTOM - (Math.min(yMax, Math.max(0, rate)) / yMax) * (BOTTOM - TOP);

  const gridSteps = Math.round(yMax * 4);
  const grid = Array.from({ length: gridSteps + 1 }, (_, i) => {
    const rate = i / 4;
    return html`<line class="grid" x1="${LEFT}" y1="${y(rate).toFixed(1)}" x2="${RIGHT}" y2="${y(rate).toFixed(1)}"/><text class="label" x="${LEFT - 6}" y="${(y(rate) + 4).toFixed(1)}" text-anchor="end">${percent(rate)}</text>`;
  });
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  const ticks = months.map(
    (m) =>
      html`<text class="label" x="${x(m).toFixed(1)}" y="${BOTTOM + 18}" text-anchor="middle">${m}</text>`,
  );
  const progressAt = (m: number): number => timeCurve[m - 1] ?? 0;
  const timeLine = months.map((m) => `${x(m).toFixed(1)},${y(progressAt(m)).toFixed(1)}`).join(' ');
  const rateLine = rated.map((p) => `${x(p.month).toFixed(1)},${y(p.executionRate).toFixed(1)}`).join(' ');
  const dots = rated.map(
    (p) =>
      html`<circle class="dot-rate${p.executionRate > yMax ? ' off-scale' : ''}" cx="${x(p.month).toFixed(1)}" cy="${y(p.executionRate).toFixed(1)}" r="${p.executionRate > yMax ? 6 : 4}"><title>${formatPeriodId({ year, month: p.month })}: ${percent(p.executionRate)} / ${percent(progressAt(p.month))}</title></circle>`,
  );
  const desc = {
    zh: `${year}年各月执行率（蓝色实线）与时间进度（灰色虚线）。`,
    en: `Execution rate by month in ${year} (solid blue) against time progress (dashed grey).`,
  };
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc">
<title id="${id}-title">${both(title)}</title>
<desc id="${id}-desc">${both(desc)}</desc>
${grid}
<line class="axis" x1="${LEFT}" y1="${BOTTOM}" x2="${RIGHT}" y2="${BOTTOM}"/>
${ticks}
<text class="label" x="${(LEFT + RIGHT) / 2}" y="${HEIGHT - 6}" text-anchor="middle">${both({ zh: '月份', en: 'Month' })}</text>
<polyline class="line-time" points="${timeLine}"/>
${rated.length > 1 ? html`<polyline class="line-rate" points="${rateLine}"/>` : ''}
${dots}
</svg>`;
}

export function progressLegend(): SafeHtml {
  return html`<p class="legend"><span><span class="swatch swatch-spent"></span><span class="zh" lang="zh-CN">执行率</span><span class="en" lang="en">Execution rate</span></span><span><span class="swatch swatch-time"></span><span class="zh" lang="zh-CN">时间进度</span><span class="en" lang="en">Time progress</span></span></p>`;
}
