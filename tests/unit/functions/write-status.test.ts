/**
 * A status object is written either from the version's own issues (`detailOf`) or, on a
 * redelivery, from the head's summary. Both must read the same: a conflict found at commit
 * (whose message echoes a project code of any length) is capped like every other issue. The
 * version schedules found them apart (seed 2116358332: a 900-character project code).
 */
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, summarizeIssues } from '../../../functions/common/issue-bounds';
import { conflictIssue } from '../../../functions/ingest/conflict-issue';
import { detailOf } from '../../../functions/ingest/write-status';

describe('detailOf', () => {
  it('caps a conflict issue as the head summary does', () => {
    const group = { unitCode: 'U1', projectCode: 'L'.repeat(900), fundType: '一般公共预算' as const };
    const conflict = conflictIssue('2021-12', group, 'incoming/a.csv', '2021-12-01T00:00:01Z');
    expect(Buffer.byteLength(conflict.message)).toBeGreaterThan(MAX_MESSAGE_BYTES);
    const detail = detailOf({ errors: [conflict], warnings: [] });
    expect(Buffer.byteLength(detail.errors[0]?.message ?? '')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(detail.errors[0]?.message.endsWith('…')).toBe(true);
    expect(detail.errors).toEqual(summarizeIssues([conflict], 64 * 1024));
  });
});
