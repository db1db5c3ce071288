/**
 * How many threads `budget validate` gives a workbook by default (shared/xlsx/workbook-threads.ts):
 * two only with 3.5 CPUs free (both threads scan while two inflaters run; on 2 CPUs one thread
 * was as fast, with less memory), else one.
 */
import { describe, expect, it } from 'vitest';
import { workbookThreadsFor } from '../../../../shared/xlsx/workbook-threads';

describe('workbookThreadsFor', () => {
  it('gives two threads only with 3.5 CPUs free', () => {
    expect(workbookThreadsFor(2, 0)).toBe(1);
    expect(workbookThreadsFor(3, 0)).toBe(1);
    expect(workbookThreadsFor(4, 0)).toBe(2);
    expect(workbookThreadsFor(4, 0.5)).toBe(2);
    expect(workbookThreadsFor(4, 0.6)).toBe(1);
    expect(workbookThreadsFor(8, 4)).toBe(2);
    expect(workbookThreadsFor(8, 5)).toBe(1);
  });
});
