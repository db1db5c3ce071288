import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORING, type ScoringSettings } from '../../../../shared/city-settings';
import { parseDecimal, type Ratio, toHundredths } from '../../../../shared/rational';
import { gradeOf } from '../../../../shared/self-evaluation/grade';
import type { IndicatorValues } from '../../../../shared/self-evaluation/indicator-set';
import { parseQualitative } from '../../../../shared/self-evaluation/qualitative';
import { scoreIndicator } from '../../../../shared/self-evaluation/score-indicator';

function dec(text: string): Ratio {
  const value = parseDecimal(text);
  if (value === null) throw new Error(`not a decimal: ${text}`);
  return value;
}

function numeric(operator: '≥' | '≤' | '=', target: string, actual: string): IndicatorValues {
  return { operator, target: dec(target), actual: dec(actual), targetText: target, actualText: actual };
}

/** A 定性 value as the file's cell is read. */
function qualitative(actual: string): IndicatorValues {
  const judgement = parseQualitative(actual);
  if (judgement === null) throw new Error(`not a judgement: ${actual}`);
  return { operator: '定性', target: '有效保障', actual, ...judgement };
}

const points = (values: IndicatorValues, weight: string, scoring: ScoringSettings = DEFAULT_SCORING) => {
  const { met, pointsHundredths } = scoreIndicator(values, dec(weight), scoring);
  return { met, points: Number(pointsHundredths) / 100 };
};

describe('scoreIndicator (docs/contract.md §4.2)', () => {
  it.each([
    // operator, target, actual, weight, met, points
    ['≥', '100', '100', '20', true, 20],
    ['≥', '100', '120', '20', true, 20],
    ['≥', '100', '95', '20', false, 19],
    ['≥', '3', '2', '10', false, 6.67], // 6.666… half up
    ['≥', '3', '1', '10', false, 3.33],
    ['≥', '12000', '11999', '20', false, 20], // 19.99833… → 20.00 but not met
    ['≥', '0', '-1', '10', false, 0],
    ['≤', '3', '2', '15', true, 15],
    ['≤', '3', '3', '15', true, 15],
    ['≤', '3', '4', '15', false, 11.25],
    ['≤', '2', '3', '10', false, 6.67],
    ['=', '100', '100', '15', true, 15],
    ['=', '100', '90', '15', false, 13.5],
    ['=', '100', '110', '15', false, 13.5],
    ['=', '100', '250', '15', false, 0], // max(0, 1 − 1.5)
    ['=', '0', '1', '15', false, 0],
    ['≥', '98.5', '98.4', '10', false, 9.99], // 9.98984… exact, no float drift
  ] as const)(
    '%s target %s actual %s weight %s → met %s, %s points',
    (operator, target, actual, weight, met, expected) => {
      expect(points(numeric(operator, target, actual), weight)).toEqual({ met, points: expected });
    },
  );

  it('rounds half up exactly at the boundary: 0.005 → 0.01, where a double would give 0.00', () => {
    // weight 0.5 × 1/100 = 0.005 exactly
    expect(points(numeric('≥', '100', '1'), '0.5').points).toBe(0.01);
    // 1.005 × 1 (weight 1.005 is not a valid weight in a file, but the rounding rule holds)
    expect(toHundredths(dec('1.005'))).toBe(101n);
    expect(toHundredths(dec('2.675'))).toBe(268n); // Math.round(2.675 * 100) / 100 gives 2.67
  });

  it.each([
    ['达成', true, 20],
    ['基本达成', false, 16],
    ['部分达成', false, 12],
    ['未达成', false, 0],
  ] as const)('定性 %s → met %s, %s of 20 points', (rating, met, expected) => {
    expect(points(qualitative(rating), '20')).toEqual({ met, points: expected });
  });

  it('定性 shares of an odd weight are rounded half up: 80% of 12.5 = 10, 60% of 7.5 = 4.5, 80% of 0.07 = 0.06', () => {
    expect(points(qualitative('基本达成'), '12.5').points).toBe(10);
    expect(points(qualitative('部分达成'), '7.5').points).toBe(4.5);
    expect(points(qualitative('基本达成'), '0.07').points).toBe(0.06);
  });
});

describe('scoring options (city setting `scoring`, docs/contract.md §4.2)', () => {
  const bands: ScoringSettings = { ...DEFAULT_SCORING, qualitative: 'bands' };

  it.each([
    ['优', true, 10],
    ['良', false, 8],
    ['中', false, 6],
    ['差', false, 0],
    ['良 8.5', false, 8.5], // the officer's points within band 1
    ['部分达成（7分）', false, 7],
    ['85%', false, 8.5], // a share of the points
    ['10', true, 10],
  ] as const)('定性 %s of 10 points → met %s, %s', (actual, met, expected) => {
    expect(points(qualitative(actual), '10')).toEqual({ met, points: expected });
  });

  it('"bands" scores a rating without the officer\'s points at its band\'s lowest share and says so', () => {
    const missing = scoreIndicator(qualitative('基本达成'), dec('10'), bands);
    expect(missing).toMatchObject({ pointsHundredths: 800n, scoreMissing: true });
    expect(scoreIndicator(qualitative('达成'), dec('10'), bands).scoreMissing).toBe(false);
    expect(scoreIndicator(qualitative('良 9'), dec('10'), bands)).toMatchObject({
      pointsHundredths: 900n,
      scoreMissing: false,
    });
    expect(scoreIndicator(qualitative('基本达成'), dec('10')).scoreMissing).toBe(false); // default: rating
  });

  it('flags an actual beyond 1.2 × target (≥) or under target ÷ 1.2 (≤); deducts only when the city says', () => {
    const over = scoreIndicator(numeric('≥', '100', '121'), dec('20'));
    expect(over).toMatchObject({ met: true, overAchieved: true, pointsHundredths: 2000n });
    expect(scoreIndicator(numeric('≥', '100', '120'), dec('20')).overAchieved).toBe(false); // exactly 1.2: not beyond
    expect(scoreIndicator(numeric('≤', '3', '2'), dec('15')).overAchieved).toBe(true); // 2 × 1.2 < 3
    expect(scoreIndicator(numeric('≤', '3', '2.5'), dec('15')).overAchieved).toBe(false);
    const deducting: ScoringSettings = {
      ...DEFAULT_SCORING,
      overAchievement: { factor: 1.5, deductionPercent: 10 },
    };
    expect(scoreIndicator(numeric('≥', '100', '121'), dec('20'), deducting).overAchieved).toBe(false);
    expect(scoreIndicator(numeric('≥', '100', '151'), dec('20'), deducting)).toMatchObject({
      overAchieved: true,
      pointsHundredths: 1800n, // 20 − 10%
    });
  });

  it('reverse indicators missed: target ÷ actual by default, or the deviation rule', () => {
    const deviation: ScoringSettings = { ...DEFAULT_SCORING, reverseRule: 'deviation' };
    expect(points(numeric('≤', '3', '4'), '15')).toEqual({ met: false, points: 11.25 }); // 15 × 3/4
    expect(points(numeric('≤', '3', '4'), '15', deviation)).toEqual({ met: false, points: 10 }); // 15 × (1 − 1/3)
    expect(points(numeric('≤', '3', '7'), '15', deviation)).toEqual({ met: false, points: 0 }); // never below 0
  });
});

describe('gradeOf', () => {
  it.each([
    [10000n, '优'],
    [9000n, '优'],
    [8999n, '良'],
    [8000n, '良'],
    [7999n, '中'],
    [6000n, '中'],
    [5999n, '差'],
    [0n, '差'],
  ] as const)('%s hundredths → %s', (score, grade) => {
    expect(gradeOf(score)).toBe(grade);
  });
});

describe('parseDecimal', () => {
  it.each([
    ['95', 95n, 1n],
    ['98.5', 197n, 2n],
    ['1,234.5', 2469n, 2n],
    ['９５', 95n, 1n],
    ['95%', 95n, 1n],
    ['-3', -3n, 1n],
  ])('%s', (text, num, den) => {
    expect(parseDecimal(text)).toEqual({ num, den });
  });

  it.each(['', 'abc', '1.2.3', '12,34', '≥95', '1e3'])('rejects %j', (text) => {
    expect(parseDecimal(text)).toBeNull();
  });
});
