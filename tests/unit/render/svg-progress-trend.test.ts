/** The trend chart stays bounded whatever rate a legal file produces. */
import { describe, expect, it } from 'vitest';
import { renderProgressTrend } from '../../../shared/render/svg-progress-trend';
import { timeProgressCurve } from '../../../shared/report/time-progress';

const title = { zh: '趋势', en: 'Trend' };
const MONTHLY = timeProgressCurve('month', 2021);

describe('progress trend chart', () => {
  it('caps the axis at 300% and marks points beyond it, with their true value', () => {
    const svg = renderProgressTrend(
      't',
      title,
      2021,
      [
        { month: 4, executionRate: 0.3 },
        { month: 5, executionRate: 2_000_000_000 },
      ],
      MONTHLY,
    ).value;
    expect(svg.match(/class="grid"/g)).toHaveLength(13);
    expect(svg).toContain('class="dot-rate off-scale"');
    expect(svg).toContain('200000000000.00%');
    expect(svg.length).toBeLessThan(10_000);
  });

  it('keeps the 25% steps up to the highest rate below the cap', () => {
    const svg = renderProgressTrend('t', title, 2021, [{ month: 12, executionRate: 1.1 }], MONTHLY).value;
    expect(svg.match(/class="grid"/g)).toHaveLength(6);
    expect(svg).not.toContain('off-scale');
  });

  it("draws the city's own time-progress curve, not always a straight line", () => {
    const timeLine = (curve: number[]) =>
      /class="line-time" points="([^"]+)"/.exec(renderProgressTrend('t', title, 2021, [], curve).value)?.[1];
    const checkpoints = timeProgressCurve({ checkpoints: { '6': 0.8, '12': 1 } }, 2021);
    expect(timeLine(checkpoints)).not.toBe(timeLine(MONTHLY));
    // June at 80% of the axis height (256 − 0.8 × 240), not at 50%.
    expect(timeLine(checkpoints)?.split(' ')[5]).toBe('348.7,64.0');
    expect(timeLine(MONTHLY)?.split(' ')[5]).toBe('348.7,136.0');
  });
});
