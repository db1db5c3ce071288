import { describe, expect, it } from 'vitest';
import { groupedYuan, percent, periodLabel, wanOf, yuanToFen } from '../../../shared/render/display-format';

describe('display formats', () => {
  it('converts yuan strings exactly', () => {
    expect(yuanToFen('46233300.00')).toBe(4623330000n);
    expect(yuanToFen('-12.05')).toBe(-1205n);
    expect(() => yuanToFen('1.5')).toThrow();
    expect(groupedYuan('129653700.00')).toBe('129,653,700.00');
    expect(groupedYuan('-1200.00')).toBe('-1,200.00');
    expect(wanOf('46233300.00')).toBe('4623.33');
  });

  it('prints rates like the self-evaluation report', () => {
    expect(percent(1)).toBe('100%');
    expect(percent(0.9876)).toBe('98.76%');
    expect(percent(0.505)).toBe('50.5%');
    expect(percent(1.2)).toBe('120%');
    expect(percent(null)).toBe('—');
  });

  it('names periods in both languages', () => {
    expect(periodLabel({ year: 2021, month: 6 })).toEqual({ zh: '2021年6月', en: 'June 2021' });
  });
});
