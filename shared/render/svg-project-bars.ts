/**
 * Inline SVG: budget vs executed per project, as horizontal bar pairs. Bar lengths are
 * ratios of integer fen taken in bigint, so even amounts beyond 2^53 fen scale exactly.
 */

import { displayName } from '../display-name';
import { formatWan, yuanToFen } from '../format';
import { type Bilingual, both } from './bilingual';
import { html, type SafeHtml } from './html';

export interface ProjectBar {
  name: string;
  budget: string;
  spent: string;
}

const WIDTH = 760;
const LABEL_WIDTH = 210;
const BAR_AREA = 440;
const BAR_HEIGHT = 12;
const ROW_HEIGHT = 38;
const TOP = 8;
const LABEL_CHARS = 14;

/** Math.max does not take bigint. */
function largest(values: bigint[]): bigint {
  let max = 0n;
  for (const value of values) if (value > max) max = value;
  return max;
}

/** Length in SVG units of `fen` on a scale where `max` fills the bar area. */
function barLength(fen: bigint, max: bigint): number {
  if (fen <= 0n || max <= 0n) return 0;
  return (Number((fen * 100_000n) / max) / 100_000) * BAR_AREA;
}

export function renderProjectBars(id: string, title: Bilingual, bars: ProjectBar[]): SafeHtml {
  const fen = bars.map((bar) => ({
    ...bar,
    budgetFen: yuanToFen(bar.budget),
    spentFen: yuanToFen(bar.spent),
  }));
  const max = largest(fen.flatMap((b) => [b.budgetFen, b.spentFen]));
  const height = TOP * 2 + Math.max(1, bars.length) * ROW_HEIGHT;
  const desc = {
    zh: '每个项目两条横条：灰色为全年预算数，蓝色为累计执行数，数值单位为万元。',
    en: 'Two bars per project: grey is the annual budget, blue is spending to date, in 10,000 yuan.',
  };
  const rows = fen.map((bar, i) => {
    const y = TOP + i * ROW_HEIGHT;
    const budgetLength = barLength(bar.budgetFen, max);
    const spentLength = barLength(bar.spentFen, max);
    return html`<g><title>${displayName(bar.name)}: ${formatWan(bar.budget)} / ${formatWan(bar.spent)}</title>
<text class="label" x="${LABEL_WIDTH - 8}" y="${y + BAR_HEIGHT + 4}" text-anchor="end">${displayName(bar.name, LABEL_CHARS)}</text>
<rect class="bar-budget" x="${LABEL_WIDTH}" y="${y}" width="${budgetLength.toFixed(2)}" height="${BAR_HEIGHT}"/>
<text class="label" x="${(LABEL_WIDTH + budgetLength + 6).toFixed(2)}" y="${y + BAR_HEIGHT - 1}">${formatWan(bar.budget)}</text>
<rect class="bar-spent" x="${LABEL_WIDTH}" y="${y + BAR_HEIGHT + 3}" width="${spentLength.toFixed(2)}" height="${BAR_HEIGHT}"/>
<text class="label" x="${(LABEL_WIDTH + spentLength + 6).toFixed(2)}" y="${y + 2 * BAR_HEIGHT + 2}">${formatWan(bar.spent)}</text>
</g>`;
  });
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc">
<title id="${id}-title">${both(title)}</title>
<desc id="${id}-desc">${both(desc)}</desc>
<line class="axis" x1="${LABEL_WIDTH}" y1="0" x2="${LABEL_WIDTH}" y2="${height}"/>
${rows}
</svg>`;
}
