/**
 * What ingest writes on one DynamoDB table (`PipelineWriter`; layout in docs/pipeline.md), on
 * top of the reader render uses. No transactions (the local emulator has none): every guarantee
 * rests on single-item conditional writes, the head's conditional update being the one commit
 * point, and cleanup that is idempotent.
 */
import { UpdateItemCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { DEFAULT_WRITE_CONCURRENCY } from '../../../shared/city-settings';
import type { GroupLine } from '../../../shared/domain-types';
import type { IndicatorSet } from '../../../shared/self-evaluation/indicator-set';
import type { BackoffPolicy } from '../../common/backoff';
import { MAX_GENERATION_ID_LENGTH, stampOfGeneration } from '../../common/sequencer';
import type { PeriodLease } from '../period-lease';
import type { PipelineWriter } from '../pipeline-writer';
import {
  type CommitVersion,
  DISPLACED_GEN,
  type Displacement,
  type GenerationRef,
  type GroupConflict,
  type GroupKey,
  type HeadWrite,
  type ReconcileSummary,
  type RecordOptions,
  type VersionOutcome,
  type Waiter,
} from '../source-head';
import { type Item, NULL, num, str, stringSet, strOrNull } from './attribute-values';
import { batchWriteAll } from './batch-write';
import { isConditionFailure } from './condition-failure';
import { DynamoDbPipelineReader, type DynamoDbPipelineReaderOptions } from './dynamodb-pipeline-reader';
import { findGroupHolders, POINT_LOOKUP_LIMIT } from './group-conflicts';
import { BLOCKER_ATTRIBUTES, issuesValue } from './head-item';
import {
  ACTIVE_REMOVED,
  blockerUpdate,
  NEWER_WINS,
  namesOf,
  outcomeValues,
  removeList,
  setClause,
} from './head-writes';
import { indicatorSetItem } from './indicator-set-item';
import {
  generationLinesPrefix,
  generationToken,
  HEADS_PK,
  lineSk,
  MAX_SORT_KEY_BYTES,
  periodPk,
} from './item-keys';
import { sortKeyOf } from './item-schemas';
import { lineItem } from './line-item';
import { DEFAULT_LEASE_MS, DEFAULT_LEASE_WAIT, DynamoDbPeriodLeases } from './period-leases';
import { queryPages } from './query-all';
import { DynamoDbWaitingNotes } from './waiting-notes';

export { UnstableReadError } from './dynamodb-pipeline-reader';

export interface DynamoDbPipelineStoreOptions extends DynamoDbPipelineReaderOptions {
  /** BatchWriteItem calls in flight at once (the city's `writeConcurrency`). @default DEFAULT_WRITE_CONCURRENCY */
  writeConcurrency?: number;
  /** Lifetime of a period lease; at least the ingest function's timeout. @default 15 minutes */
  leaseMs?: number;
  /** How long to wait for a period lease another version holds. @default up to about 20 s */
  leaseWait?: BackoffPolicy;
  /** Clock for lease expiry, in epoch milliseconds. @default Date.now */
  now?: () => number;
  /**
   * A conflict check looks up at most this many line keys (file groups × other live keys in
   * the period) one by one; beyond, it reads the period's lines of other keys. @default 1000
   */
  conflictLookupLimit?: number;
}

export class DynamoDbPipelineStore extends DynamoDbPipelineReader implements PipelineWriter {
  private readonly writeConcurrency: number;
  private readonly leases: DynamoDbPeriodLeases;
  private readonly conflictLookupLimit: number;
  private readonly waiting: DynamoDbWaitingNotes;

  constructor(options: DynamoDbPipelineStoreOptions) {
    super(options);
    this.writeConcurrency = options.writeConcurrency ?? DEFAULT_WRITE_CONCURRENCY;
    this.conflictLookupLimit = options.conflictLookupLimit ?? POINT_LOOKUP_LIMIT;
    this.waiting = new DynamoDbWaitingNotes(options.client, options.tableName);
    this.leases = new DynamoDbPeriodLeases({
      client: options.client,
      tableName: options.tableName,
      leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
      wait: options.leaseWait ?? DEFAULT_LEASE_WAIT,
      now: options.now ?? Date.now,
    });
  }

  storageProblem(key: string, groups: GroupKey[]): string | null {
    // A loop, not Math.max(...groups): spreading hundreds of thousands of arguments overflows
    // the stack.
    let longest = Buffer.byteLength(key);
    // The longest generation any path may write these lines under (a re-check of an older version).
    const gen = 'F'.repeat(MAX_GENERATION_ID_LENGTH);
    for (const group of groups) longest = Math.max(longest, Buffer.byteLength(lineSk(key, gen, group)));
    if (longest <= MAX_SORT_KEY_BYTES) return null;
    return (
      `对象键或单位/项目编码过长，无法存储：编码后 ${longest} 字节，超过 DynamoDB 排序键上限 ${MAX_SORT_KEY_BYTES} 字节` +
      '（含移动、重新检查时所需的版本标记）；请缩短文件名或编码 / ' +
      'the object key or a unit/project code is too long to store: ' +
      `${longest} bytes once encoded, over DynamoDB's sort-key limit of ${MAX_SORT_KEY_BYTES} bytes ` +
      '(room kept for the version tag a move or re-check writes); shorten the file name or the code'
    );
  }

  async recordRejection(outcome: VersionOutcome, options: RecordOptions = {}): Promise<HeadWrite> {
    const blocker = blockerUpdate(options.blockedBy);
    const set = setClause({ ...outcomeValues(outcome, 'rejected'), ...blocker.set });
    const removed = ['statusSequencer', ...blocker.remove, ...(options.retract ? ACTIVE_REMOVED : [])];
    // A retraction moves the live period away like a deletion does (render hint).
    const previous = options.retract ? ', #previousPeriod = if_not_exists(#activePeriod, :none)' : '';
    const removeActive = options.retract ? ', #activePeriod' : '';
    return this.updateHeadIfNewer(outcome.key, {
      UpdateExpression: `SET ${set.clause}${previous} REMOVE ${removeList(removed)}${removeActive}`,
      ExpressionAttributeNames: {
        ...set.names,
        ...namesOf(removed),
        ...(options.retract ? { '#previousPeriod': 'previousPeriod', '#activePeriod': 'activePeriod' } : {}),
      },
      ExpressionAttributeValues: { ...set.values, ...(options.retract ? { ':none': NULL } : {}) },
    });
  }

  async registerGeneration(key: string, generation: GenerationRef): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: str(HEADS_PK), sk: str(key) },
        UpdateExpression: 'ADD #generations :generation',
        ExpressionAttributeNames: { '#generations': 'generations' },
        ExpressionAttributeValues: { ':generation': stringSet([generationToken(generation)]) },
      }),
    );
  }

  acquirePeriodLease(period: string, key: string, gen: string): Promise<PeriodLease> {
    return this.leases.acquire(period, key, gen);
  }

  releasePeriodLease(lease: PeriodLease): Promise<void> {
    return this.leases.release(lease);
  }

  releaseLeaseOf(period: string, key: string, gen: string): Promise<void> {
    return this.leases.releaseHeldBy(period, key, gen);
  }

  findHolders(key: string, period: string, groups: GroupKey[]): Promise<GroupConflict[]> {
    return findGroupHolders(
      {
        client: this.client,
        tableName: this.tableName,
        backoff: this.backoff,
        lookupLimit: this.conflictLookupLimit,
      },
      key,
      period,
      groups,
    );
  }

  async putLines(key: string, gen: string, period: string, lines: GroupLine[]): Promise<void> {
    await batchWriteAll(
      this.client,
      this.tableName,
      lines,
      (line): WriteRequest => ({ PutRequest: { Item: lineItem(key, gen, period, line) } }),
      this.backoff,
      this.writeConcurrency,
    );
  }

  async putIndicatorSets(key: string, gen: string, period: string, sets: IndicatorSet[]): Promise<void> {
    await batchWriteAll(
      this.client,
      this.tableName,
      sets,
      (set): WriteRequest => ({ PutRequest: { Item: indicatorSetItem(key, gen, period, set) } }),
      this.backoff,
      this.writeConcurrency,
    );
  }

  async commitVersion(outcome: CommitVersion, options: RecordOptions = {}): Promise<HeadWrite> {
    const gen = outcome.gen ?? outcome.sequencer;
    // The status fields describe the newest version; when that one was rejected and an older
    // one goes live, it is `options.latest` (same stamp), and the flip records both at once.
    const latest = options.latest ?? outcome;
    const blocker = blockerUpdate(options.blockedBy);
    const set = setClause({
      ...outcomeValues(
        { ...latest, sequencer: outcome.sequencer },
        latest === outcome ? 'accepted' : 'rejected',
      ),
      ...blocker.set,
      activeGen: str(gen),
      activePeriod: str(outcome.period),
      activeRows: num(outcome.rows),
      activeSha256: str(outcome.sha256),
      activeCommittedAt: str(outcome.processedAt),
      activeVersionId: strOrNull(outcome.versionId),
    });
    const removed = ['statusSequencer', ...blocker.remove];
    return this.updateHeadIfNewer(outcome.key, {
      // The right-hand side of SET reads the item as it was before this update.
      UpdateExpression:
        `SET ${set.clause}, #previousPeriod = if_not_exists(#activePeriod, :none) ` +
        `ADD #generations :generation REMOVE ${removeList(removed)}`,
      ExpressionAttributeNames: {
        ...set.names,
        '#previousPeriod': 'previousPeriod',
        '#generations': 'generations',
        ...namesOf(removed),
      },
      ExpressionAttributeValues: {
        ...set.values,
        ':none': NULL,
        ':generation': stringSet([generationToken({ period: outcome.period, gen })]),
      },
    });
  }

  async displace(displacement: Displacement): Promise<HeadWrite> {
    const { holder, sequencer, gen, period, by } = displacement;
    const blocker = blockerUpdate([{ key: by, gen: DISPLACED_GEN, period, runBegan: null }]);
    const set = setClause(blocker.set);
    const removed = [...ACTIVE_REMOVED, ...blocker.remove];
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: str(HEADS_PK), sk: str(holder) },
          UpdateExpression:
            `SET ${set.clause}, #previousPeriod = #activePeriod ` +
            `REMOVE #activePeriod, ${removeList(removed)}`,
          ConditionExpression: '#sequencer = :sequencer AND #activeGen = :gen AND #activePeriod = :period',
          ExpressionAttributeNames: {
            ...set.names,
            ...namesOf(removed),
            '#previousPeriod': 'previousPeriod',
            '#activePeriod': 'activePeriod',
            '#sequencer': 'sequencer',
          },
          ExpressionAttributeValues: {
            ...set.values,
            ':sequencer': str(sequencer),
            ':gen': str(gen),
            ':period': str(period),
          },
        }),
      );
      return 'recorded';
    } catch (error) {
      if (isConditionFailure(error)) return 'superseded';
      throw error;
    }
  }

  async recordDeletion(key: string, sequencer: string, processedAt: string): Promise<HeadWrite> {
    const set = setClause({
      sequencer: str(sequencer),
      status: str('deleted'),
      period: NULL,
      rows: num(0),
      sha256: NULL,
      etag: NULL,
      versionId: NULL,
      groups: num(0),
      totals: NULL,
      errors: issuesValue([]),
      errorCount: num(0),
      warnings: issuesValue([]),
      processedAt: str(processedAt),
      runBegan: NULL,
    });
    const removed = [...ACTIVE_REMOVED, 'statusSequencer', ...BLOCKER_ATTRIBUTES];
    return this.updateHeadIfNewer(key, {
      UpdateExpression:
        `SET ${set.clause}, #previousPeriod = if_not_exists(#activePeriod, :none) ` +
        `REMOVE #activePeriod, ${removed.map((name) => `#${name}`).join(', ')}`,
      ExpressionAttributeNames: {
        ...set.names,
        '#previousPeriod': 'previousPeriod',
        '#activePeriod': 'activePeriod',
        ...Object.fromEntries(removed.map((name) => [`#${name}`, name])),
      },
      ExpressionAttributeValues: { ...set.values, ':none': NULL },
    });
  }

  private async updateHeadIfNewer(
    key: string,
    update: {
      UpdateExpression: string;
      ExpressionAttributeNames: Record<string, string>;
      ExpressionAttributeValues: Item;
    },
  ): Promise<HeadWrite> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: str(HEADS_PK), sk: str(key) },
          ...update,
          ConditionExpression: NEWER_WINS,
        }),
      );
      return 'recorded';
    } catch (error) {
      if (isConditionFailure(error)) return 'superseded';
      throw error;
    }
  }

  putWaiter(holder: string, waiter: Waiter): Promise<void> {
    return this.waiting.put(holder, waiter);
  }

  listWaiters(holder: string): Promise<Waiter[]> {
    return this.waiting.list(holder);
  }

  deleteWaiter(holder: string, waiter: Pick<Waiter, 'key' | 'stamp'>): Promise<void> {
    return this.waiting.delete(holder, waiter);
  }

  async markStatusWritten(key: string, sequencer: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: str(HEADS_PK), sk: str(key) },
          UpdateExpression: 'SET #statusSequencer = :sequencer',
          ConditionExpression: '#sequencer = :sequencer',
          ExpressionAttributeNames: { '#statusSequencer': 'statusSequencer', '#sequencer': 'sequencer' },
          ExpressionAttributeValues: { ':sequencer': str(sequencer) },
        }),
      );
    } catch (error) {
      // A newer version was recorded meanwhile; its own status write follows.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async reconcileSource(key: string, attempt?: GenerationRef): Promise<ReconcileSummary> {
    const head = await this.getHead(key);
    const summary: ReconcileSummary = { linesDeleted: 0, generationsDropped: 0, periodsPruned: [] };
    const recorded = head?.sequencer ?? null;
    // Nothing recorded yet: every generation belongs to a first version still in flight (or
    // to one whose redelivery will finish it).
    if (head === null || recorded === null) return summary;
    const active = head.active;

    const generations = new Map<string, GenerationRef>();
    for (const generation of [...head.generations, ...(attempt === undefined ? [] : [attempt])]) {
      generations.set(generationToken(generation), generation);
    }
    const remaining = new Set<string>(active === null ? [] : [active.period]);
    for (const generation of generations.values()) {
      const isActive =
        active !== null && active.gen === generation.gen && active.period === generation.period;
      // A generation newer than the recorded sequencer belongs to a version still in flight:
      // it may yet commit. One whose attempt still holds the period's lease may still be
      // writing lines: deleting now could leave lines written after the deletion behind.
      if (
        isActive ||
        stampOfGeneration(generation.gen) > recorded ||
        (await this.leases.isHeldBy(generation.period, key, generation.gen))
      ) {
        remaining.add(generation.period);
        continue;
      }
      summary.linesDeleted += await this.deleteGeneration(key, generation);
      await this.dropGeneration(key, generation);
      summary.generationsDropped++;
    }
    summary.periodsPruned = head.periods.filter((period) => !remaining.has(period));
    return summary;
  }

  /**
   * Deletes the lines of one generation that can no longer become live (its gen is at most
   * the recorded sequencer, and a flip needs a greater one), so the deletion is safe however
   * it interleaves with readers: they never use a generation that is not active.
   */
  private async deleteGeneration(key: string, generation: GenerationRef): Promise<number> {
    const pk = str(periodPk(generation.period));
    let deleted = 0;
    const pages = queryPages(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ProjectionExpression: '#sk',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
      ExpressionAttributeValues: { ':pk': pk, ':prefix': str(generationLinesPrefix(key, generation.gen)) },
      ConsistentRead: true,
    });
    for await (const page of pages) {
      await batchWriteAll(
        this.client,
        this.tableName,
        page,
        (line): WriteRequest => ({ DeleteRequest: { Key: { pk, sk: str(sortKeyOf(line)) } } }),
        this.backoff,
        this.writeConcurrency,
      );
      deleted += page.length;
    }
    return deleted;
  }

  /** Forgets a generation whose lines are gone. */
  private async dropGeneration(key: string, generation: GenerationRef): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: str(HEADS_PK), sk: str(key) },
        UpdateExpression: 'DELETE #generations :generation',
        ExpressionAttributeNames: { '#generations': 'generations' },
        ExpressionAttributeValues: { ':generation': stringSet([generationToken(generation)]) },
      }),
    );
  }
}
