/**
 * The order the commit protocol relies on (docs/pipeline.md, "Re-checks"): a re-check's stamp
 * is above the stamp it follows and below any later S3 event of the key, and a generation's
 * stamp part is what cleanup compares.
 */
import { describe, expect, it } from 'vitest';
import {
  generationId,
  normalizeSequencer,
  recheckStamp,
  stampOfGeneration,
} from '../../../functions/common/sequencer';

describe('re-check stamps', () => {
  const s = normalizeSequencer('0061D4FF2F3C9A1C28');
  const next = normalizeSequencer('0061D4FF2F3C9A1C29');
  const longer = normalizeSequencer('0061D4FF2F3C9A1C2800000001');

  it('sit above the stamp they follow and below any later event, however many follow', () => {
    let stamp = s;
    for (let i = 1; i <= 12; i++) {
      const recheck = recheckStamp(stamp);
      expect(recheck > stamp).toBe(true);
      expect(recheck < next).toBe(true);
      expect(recheck < longer).toBe(true);
      expect(recheck.endsWith(String(i).padStart(8, '0'))).toBe(true);
      stamp = recheck;
    }
  });

  it('are the same for the same recorded stamp (two concurrent re-checks act as one delivery twice)', () => {
    expect(recheckStamp(s)).toBe(recheckStamp(s));
  });
});

describe('generation ids', () => {
  it('are the stamp for the event’s own version and stamp~tag otherwise; the stamp reads back', () => {
    const s = normalizeSequencer('0055AED6DCD90281E5');
    expect(generationId(s, null)).toBe(s);
    expect(generationId(s, 'abcd')).toBe(`${s}~abcd`);
    expect(stampOfGeneration(generationId(s, 'abcd'))).toBe(s);
    expect(stampOfGeneration(generationId(recheckStamp(s), 'ef'))).toBe(recheckStamp(s));
  });
});
