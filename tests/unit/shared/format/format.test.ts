import { describe, expect, it } from 'vitest';
import {
  formatPoints,
  formatWan,
  formatYuan,
  groupedYuan,
  localTime,
  percent,
  periodLabel,
  quoteZh,
  sentencePercent,
  yuanAndWan,
  yuanToFen,
} from '../../../../shared/format';

describe('fen ↔ yuan', () => {
  it.each([
    [4623330000n, '46233300.00'],
    [-1200n, '-12.00'],
    [0n, '0.00'],
    [5n, '0.05'],
    [-5n, '-0.05'],
    [12965370000n, '129653700.00'],
  ])('%s fen ↔ %s', (fen, yuan) => {
    expect(formatYuan(fen)).toBe(yuan);
    expect(yuanToFen(yuan)).toBe(fen);
  });

  it('refuses what is not a two-place yuan string', () => {
    expect(() => yuanToFen('1.5')).toThrow();
    expect(() => yuanToFen('1,000.00')).toThrow();
  });
});

describe('printed amounts', () => {
  it('元 with thousands separators and two places, from fen or a yuan string', () => {
    expect(groupedYuan('129653700.00')).toBe('129,653,700.00');
    expect(groupedYuan(12965370000n)).toBe('129,653,700.00');
    expect(groupedYuan('-1200.00')).toBe('-1,200.00');
    expect(groupedYuan(5n)).toBe('0.05');
  });

  it.each([
    [4623330000n, '4623.33'],
    [6432700000n, '6432.70'],
    [11_580_800_000n, '11580.80'],
    [1_000_000_000n, '1000.00'],
    [100000000n, '100.00'],
    [0n, '0.00'],
    [-1200000n, '-1.20'],
    // Not exact in 万元 with two decimals: half up on the magnitude.
    [4623335000n, '4623.34'],
    [4623334999n, '4623.33'],
    [-4623335000n, '-4623.34'],
    [4999n, '0.00'],
    [5000n, '0.01'],
  ])('%s fen → %s 万元, always two decimals', (fen, text) => {
    expect(formatWan(fen)).toBe(text);
    expect(formatWan(formatYuan(fen))).toBe(text);
  });

  it('both units for the CLI', () => {
    expect(yuanAndWan('129653700.00')).toBe('129,653,700.00 元 (12965.37 万元)');
  });
});

describe('printed rates and points', () => {
  it.each([
    [1, '100.00%'],
    [0.985, '98.50%'],
    [0.9877, '98.77%'],
    [0.0833, '8.33%'],
    [0, '0.00%'],
    [1.3, '130.00%'],
    [-0.05, '-5.00%'],
  ])('rate %s → %s', (rate, text) => {
    expect(percent(rate)).toBe(text);
  });

  it('prints — for a rate that cannot be computed', () => {
    expect(percent(null)).toBe('—');
  });

  it('sentences print a whole percentage only when it is exact', () => {
    expect(sentencePercent(1, 4623330000n, 4623330000n)).toBe('100%');
    expect(sentencePercent(0.75, 3n, 4n)).toBe('75%');
    expect(sentencePercent(0.985, 985n, 1000n)).toBe('98.50%');
    // 0.75 published, but 7501/10000 is not exactly 75%.
    expect(sentencePercent(0.7501, 7501n, 10000n)).toBe('75.01%');
    expect(sentencePercent(0.9999, 9_999_500n, 10_000_000n)).toBe('99.99%');
  });

  it.each([
    [-2.85, '-2.85'],
    [3, '3.00'],
    [0, '0.00'],
    [11, '11.00'],
    [-32, '-32.00'],
    [7.86, '7.86'],
  ])('百分点 %s → %s', (points, text) => {
    expect(formatPoints(points)).toBe(text);
  });
});

describe('names and times', () => {
  it('names periods in both languages', () => {
    expect(periodLabel({ year: 2021, month: 6 })).toEqual({ zh: '2021年6月', en: 'June 2021' });
  });

  it('writes a moment in the city time zone, to the minute', () => {
    expect(localTime('2026-12-06T06:05:26.561Z')).toEqual({
      zh: '2026年12月6日 14:05',
      en: '6 December 2026, 14:05',
    });
    expect(localTime('2026-12-31T16:30:00Z', 'Asia/Shanghai').zh).toBe('2027年1月1日 00:30');
    expect(localTime('2026-07-01T12:00:00Z', 'Europe/Berlin').zh).toBe('2026年7月1日 14:00');
    expect(localTime('not a date')).toEqual({ zh: 'not a date', en: 'not a date' });
  });

  it('nests a quoted name inside Chinese quotes the GB/T 15834 way', () => {
    expect(quoteZh('“双百工程”社会工作服务站建设')).toBe('“‘双百工程’社会工作服务站建设”');
    expect(quoteZh('最低生活保障')).toBe('“最低生活保障”');
  });
});
