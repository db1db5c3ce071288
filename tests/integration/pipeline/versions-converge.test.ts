/**
 * docs/contract.md §3.1 on a versioned bucket (the stack's upload bucket is versioned; s3rver keeps no
 * versions, so a bucket model stands in for S3 while the table is dynalite): the live version
 * of a key is its newest valid version, whatever the order of events; deleting the current
 * version and removing a delete marker bring the older version back; `aws s3 mv` ends with the
 * data under the new key. Each case failed before ingest synced keys with S3's versions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../support/emulators';
import { type ExportLine, exportCsv } from '../../support/export-csv';
import { PipelineWorld } from '../../support/pipeline-world';
import { ModelUploadBucket, VersionedBucketModel } from '../../support/versioned-bucket';

const DEC = { year: 2021, month: 12 };
const line = (unitCode: string, budgetFen: bigint): ExportLine => ({
  unitCode,
  projectCode: 'P01',
  budgetFen,
  spentThisMonthFen: 100n,
  spentToDateFen: budgetFen / 2n,
});
const valid = (unitCode: string, budgetFen: bigint) => exportCsv(DEC, [line(unitCode, budgetFen)]);
const invalid = (unitCode: string) => valid(unitCode, 500n).replace(',5.00,', ',12.3.4,');

let emulators: Emulators;
beforeAll(async () => {
  emulators = await startEmulators({ buckets: [], tableName: 'unused' });
});
afterAll(async () => {
  await emulators?.close();
});

async function versionedWorld() {
  const model = new VersionedBucketModel('versioned-uploads');
  const uploads = new ModelUploadBucket(model);
  const world = await PipelineWorld.create(emulators, { site: 'memory', uploads });
  // The model's notifications name its bucket; the world's handler expects its own.
  const deliver = async (...changes: { event: unknown }[]) => {
    const events = changes.map((c) => retarget(c.event, world.uploadBucket));
    const response = await world.deliver(events);
    expect(response.batchItemFailures).toEqual([]);
  };
  /** Budget (fen) of each live key in 2021-12. */
  const live = async () => {
    const contents = (await world.store.readPeriods(['2021-12'])).get('2021-12');
    return Object.fromEntries((contents?.lines ?? []).map((l) => [l.sourceKey, l.amounts.budget]));
  };
  return { model, uploads, world, deliver, live };
}

function retarget(event: unknown, bucket: string): unknown {
  const copy = JSON.parse(JSON.stringify(event)) as { Records: { s3: { bucket: { name: string } } }[] };
  for (const record of copy.Records) record.s3.bucket.name = bucket;
  return copy;
}

const KEY = 'incoming/2021-12/u1.csv';

describe('the live version of a key is its newest valid version (versioned bucket)', () => {
  it('v1 accepted, then v2 (valid) and v3 (invalid): v2 is live even when v3 is handled first', async () => {
    const { model, deliver, live, uploads, world } = await versionedWorld();
    await deliver(model.put(KEY, valid('U1', 100n)));
    const v2 = model.put(KEY, valid('U1', 200n));
    const v3 = model.put(KEY, invalid('U1'));

    await deliver(v3);
    await deliver(v2);

    expect(await live()).toEqual({ [KEY]: 200n });
    // The status describes the newest version: rejected, with its error.
    expect(uploads.statuses.get(KEY)).toMatchObject({ status: 'rejected', versionId: v3.versionId });
    await world.dispose();
  });

  it('in order too: v3 rejected keeps v2', async () => {
    const { model, deliver, live, world } = await versionedWorld();
    await deliver(model.put(KEY, valid('U1', 100n)));
    await deliver(model.put(KEY, valid('U1', 200n)));
    await deliver(model.put(KEY, invalid('U1')));
    expect(await live()).toEqual({ [KEY]: 200n });
    await world.dispose();
  });

  it('deleting the current version by version id makes the previous one live again', async () => {
    const { model, deliver, live, uploads, world } = await versionedWorld();
    await deliver(model.put(KEY, valid('U1', 100n)));
    const v2 = model.put(KEY, valid('U1', 200n));
    await deliver(v2);
    expect(await live()).toEqual({ [KEY]: 200n });

    await deliver(model.deleteVersion(KEY, v2.versionId));

    expect(await live()).toEqual({ [KEY]: 100n });
    expect(uploads.statuses.get(KEY)).toMatchObject({ status: 'accepted' });
    await world.dispose();
  });

  it('removing a delete marker (undelete) makes the version under it live again', async () => {
    const { model, deliver, live, uploads, world } = await versionedWorld();
    await deliver(model.put(KEY, valid('U1', 100n)));
    const marker = model.delete(KEY);
    await deliver(marker);
    expect(await live()).toEqual({});
    expect(uploads.statuses.get(KEY)).toMatchObject({ status: 'deleted' });

    await deliver(model.deleteVersion(KEY, marker.versionId));

    expect(await live()).toEqual({ [KEY]: 100n });
    expect(uploads.statuses.get(KEY)).toMatchObject({ status: 'accepted' });
    await world.dispose();
  });

  it('deleting every valid version leaves nothing live, even below an invalid current one', async () => {
    const { model, deliver, live, world } = await versionedWorld();
    const v1 = model.put(KEY, valid('U1', 100n));
    await deliver(v1);
    await deliver(model.put(KEY, invalid('U1')));
    expect(await live()).toEqual({ [KEY]: 100n });
    await deliver(model.deleteVersion(KEY, v1.versionId));
    expect(await live()).toEqual({});
    await world.dispose();
  });
});

describe('moves converge (aws s3 mv = copy, then delete)', () => {
  const TO = 'incoming/2021-12/moved/u1.csv';

  it.each([
    ['copy handled first (it conflicts, then is re-checked)', false],
    ['delete handled first', true],
  ])('%s: the figures end up under the new key', async (_name, deleteFirst) => {
    const { model, deliver, live, uploads, world } = await versionedWorld();
    await deliver(model.put(KEY, valid('U1', 100n)));
    const [copy, removal] = model.move(KEY, TO);

    if (deleteFirst) {
      await deliver(removal);
      await deliver(copy);
    } else {
      await deliver(copy);
      expect(uploads.statuses.get(TO)).toMatchObject({ status: 'rejected' });
      await deliver(removal);
    }

    expect(await live()).toEqual({ [TO]: 100n });
    expect(uploads.statuses.get(TO)).toMatchObject({ status: 'accepted' });
    expect(uploads.statuses.get(KEY)).toMatchObject({ status: 'deleted' });
    await world.dispose();
  });

  it('both events in one batch, and delivered again: still moved', async () => {
    const { model, deliver, live, world } = await versionedWorld();
    await deliver(model.put(KEY, valid('U1', 100n)));
    const [copy, removal] = model.move(KEY, TO);
    await deliver(copy, removal);
    await deliver(removal, copy);
    expect(await live()).toEqual({ [TO]: 100n });
    await world.dispose();
  });
});

describe('a key kept out by several holders (one for each of its versions)', () => {
  const A = 'incoming/a.csv';
  const B = 'incoming/b.csv';
  const C = 'incoming/c.csv';

  it('is checked again when any of them lets go: its older version, kept out by the holder that left, goes live', async () => {
    const { model, deliver, live, uploads, world } = await versionedWorld();
    await deliver(model.put(A, valid('U1', 100n)));
    await deliver(model.put(C, valid('U2', 300n)));
    // b.csv v1 claims C's group, then v2 claims A's: each version is kept out by another holder.
    await deliver(model.put(B, valid('U2', 200n)));
    await deliver(model.put(B, valid('U1', 250n)));
    expect(await live()).toEqual({ [A]: 100n, [C]: 300n });

    await deliver(model.delete(C));

    // As `budget rebuild` has it: v2 still kept out by a.csv, v1 free, so v1 is live.
    expect(await live()).toEqual({ [A]: 100n, [B]: 200n });
    const status = uploads.statuses.get(B);
    expect(status).toMatchObject({ status: 'rejected', versionId: model.versionsOf(B)[0]?.versionId });
    expect(status?.errors[0]?.message).toContain(`held by ${A}`);
    await world.dispose();
  });
});

describe('a holder whose oldest version is deleted began later (the holder rule)', () => {
  const A = 'incoming/a.csv';
  const B = 'incoming/b.csv';

  it('gives the group back to the key it kept out, which now began first', async () => {
    const { model, deliver, live, uploads, world } = await versionedWorld();
    // a.csv's run begins with a November file; b.csv then takes a December group.
    const first = model.put(A, exportCsv({ year: 2021, month: 11 }, [line('U1', 50n)]));
    await deliver(first);
    await deliver(model.put(B, valid('U1', 200n)));
    // a.csv's correction claims the group: its run began first, so it displaces b.csv.
    await deliver(model.put(A, valid('U1', 100n)));
    // An invalid upload on top: the correction stays live below it.
    await deliver(model.put(A, invalid('U1')));
    expect(await live()).toEqual({ [A]: 100n });

    // Without its first version a.csv's run begins with the correction, after b.csv's; its live
    // version stays the same, but not its run start.
    await deliver(model.deleteVersion(A, first.versionId));

    // As `budget rebuild` has it: b.csv holds the group, nothing of a.csv is live (its status
    // describes its newest version, the invalid one).
    expect(await live()).toEqual({ [B]: 200n });
    expect(uploads.statuses.get(B)).toMatchObject({ status: 'accepted' });
    expect(uploads.statuses.get(A)).toMatchObject({
      status: 'rejected',
      versionId: model.versionsOf(A)[0]?.versionId,
    });
    await world.dispose();
  });
});
