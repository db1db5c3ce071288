/**
 * Nothing is lost at the limits (docs/contract.md §2.3, §3.1), on the local emulators: a key S3
 * accepts always gets a status, listed on the uploads page, however long its name; and a file
 * accepted once can be moved (copy, then delete: the copy is re-checked and written under the
 * longest generation id any path writes), while one that could not be is refused at upload,
 * naming the limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusKeyFor } from '../../../functions/common/object-key';
import { type Emulators, startEmulators } from '../../support/emulators';
import { exportCsv } from '../../support/export-csv';
import { PipelineWorld } from '../../support/pipeline-world';

const DECEMBER = { year: 2021, month: 12 };
const file = (projectCode: string) =>
  exportCsv(DECEMBER, [
    { unitCode: 'U1', projectCode, budgetFen: 100_000n, spentThisMonthFen: 0n, spentToDateFen: 10_000n },
  ]);

let emulators: Emulators;
let world: PipelineWorld;

beforeAll(async () => {
  emulators = await startEmulators({ buckets: [], tableName: 'unused' });
  world = await PipelineWorld.create(emulators);
});
afterAll(async () => {
  await world?.dispose();
  await emulators?.close();
});

describe('long keys and long codes', () => {
  const deepKey = `incoming/${Array.from({ length: 10 }, () => 'd'.repeat(99)).join('/')}/u.csv`;
  it.each([
    [
      'a 226-character file name (s3rver stores objects as files)',
      `incoming/${'x'.repeat(222)}.csv`,
      'accepted',
    ],
    // Too long for the table's sort keys too: refused, and the refusal is a status like any other.
    ['a key of over 1,012 bytes (its plain status key would pass 1,024)', deepKey, 'rejected'],
  ])('%s gets a status, with the key inside, and a row on the uploads page', async (_, key, verdict) => {
    expect(statusKeyFor(key)).toMatch(/^status\/by-hash\//);
    await world.uploadSerially(key, file('P1'));
    const status = await world.status(key);
    expect(status).toMatchObject({ key, status: verdict });
    expect(await world.siteText('uploads.html')).toContain(key);
    await world.remove(key);
    expect((await world.status(key))?.status).toBe('deleted');
  });

  it('a file accepted once can be moved; one whose code leaves no room for a re-check is refused, naming the limit', async () => {
    // LINE#incoming%2Fa.csv#<58-character generation>#U1#<code>#<一般公共预算, encoded>: 1,024 bytes at 885.
    const fits = 'C'.repeat(885);
    await world.uploadSerially('incoming/a.csv', file(fits));
    expect((await world.status('incoming/a.csv'))?.status).toBe('accepted');
    // aws s3 mv: a copy (kept out by a.csv), then the delete, which re-checks the copy.
    await world.uploadSerially('incoming/b.csv', file(fits));
    expect((await world.status('incoming/b.csv'))?.status).toBe('rejected');
    await world.remove('incoming/a.csv');
    expect((await world.status('incoming/b.csv'))?.status).toBe('accepted');
    const report = (await world.siteJson('reports/2021-12/report.json')) as { sources: { key: string }[] };
    expect(report.sources.map((source) => source.key)).toEqual(['incoming/b.csv']);

    await world.uploadSerially('incoming/c.csv', file('C'.repeat(900)));
    const refused = await world.status('incoming/c.csv');
    expect(refused?.status).toBe('rejected');
    expect(refused?.errors[0]?.message).toContain('1024');
    expect(refused?.errors[0]?.message).toContain('too long to store');
  });
});
