/**
 * Crash anywhere, retry converges (docs/contract.md §3, docs/pipeline.md "Crash anywhere"): for each
 * scenario, a dry run counts the AWS calls (S3 and DynamoDB together) that processing one
 * event makes; then, for EVERY k, a fresh copy of the same starting state processes the event
 * with the k-th call throwing (a Lambda dying there: the earlier calls happened, the later ones
 * never will), a render runs in between, and the same event is delivered again without faults.
 *
 * Checked for every crash point:
 * - the in-between render shows the old state or the new state of every period, never a mix
 *   (report.json compared whole: totals, sources, lines, roll-ups), and the key's status
 *   object is the old one or the new one;
 * - after the redelivery, what readers see equals the dry run's result: live lines per period,
 *   every report.json and lines.csv, reports/index.json, the status object; no line items of
 *   dead generations are left behind;
 * - groups the new state no longer uses are free again: another source can take them.
 * Crashing before call k and crashing after call k−1 leave the same state, so "before call k"
 * for k = 1..N plus "after call N" (everything written, the reply lost) covers every point.
 * GetObject bodies that break mid-stream are covered too: an I/O error is a retry, never a
 * rejection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusRecord } from '../../../functions/common/status-record';
import { type Emulators, startEmulators } from '../../support/emulators';
import { type ExportLine, exportCsv } from '../../support/export-csv';
import {
  type Observation,
  PipelineWorld,
  type PutResult,
  type WorldSnapshot,
} from '../../support/pipeline-world';

const NOV = { year: 2021, month: 11 };
const DEC = { year: 2021, month: 12 };

function groups(unitCode: string, projects: number[], scale: bigint): ExportLine[] {
  return projects.map((p) => ({
    unitCode,
    projectCode: `P${String(p).padStart(2, '0')}`,
    budgetFen: scale * BigInt(100 + p),
    spentThisMonthFen: scale * BigInt(p) - 5n,
    spentToDateFen: scale * BigInt(50 + p),
  }));
}
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const KEY_A = 'incoming/2021-11/单位 A.csv';
const KEY_B = 'incoming/2021-11/b.csv';
const KEY_C = 'incoming/2021-12/c.csv';

type Action = { kind: 'put'; key: string; body: string } | { kind: 'delete'; key: string };

interface Scenario {
  name: string;
  action: Action;
  /** A file that must be accepted once the scenario converged: it takes groups the new state freed. */
  probe: { key: string; body: string } | null;
}

const SCENARIOS: Scenario[] = [
  {
    // 27 groups: two BatchWrite chunks; groups P01/P02 are dropped, P05.. are new.
    name: 'replace a source with a wider version',
    action: { kind: 'put', key: KEY_A, body: exportCsv(NOV, groups('A', range(3, 29), 7n)) },
    probe: { key: 'incoming/probe.csv', body: exportCsv(NOV, groups('A', [1, 2], 1n)) },
  },
  {
    name: 'move a source to another period',
    action: { kind: 'put', key: KEY_A, body: exportCsv(DEC, groups('A', [1, 2, 3], 3n)) },
    probe: { key: 'incoming/probe.csv', body: exportCsv(NOV, groups('A', [1, 4], 1n)) },
  },
  {
    name: 'add a new source to a period',
    action: { kind: 'put', key: 'incoming/2021-12/d.csv', body: exportCsv(DEC, groups('D', [1, 2, 3], 5n)) },
    probe: null,
  },
  {
    name: 'delete a source',
    action: { kind: 'delete', key: KEY_A },
    probe: { key: 'incoming/probe.csv', body: exportCsv(NOV, groups('A', [1, 4], 1n)) },
  },
  {
    // Takes A9's groups, then meets B's P02 (sorted after them): rejected, and A9 released.
    name: 'reject a source that conflicts with another',
    action: {
      kind: 'put',
      key: 'incoming/2021-11/e.csv',
      body: exportCsv(NOV, [...groups('A9', [1, 2], 2n), ...groups('B', [2], 2n)]),
    },
    probe: { key: 'incoming/probe.csv', body: exportCsv(NOV, groups('A9', [1, 2], 1n)) },
  },
  {
    name: 'reject an invalid re-upload (the old data stays)',
    action: {
      kind: 'put',
      key: KEY_A,
      body: exportCsv(NOV, groups('A', [1, 2], 1n)).replace(',1.01,', ',1.0.1,'),
    },
    probe: null,
  },
];

/** What the status object says, without what differs between runs (times, sequencers). */
function statusView(status: StatusRecord | null) {
  if (status === null) return null;
  const { processedAt: _p, sequencer: _s, etag: _e, ...rest } = status;
  return rest;
}

let emulators: Emulators;
let template: PipelineWorld;
let start: WorldSnapshot;
let oldObservation: Observation;
const coverage: string[] = [];
let crashedDeliveries = 0;
let brokenBodies = 0;

beforeAll(async () => {
  emulators = await startEmulators({ buckets: [], tableName: 'unused' });
  template = await PipelineWorld.create(emulators, { site: 'memory' });
  await template.uploadSerially(KEY_A, exportCsv(NOV, groups('A', [1, 2, 3, 4], 11n)));
  await template.uploadSerially(KEY_B, exportCsv(NOV, groups('B', [1, 2], 13n)));
  await template.uploadSerially(KEY_C, exportCsv(DEC, groups('C', [1, 2], 17n)));
  oldObservation = await template.observe();
  start = await template.snapshot();
});

afterAll(async () => {
  console.log(
    `crash-injection: ${SCENARIOS.length} ingest scenarios, ${crashedDeliveries} crashed deliveries ` +
      `(${brokenBodies} with a GetObject body broken mid-stream), each followed by a render and a ` +
      `redelivery; crash points: ${coverage.join('; ')}`,
  );
  await emulators?.close();
});

async function apply(world: PipelineWorld, action: Action): Promise<PutResult> {
  return action.kind === 'put' ? world.put(action.key, action.body) : world.delete(action.key);
}

function eventOf(world: PipelineWorld, action: Action, change: PutResult): unknown {
  return action.kind === 'put' ? world.createdEvent(change) : world.removedEvent(change);
}

/** Renders what the status objects written so far trigger (S3 → SQS → render). */
async function renderNotified(world: PipelineWorld, notified: Set<string>): Promise<void> {
  if (notified.size === 0) return;
  const response = await world.renderKeys([...notified]);
  expect(response.batchItemFailures).toEqual([]);
  notified.clear();
}

// Every crash point builds a world and renders it several times, and each render draws the
// years' self-evaluation (.xlsx and .docx included): more than the default minute per scenario
// on a busy machine.
describe('a crash at every AWS call of a file’s processing, then a redelivery', { timeout: 300_000 }, () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: converges, and no render in between shows a mix`, async () => {
      // Prepare: the dry run gives the call count and the state every crash must converge to.
      const dry = await PipelineWorld.restore(emulators, start, { site: 'memory' });
      const notifiedDry = new Set<string>();
      dry.ingestFaults.onStatusWritten((key) => notifiedDry.add(key));
      const dryChange = await apply(dry, scenario.action);
      dry.ingestFaults.resetCount();
      expect(await dry.deliver([eventOf(dry, scenario.action, dryChange)])).toEqual({
        batchItemFailures: [],
      });
      const callCount = dry.ingestFaults.calls.length;
      const trace = dry.ingestFaults.calls.map((c) => c.operation).join(' ');
      await renderNotified(dry, notifiedDry);
      const newObservation = await dry.observe();
      const oldStatus = statusView(await template.status(scenario.action.key));
      const newStatus = statusView(await dry.status(scenario.action.key));
      await dry.dispose();
      expect(newObservation.staleLines).toEqual([]);
      const size = scenario.action.kind === 'put' ? Buffer.byteLength(scenario.action.body) : 0;

      type Fault =
        | { kind: 'crash'; at: number; timing: 'before' | 'after' }
        | { kind: 'body'; bytes: number };
      const faults: Fault[] = [
        ...range(1, callCount).map((at): Fault => ({ kind: 'crash', at, timing: 'before' })),
        { kind: 'crash', at: callCount, timing: 'after' },
        ...(scenario.action.kind === 'put'
          ? [1, Math.floor(size / 2), size - 1].map((bytes): Fault => ({ kind: 'body', bytes }))
          : []),
      ];

      let sawOld = 0;
      let sawNew = 0;
      for (const fault of faults) {
        const label =
          fault.kind === 'crash'
            ? `${fault.timing} call ${fault.at} of ${callCount}`
            : `body broken after ${fault.bytes} bytes`;
        const world = await PipelineWorld.restore(emulators, start, { site: 'memory' });
        const notified = new Set<string>();
        world.ingestFaults.onStatusWritten((key) => notified.add(key));
        const change = await apply(world, scenario.action);
        const event = eventOf(world, scenario.action, change);

        // Act: the crashed delivery, a render, the redelivery.
        world.ingestFaults.resetCount();
        if (fault.kind === 'crash') world.ingestFaults.armCrash(fault.at, fault.timing);
        else world.ingestFaults.armBrokenBody(fault.bytes);
        const crashed = await world.deliver([event]);
        world.ingestFaults.disarm();

        // Assess: the fault happened and failed the message (SQS will redeliver it).
        const fired =
          fault.kind === 'crash'
            ? world.ingestFaults.counters.crashes
            : world.ingestFaults.counters.brokenBodies;
        expect(fired, label).toBe(1);
        expect(crashed.batchItemFailures, label).toHaveLength(1);

        // Assess: a render now shows the old or the new state, whole, in every period.
        await world.renderAll();
        const between = await world.reports();
        const matchesOld = JSON.stringify(between) === JSON.stringify(oldObservation.reports);
        const matchesNew = JSON.stringify(between) === JSON.stringify(newObservation.reports);
        if (matchesOld) sawOld++;
        if (matchesNew) sawNew++;
        if (!matchesOld && !matchesNew) {
          expect({ label, reports: between }).toEqual({ label, reports: newObservation.reports });
        }
        const statusBetween = statusView(await world.status(scenario.action.key));
        expect([oldStatus, newStatus], label).toContainEqual(statusBetween);

        // Act: redelivery without faults, then the renders the status writes trigger.
        const retried = await world.deliver([event]);
        expect(retried.batchItemFailures, label).toEqual([]);
        await renderNotified(world, notified);

        // Assess: converged on the dry run's state.
        const converged = await world.observe();
        expect({ label, ...converged }).toEqual({ label, ...newObservation });
        expect(statusView(await world.status(scenario.action.key)), label).toEqual(newStatus);
        if (scenario.probe !== null) {
          const probe = await world.put(scenario.probe.key, scenario.probe.body);
          expect(await world.deliver([world.createdEvent(probe)]), label).toEqual({ batchItemFailures: [] });
          expect((await world.status(scenario.probe.key))?.status, `${label}: freed groups`).toBe('accepted');
        }
        await world.dispose();
        crashedDeliveries++;
        if (fault.kind === 'body') brokenBodies++;
      }
      // Both sides of the commit point were reached, so the in-between check had teeth.
      if (JSON.stringify(oldObservation.reports) !== JSON.stringify(newObservation.reports)) {
        expect(sawOld).toBeGreaterThan(0);
        expect(sawNew).toBeGreaterThan(0);
      }
      coverage.push(
        `${scenario.name}: 1..${callCount}+after, in-between render old ${sawOld}× / new ${sawNew}× [${trace}]`,
      );
    });
  }
});

describe('a crash at every AWS call of a render, then a redelivery', () => {
  it('the redelivered render leaves the site as a render without faults does', async () => {
    // Prepare: the old state rendered, then a source moved to another period and ingested.
    const scenario = SCENARIOS.find((s) => s.name.startsWith('move'));
    if (scenario === undefined || scenario.action.kind !== 'put') throw new Error('no move scenario');
    const action = scenario.action;
    // The s3rver site: its writes are calls that can crash too.
    const prepare = async () => {
      const world = await PipelineWorld.restore(emulators, start, { site: 's3' });
      await world.renderAll();
      const change = await world.put(action.key, action.body);
      expect(await world.deliver([world.createdEvent(change)])).toEqual({ batchItemFailures: [] });
      world.renderFaults.resetCount();
      return world;
    };
    const dry = await prepare();
    expect(await dry.renderKeys([action.key])).toEqual({ batchItemFailures: [] });
    const callCount = dry.renderFaults.calls.length;
    const renderTrace = dry.renderFaults.calls.map((c) => c.operation).join(' ');
    const expected = await dry.observe();
    await dry.dispose();

    for (let at = 1; at <= callCount; at++) {
      const world = await prepare();
      // Act: the render dies at call `at`; SQS hands the batch over again.
      world.renderFaults.armCrash(at, 'before');
      const crashed = await world.renderKeys([action.key]);
      world.renderFaults.disarm();
      const retried = await world.renderKeys([action.key]);

      // Assess
      expect(world.renderFaults.counters.crashes, `render crash at ${at}`).toBe(1);
      expect(crashed.batchItemFailures, `render crash at ${at}`).toHaveLength(1);
      expect(retried.batchItemFailures).toEqual([]);
      expect({ at, ...(await world.observe()) }).toEqual({ at, ...expected });
      await world.dispose();
    }
    coverage.push(`a render (site on s3rver): 1..${callCount} [${renderTrace}]`);
    // A crash point per call: a streamed render makes more of them (a query per source, the
    // live versions before and after, two objects per line page).
  }, 900_000);
});
