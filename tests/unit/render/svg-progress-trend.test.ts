/** The trend chart stays bounded whatever rate a legal file produces. */
import { describe, expect, it } from 'vitest';
import { renderProgressTrend } from '../../../shared/render/svg-progress-trend';

const title = { zh: '趋势', en: 'Trend' };

describe('progress trend chart', () => {
  it('caps the axis at 300% and marks points beyond it, with their true value', () => {
    const svg = renderProgressTrend('t', title, 2021, [
      { month: 4, executionRate: 0.3 },
      { month: 5, executionRate: 2_000_000_000 },
    ]).value;
    expect(svg.match(/class="grid"/g)).toHaveLength(13);
    expect(svg).toContain('class="dot-rate off-scale"');
    expect(svg).toContain('200000000000%');
    expect(svg.length).toBeLessThan(10_000);
  });

  it('keeps the 25% steps up to the highest rate below the cap', () => {
    const svg = renderProgressTrend('t', title, 2021, [{ month: 12, executionRate: 1.1 }]).value;
    expect(svg.match(/class="grid"/g)).toHaveLength(6);
    expect(svg).not.toContain('off-scale');
  });
});
