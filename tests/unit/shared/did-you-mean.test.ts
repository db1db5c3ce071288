import { describe, expect, it } from 'vitest';
import { closestName, didYouMean } from '../../../shared/did-you-mean';

describe('closestName', () => {
  const settings = ['alertEmails', 'lagThreshold', 'scoreWeight', 'warningLevels', 'site', 'id'];

  it('finds the setting a typo was meant to be: a missing letter, a swap, a wrong case', () => {
    expect(closestName('alertEmail', settings)).toBe('alertEmails');
    expect(closestName('lagTreshold', settings)).toBe('lagThreshold');
    expect(closestName('scoreWieght', settings)).toBe('scoreWeight');
    expect(closestName('WarningLevels', settings)).toBe('warningLevels');
    expect(closestName('uplod', ['validate', 'upload', 'rebuild'])).toBe('upload');
  });

  it('suggests nothing for another word, or for a short name that differs much', () => {
    expect(closestName('region2000', settings)).toBeUndefined();
    expect(closestName('xy', settings)).toBeUndefined();
    expect(closestName('mode', settings)).toBeUndefined();
    expect(didYouMean('bogus', ['validate', 'upload', 'rebuild'])).toBe('');
    expect(didYouMean('valdate', ['validate', 'upload', 'rebuild'])).toBe(
      ' (是否应为 / did you mean "validate"?)',
    );
  });
});
