/**
 * Randomized, seeded event schedules for the pipeline: what several sources upload, replace and
 * delete over time, and how S3 → SQS may deliver it (late, twice, out of order, in batches,
 * two Lambda instances at once, failed messages coming back), plus the final intended state
 * a clean serial run must reach.
 *
 * The upload bucket is unversioned, as s3rver is: a key serves only its latest bytes, and an
 * event for an older upload finds other bytes (ingest compares the event's ETag and leaves it
 * to the newer event). So the schedule interleaves the uploads themselves with the deliveries:
 * an event delivered before the next upload of its key still finds its own bytes.
 */
import { expect } from 'vitest';
import type { FundType } from '../../../shared/domain-types';
import { type ExportLine, exportCsv, fenText } from '../../support/export-csv';
import type { PipelineWorld, PutResult } from '../../support/pipeline-world';

type Period = { year: number; month: number };
const NOV: Period = { year: 2021, month: 11 };
const DEC: Period = { year: 2021, month: 12 };
const JAN: Period = { year: 2022, month: 1 };

export type KeyAction = { kind: 'put'; body: string; valid: boolean } | { kind: 'delete' };

export interface KeyPlan {
  key: string;
  /**
   * `holder` owns a group that `conflict` also reports; the conflicting source is uploaded
   * only once the holder's final version was processed, so it always loses (a race between
   * them has no single right answer, by design: first claim wins).
   */
  role: 'normal' | 'holder' | 'conflict';
  actions: KeyAction[];
}

export interface SchedulePlan {
  seed: number;
  keys: KeyPlan[];
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

function versionLines(random: Random, unitCode: string, required: string[]): ExportLine[] {
  const projects = new Set(required);
  const wanted = 1 + Math.floor(random() * 4);
  while (projects.size < wanted) projects.add(`P0${1 + Math.floor(random() * 5)}`);
  const funds: FundType[] = ['一般公共预算', '政府性基金预算'];
  return [...projects].sort().map((projectCode) => {
    const budgetFen = BigInt(Math.floor(random() * 1e9));
    return {
      unitCode,
      projectCode,
      fundType: projectCode === 'P05' ? pick(random, funds) : '一般公共预算',
      expenditureType: random() < 0.2 ? '基本支出' : '项目支出',
      budgetFen,
      spentThisMonthFen: BigInt(Math.floor(random() * 1e7)) - 2_000_000n,
      spentToDateFen: BigInt(Math.floor(random() * 1e9)),
    };
  });
}

/** A file the validator rejects: its first budget amount is not a number. */
function invalidate(body: string, lines: ExportLine[]): string {
  const first = lines[0];
  if (first === undefined) throw new Error('no line to invalidate');
  return body.replace(`,${fenText(first.budgetFen)},`, ',12.3.4,');
}

interface KeySpec {
  key: string;
  unitCode: string;
  periods: Period[];
  role: KeyPlan['role'];
  deletable: boolean;
}

const KEY_SPECS: KeySpec[] = [
  { key: 'incoming/2021-11/u1.csv', unitCode: 'U1', periods: [NOV, DEC], role: 'normal', deletable: false },
  { key: 'incoming/2021-11/u2.csv', unitCode: 'U2', periods: [NOV], role: 'holder', deletable: false },
  { key: 'incoming/2021-12/u3.csv', unitCode: 'U3', periods: [DEC], role: 'normal', deletable: true },
  {
    key: 'incoming/2021-12/名单 u4+.csv',
    unitCode: 'U4',
    periods: [DEC, NOV],
    role: 'normal',
    deletable: true,
  },
  {
    key: 'incoming/2022-01/u5.csv',
    unitCode: 'U5',
    periods: [JAN, DEC, NOV],
    role: 'normal',
    deletable: true,
  },
  { key: 'incoming/2022-01/u7.csv', unitCode: 'U7', periods: [JAN], role: 'normal', deletable: false },
  // U0 sorts before U2: it takes its own group first, then meets the held one, and must let go.
  {
    key: 'incoming/2021-11/conflict.csv',
    unitCode: 'U0',
    periods: [NOV],
    role: 'conflict',
    deletable: false,
  },
];

export const SOURCES_PER_SCHEDULE = KEY_SPECS.length;

export function planSchedule(seed: number, random: Random): SchedulePlan {
  const keys = KEY_SPECS.map((spec): KeyPlan => {
    if (spec.role === 'conflict') {
      const own = versionLines(random, spec.unitCode, ['P01']);
      const held = versionLines(random, 'U2', ['P01']).filter((line) => line.projectCode === 'P01');
      return {
        key: spec.key,
        role: spec.role,
        actions: [{ kind: 'put', body: exportCsv(NOV, [...own, ...held]), valid: true }],
      };
    }
    const versions = 1 + Math.floor(random() * 3);
    const actions: KeyAction[] = [];
    for (let v = 0; v < versions; v++) {
      const lines = versionLines(random, spec.unitCode, spec.role === 'holder' ? ['P01'] : []);
      const body = exportCsv(pick(random, spec.periods), lines);
      const last = v === versions - 1;
      const valid = last || random() >= 0.25;
      actions.push({ kind: 'put', body: valid ? body : invalidate(body, lines), valid });
    }
    if (spec.deletable) {
      const roll = random();
      if (roll < 0.35) actions.push({ kind: 'delete' });
      else if (roll < 0.55) actions.splice(Math.max(1, actions.length - 1), 0, { kind: 'delete' });
    }
    return { key: spec.key, role: spec.role, actions };
  });
  return { seed, keys };
}

export interface ScheduleStats {
  schedules: number;
  actions: number;
  events: number;
  deliveries: number;
  duplicateDeliveries: number;
  redeliveries: number;
  ingestBatches: number;
  concurrentSteps: number;
  renders: number;
  failedRenders: number;
  maxReceives: number;
}

export function emptyStats(): ScheduleStats {
  return {
    schedules: 0,
    actions: 0,
    events: 0,
    deliveries: 0,
    duplicateDeliveries: 0,
    redeliveries: 0,
    ingestBatches: 0,
    concurrentSteps: 0,
    renders: 0,
    failedRenders: 0,
    maxReceives: 0,
  };
}

interface Message {
  id: number;
  key: string;
  event: unknown;
  final: boolean;
  receives: number;
  duplicated: boolean;
}

export interface RunOptions {
  /** Deliver two batches at once now and then (two Lambda instances). */
  concurrency: boolean;
  /** A message failing this many times would land in the dead-letter queue: the test fails. */
  maxReceiveCount: number;
}

/**
 * Plays the plan against a world's real handlers. Status objects ingest writes queue render
 * runs (S3 → SQS → render); failed messages go back to the queue. Returns once every upload
 * was made and every queue is empty.
 */
export async function runSchedule(
  world: PipelineWorld,
  plan: SchedulePlan,
  random: Random,
  options: RunOptions,
  stats: ScheduleStats,
): Promise<void> {
  const remaining = new Map(plan.keys.map((k) => [k.key, [...k.actions]]));
  const holder = plan.keys.find((k) => k.role === 'holder');
  let holderSettled = holder === undefined;
  const pool: Message[] = [];
  const renderQueue = new Set<string>();
  world.ingestFaults.onStatusWritten((key) => renderQueue.add(key));
  let ids = 0;

  const eligible = () =>
    [...remaining.entries()]
      .filter(([key, actions]) => {
        if (actions.length === 0) return false;
        const role = plan.keys.find((k) => k.key === key)?.role;
        return role !== 'conflict' || holderSettled;
      })
      .map(([key]) => key);

  const act = async (key: string) => {
    const actions = remaining.get(key) ?? [];
    const action = actions.shift();
    if (action === undefined) return;
    stats.actions++;
    let change: PutResult;
    let event: unknown;
    if (action.kind === 'put') {
      change = await world.put(key, action.body);
      event = world.createdEvent(change);
    } else {
      change = await world.delete(key);
      event = world.removedEvent(change);
    }
    const message = { id: ++ids, key, event, final: actions.length === 0, receives: 0, duplicated: false };
    pool.push(message);
    stats.events++;
    // S3 delivers at least once: sometimes twice.
    if (random() < 0.2) {
      pool.push({ ...message, id: ++ids, duplicated: true });
      stats.duplicateDeliveries++;
    }
  };

  const takeBatch = (): Message[] => {
    const size = Math.min(pool.length, 1 + Math.floor(random() * 3));
    const batch: Message[] = [];
    for (let i = 0; i < size; i++) batch.push(...pool.splice(Math.floor(random() * pool.length), 1));
    return batch;
  };

  const deliver = async (batch: Message[]) => {
    stats.ingestBatches++;
    for (const message of batch) {
      message.receives++;
      stats.deliveries++;
      stats.maxReceives = Math.max(stats.maxReceives, message.receives);
      expect(message.receives, `message for ${message.key} would go to the DLQ`).toBeLessThanOrEqual(
        options.maxReceiveCount,
      );
    }
    const response = await world.deliver(batch.map((m) => m.event));
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    batch.forEach((message, i) => {
      // sqsBatch numbers messages from 1 within the batch.
      if ([...failed].some((id) => id.split('-').at(-1) === String(i + 1))) {
        pool.push(message);
        stats.redeliveries++;
        return;
      }
      if (message.final && holder !== undefined && message.key === holder.key) holderSettled = true;
      // SQS delivers at least once too: sometimes a processed message comes back.
      if (!message.duplicated && random() < 0.1) {
        pool.push({ ...message, id: ++ids, duplicated: true, receives: 0 });
        stats.duplicateDeliveries++;
      }
    });
  };

  const render = async () => {
    // An SQS batch of status notifications: some of the queued ones, in any order.
    const queued = [...renderQueue];
    const keys: string[] = [];
    const size = 1 + Math.floor(random() * queued.length);
    while (keys.length < size) keys.push(...queued.splice(Math.floor(random() * queued.length), 1));
    for (const key of keys) renderQueue.delete(key);
    stats.renders++;
    const response = await world.renderKeys(keys);
    if (response.batchItemFailures.length > 0) {
      stats.failedRenders++;
      for (const key of keys) renderQueue.add(key);
    }
  };

  for (;;) {
    const canAct = eligible();
    if (canAct.length === 0 && pool.length === 0 && renderQueue.size === 0) break;
    // Renders lag behind (SQS batching, one render at a time): several status changes of a
    // key often reach one render together.
    const options_ = [
      ...(canAct.length > 0 ? [['act', 4] as const] : []),
      ...(pool.length > 0 ? [['deliver', 5] as const] : []),
      ...(renderQueue.size > 0 ? [['render', 1] as const] : []),
    ];
    const total = options_.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = random() * total;
    let choice: 'act' | 'deliver' | 'render' = 'render';
    for (const [name, weight] of options_) {
      roll -= weight;
      if (roll < 0) {
        choice = name;
        break;
      }
    }
    if (choice === 'act') {
      await act(pick(random, canAct));
    } else if (choice === 'deliver') {
      if (options.concurrency && pool.length >= 2 && random() < 0.15) {
        stats.concurrentSteps++;
        const first = takeBatch();
        const second = pool.length > 0 ? takeBatch() : [];
        if (second.length === 0) {
          await deliver(first);
          continue;
        }
        await Promise.all([deliver(first), deliver(second)]);
      } else {
        await deliver(takeBatch());
      }
    } else {
      await render();
    }
  }
  stats.schedules++;
}
