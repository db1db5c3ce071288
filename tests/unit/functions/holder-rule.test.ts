import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareClaimants, precedes, runBeganOf, runStartOf } from '../../../functions/common/holder-rule';

const at = (iso: string) => Date.parse(iso);

describe('the holder rule', () => {
  it('a run starts at its oldest version above the newest delete marker, in whole seconds', () => {
    const versions = [
      { deleteMarker: false, lastModified: at('2021-12-03T08:00:09.900Z') },
      { deleteMarker: false, lastModified: at('2021-12-02T08:00:05.400Z') },
      { deleteMarker: true, lastModified: at('2021-12-01T08:00:00.000Z') },
      { deleteMarker: false, lastModified: at('2021-11-01T08:00:00.000Z') },
    ];
    expect(runBeganOf(versions)).toBe('2021-12-02T08:00:05Z');
    // Removing the marker (an undelete) brings the old run back with its old start.
    expect(runBeganOf(versions.filter((v) => !v.deleteMarker))).toBe('2021-11-01T08:00:00Z');
    expect(runBeganOf(versions.slice(2))).toBeNull();
    expect(runStartOf(at('2021-12-03T08:00:09.999Z'))).toBe('2021-12-03T08:00:09Z');
  });

  it('the earlier run holds; in one second the smaller key; unknown starts first', () => {
    expect(
      precedes(
        { key: 'b', runBegan: '2021-12-01T00:00:00Z' },
        { key: 'a', runBegan: '2021-12-01T00:00:01Z' },
      ),
    ).toBe(true);
    expect(
      precedes(
        { key: 'a', runBegan: '2021-12-01T00:00:01Z' },
        { key: 'b', runBegan: '2021-12-01T00:00:01Z' },
      ),
    ).toBe(true);
    expect(precedes({ key: 'z', runBegan: null }, { key: 'a', runBegan: '2021-12-01T00:00:00Z' })).toBe(true);
  });

  it('is a total order: exactly one of two distinct claimants precedes, and order is transitive', () => {
    const claimant = fc.record({
      key: fc.constantFrom('incoming/a.csv', 'incoming/b.csv', 'incoming/c.csv', 'indicators/x.csv'),
      runBegan: fc.option(fc.constantFrom('2021-12-01T00:00:00Z', '2021-12-01T00:00:01Z'), { nil: null }),
    });
    fc.assert(
      fc.property(claimant, claimant, claimant, (a, b, c) => {
        if (a.key !== b.key) expect(precedes(a, b)).toBe(!precedes(b, a));
        if (compareClaimants(a, b) <= 0 && compareClaimants(b, c) <= 0) {
          expect(compareClaimants(a, c)).toBeLessThanOrEqual(0);
        }
      }),
    );
  });
});
