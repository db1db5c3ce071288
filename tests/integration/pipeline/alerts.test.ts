/**
 * Alerts end to end on the emulators (docs/contract.md §5.1): the real ingest and render handlers, the
 * alert ledger in the real table. A rejected version is announced once however often its
 * event comes; a warning is announced once per subject and level however often the period is
 * rendered, by this handler or by a fresh one; a failed delivery fails nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../shared/alerts/alert';
import { type Emulators, startEmulators } from '../../support/emulators';
import { exportCsv } from '../../support/export-csv';
import { PipelineWorld } from '../../support/pipeline-world';

let emulators: Emulators;
beforeAll(async () => {
  emulators = await startEmulators({ buckets: [], tableName: 'unused' });
});
afterAll(async () => {
  await emulators?.close();
});

const JUNE = { year: 2021, month: 6 };
const KEY = 'incoming/2021-06.csv';
/** One line spending `spentFen` of 1,000 yuan in June (time progress 50%). */
const june = (spentFen: bigint) =>
  exportCsv(JUNE, [
    {
      unitCode: 'U1',
      projectCode: 'P1',
      budgetFen: 100_000n,
      spentThisMonthFen: 0n,
      spentToDateFen: spentFen,
    },
  ]);
const BAD = `${june(20_000n).trimEnd()}\r\n2021,6,U1,单位U1,P2,项目P2,一级,一般公共预算,2081901,项目支出,abc,0.00,0.00\r\n`;

const kinds = (alerts: Alert[]) => alerts.map((a) => a.kind);

describe('upload-rejected', () => {
  it('is sent once per rejected content of a key, however often its event is delivered', async () => {
    const world = await PipelineWorld.create(emulators);
    try {
      const put = await world.put('incoming/bad.csv', BAD);
      const event = world.createdEvent(put);
      expect((await world.deliver([event])).batchItemFailures).toEqual([]);
      expect((await world.deliver([event])).batchItemFailures).toEqual([]); // redelivered
      await world.deliver([event, event]); // twice in one batch
      expect(kinds(world.alerts.alerts)).toEqual(['upload-rejected']);
      const [alert] = world.alerts.alerts;
      expect(alert?.details).toMatchObject({ key: 'incoming/bad.csv', period: '2021-06', errorCount: 1 });
      expect(alert?.text).toContain('上传文件被拒收：incoming/bad.csv（2021-06），共1处错误');
      expect(alert?.text).toContain('Upload rejected: incoming/bad.csv (2021-06), 1 error');
      expect(alert?.text).toContain('第3行');
      expect(alert?.link).toBe('uploads.html');

      // The same bytes uploaded again are no news; other bad content at the key is.
      await world.deliver([world.createdEvent(await world.put('incoming/bad.csv', BAD))]);
      expect(kinds(world.alerts.alerts)).toEqual(['upload-rejected']);
      await world.deliver([
        world.createdEvent(await world.put('incoming/bad.csv', BAD.replace('abc', 'xyz'))),
      ]);
      expect(kinds(world.alerts.alerts)).toEqual(['upload-rejected', 'upload-rejected']);
    } finally {
      await world.dispose();
    }
  });

  it('does not fail ingest when delivery fails, and a redelivery then sends it', async () => {
    const world = await PipelineWorld.create(emulators);
    try {
      const event = world.createdEvent(await world.put('incoming/bad.csv', BAD));
      world.alerts.failNext = 1;
      expect((await world.deliver([event])).batchItemFailures).toEqual([]);
      expect((await world.status('incoming/bad.csv'))?.status).toBe('rejected');
      expect(world.alerts.alerts).toEqual([]);
      await world.deliver([event]);
      expect(kinds(world.alerts.alerts)).toEqual(['upload-rejected']);
    } finally {
      await world.dispose();
    }
  });

  it('says nothing for accepted files', async () => {
    const world = await PipelineWorld.create(emulators);
    try {
      const event = world.createdEvent(await world.put(KEY, june(50_000n)));
      await world.deliver([event]);
      await world.deliver([event]);
      expect(world.alerts.alerts).toEqual([]);
    } finally {
      await world.dispose();
    }
  });
});

describe('new-warnings', () => {
  const subjectsOf = (alert: Alert | undefined) =>
    ((alert?.details.subjects ?? []) as { kind: string; level: string }[]).map((s) => `${s.kind}:${s.level}`);

  it('announces each line, unit and project once per level, across re-renders and fresh handlers', async () => {
    const world = await PipelineWorld.create(emulators);
    let restored: PipelineWorld | null = null;
    try {
      await world.uploadSerially(KEY, june(20_000n)); // 20% at 50%: red everywhere
      expect(kinds(world.alerts.alerts)).toEqual(['new-warnings']);
      expect(subjectsOf(world.alerts.alerts[0])).toEqual(['unit:red', 'project:red', 'line:red']);
      expect(world.alerts.alerts[0]?.link).toBe('reports/2021-06/bulletin.html');
      expect(await world.siteText('reports/2021-06/bulletin.html')).toContain('（一）红色预警');

      await world.renderKeys([KEY]);
      await world.renderAll();
      expect(world.alerts.alerts).toHaveLength(1);

      await world.uploadSerially(KEY, june(35_000n)); // 15 behind: yellow, a level not announced yet
      expect(world.alerts.alerts).toHaveLength(2);
      expect(subjectsOf(world.alerts.alerts[1])).toEqual(['unit:yellow', 'project:yellow', 'line:yellow']);

      await world.uploadSerially(KEY, june(50_000n)); // on time: nothing to say
      await world.uploadSerially(KEY, june(20_000n)); // red again: announced before
      expect(world.alerts.alerts).toHaveLength(2);

      // Another handler over the same table (a new Lambda instance, a retry elsewhere) knows too.
      restored = await PipelineWorld.restore(emulators, await world.snapshot());
      await restored.renderAll();
      expect(restored.alerts.alerts).toEqual([]);
    } finally {
      await restored?.dispose();
      await world.dispose();
    }
  });

  it('uses the city levels and floor, and survives a failing topic', async () => {
    const world = await PipelineWorld.create(emulators, {
      env: {
        CITY_SETTINGS: JSON.stringify({
          warningLevels: [{ level: 'red', lagPoints: 40 }],
          warningMinBudget: '2000',
        }),
      },
    });
    try {
      world.alerts.failNext = 1;
      const put = await world.put(KEY, june(0n)); // 50 behind, but 1,000 yuan is under the floor
      await world.deliver([world.createdEvent(put)]);
      expect((await world.renderKeys([KEY])).batchItemFailures).toEqual([]);
      expect(world.alerts.alerts).toEqual([]);
      expect(world.alerts.failNext).toBe(1); // nothing was even tried
    } finally {
      await world.dispose();
    }
  });

  it('does not fail the render when the topic refuses the alert', async () => {
    const world = await PipelineWorld.create(emulators);
    try {
      world.alerts.failNext = 1;
      const put = await world.put(KEY, june(20_000n));
      await world.deliver([world.createdEvent(put)]);
      expect((await world.renderKeys([KEY])).batchItemFailures).toEqual([]);
      expect(world.alerts.failNext).toBe(0);
      expect(await world.siteText('reports/2021-06/bulletin.html')).not.toBeNull();
      // Recorded before sending: a lost alert is not resent by later renders (never twice).
      await world.renderAll();
      expect(world.alerts.alerts).toEqual([]);
    } finally {
      await world.dispose();
    }
  });
});
