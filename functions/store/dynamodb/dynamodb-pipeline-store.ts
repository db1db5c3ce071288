/**
 * `PipelineStore` on one DynamoDB table (layout in docs/pipeline.md). No transactions (the
 * local emulator has none): every guarantee rests on single-item conditional writes, the
 * head's conditional update being the one commit point, and cleanup that is idempotent.
 */
import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { DEFAULT_WRITE_CONCURRENCY } from '../../../shared/city-settings';
import type { GroupLine } from '../../../shared/domain-types';
import type { IndicatorSet } from '../../../shared/self-evaluation/indicator-set';
import { type BackoffPolicy, backoffDelayMs, DEFAULT_BACKOFF } from '../../common/backoff';
import { HEAD_ERRORS_BYTES, HEAD_WARNINGS_BYTES, summarizeIssues } from '../../common/issue-bounds';
import { stampOfGeneration } from '../../common/sequencer';
import type { PeriodLease } from '../period-lease';
import type { ActiveSource, IndicatorContents, PeriodContents, PipelineStore } from '../pipeline-store';
import type {
  ActiveVersion,
  Blocker,
  CommitVersion,
  GenerationRef,
  GroupConflict,
  GroupKey,
  HeadWrite,
  ReconcileSummary,
  RecordOptions,
  SourceHead,
  VersionOutcome,
  Waiter,
} from '../source-head';
import { type Item, NULL, num, str, stringSet, strOrNull } from './attribute-values';
import { batchWriteAll } from './batch-write';
import { isConditionFailure } from './condition-failure';
import { findGroupConflict, POINT_LOOKUP_LIMIT } from './group-conflicts';
import {
  ACTIVE_ATTRIBUTES,
  BLOCKER_ATTRIBUTES,
  issuesValue,
  parseActiveHeadItem,
  parseHeadItem,
  totalsValue,
} from './head-item';
import { indicatorSetItem, parseIndicatorSetItem } from './indicator-set-item';
import {
  generationLinesPrefix,
  generationToken,
  HEADS_PK,
  LINE_PREFIX,
  lineSk,
  MAX_SORT_KEY_BYTES,
  periodPk,
  waitingPk,
} from './item-keys';
import { lineItem, parseLineItem } from './line-item';
import { DEFAULT_LEASE_MS, DEFAULT_LEASE_WAIT, DynamoDbPeriodLeases } from './period-leases';
import { queryAll, queryPages } from './query-all';

export interface DynamoDbPipelineStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Retries of UnprocessedItems and of unstable reads. */
  backoff?: BackoffPolicy;
  /** Attempts at a consistent multi-period read before giving up. @default 5 */
  readAttempts?: number;
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

/** Readers kept seeing heads move while they read; the caller should retry later. */
export class UnstableReadError extends Error {
  override name = 'UnstableReadError';
}

const NEWER_WINS = 'attribute_not_exists(#sequencer) OR #sequencer < :sequencer';

/** Builds `SET #a = :a, …` with the attribute name as both placeholders, for readable commands. */
function setClause(values: Item): { clause: string; names: Record<string, string>; values: Item } {
  const names: Record<string, string> = {};
  const placeholders: Item = {};
  const parts: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    names[`#${name}`] = name;
    placeholders[`:${name}`] = value;
    parts.push(`#${name} = :${name}`);
  }
  return { clause: parts.join(', '), names, values: placeholders };
}

function outcomeValues(outcome: VersionOutcome, status: 'accepted' | 'rejected'): Item {
  return {
    sequencer: str(outcome.sequencer),
    status: str(status),
    period: strOrNull(outcome.period),
    rows: num(outcome.rows),
    sha256: strOrNull(outcome.sha256),
    etag: strOrNull(outcome.etag),
    versionId: strOrNull(outcome.versionId),
    groups: num(outcome.groups),
    totals: totalsValue(outcome.totals),
    // A bounded summary, whatever the file held: the full list is in the S3 status object.
    errors: issuesValue(summarizeIssues(outcome.errors, HEAD_ERRORS_BYTES)),
    errorCount: num(outcome.errorCount),
    warnings: issuesValue(summarizeIssues(outcome.warnings, HEAD_WARNINGS_BYTES)),
    processedAt: str(outcome.processedAt),
  };
}

/** SET of the blocker, or its attributes for REMOVE. */
function blockerUpdate(blockedBy: Blocker | null | undefined): { set: Item; remove: string[] } {
  if (blockedBy === null || blockedBy === undefined) return { set: {}, remove: [...BLOCKER_ATTRIBUTES] };
  return {
    set: {
      blockedByKey: str(blockedBy.key),
      blockedByGen: str(blockedBy.gen),
      blockedPeriod: str(blockedBy.period),
    },
    remove: [],
  };
}

const ACTIVE_REMOVED = ['activeGen', 'activeRows', 'activeSha256', 'activeCommittedAt', 'activeVersionId'];

const namesOf = (attributes: readonly string[]) =>
  Object.fromEntries(attributes.map((name) => [`#${name}`, name]));
const removeList = (attributes: readonly string[]) => attributes.map((name) => `#${name}`).join(', ');

export class DynamoDbPipelineStore implements PipelineStore {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly backoff: BackoffPolicy;
  private readonly readAttempts: number;
  private readonly writeConcurrency: number;
  private readonly leases: DynamoDbPeriodLeases;
  private readonly conflictLookupLimit: number;

  constructor(options: DynamoDbPipelineStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.readAttempts = options.readAttempts ?? 5;
    this.writeConcurrency = options.writeConcurrency ?? DEFAULT_WRITE_CONCURRENCY;
    this.conflictLookupLimit = options.conflictLookupLimit ?? POINT_LOOKUP_LIMIT;
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
    const gen = 'F'.repeat(32);
    for (const group of groups) longest = Math.max(longest, Buffer.byteLength(lineSk(key, gen, group)));
    if (longest <= MAX_SORT_KEY_BYTES) return null;
    return (
      '对象键或单位/项目编码过长，无法存储 / the object key or a unit/project code is too long to store ' +
      `(${longest} > ${MAX_SORT_KEY_BYTES} bytes once encoded)`
    );
  }

  async getHead(key: string): Promise<SourceHead | null> {
    const output = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { pk: str(HEADS_PK), sk: str(key) },
        ConsistentRead: true,
      }),
    );
    return output.Item === undefined ? null : parseHeadItem(output.Item);
  }

  async listHeads(): Promise<SourceHead[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'pk' },
      ExpressionAttributeValues: { ':pk': str(HEADS_PK) },
      ConsistentRead: true,
    });
    return items.map(parseHeadItem);
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

  findConflict(key: string, period: string, groups: GroupKey[]): Promise<GroupConflict | null> {
    return findGroupConflict(
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

  async putWaiter(holder: string, waiter: Waiter): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          pk: str(waitingPk(holder)),
          sk: str(waiter.key),
          stamp: str(waiter.stamp),
          gen: str(waiter.gen),
          period: str(waiter.period),
        },
      }),
    );
  }

  async listWaiters(holder: string): Promise<Waiter[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'pk' },
      ExpressionAttributeValues: { ':pk': str(waitingPk(holder)) },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      key: item.sk?.S ?? '',
      stamp: item.stamp?.S ?? '',
      gen: item.gen?.S ?? '',
      period: item.period?.S ?? '',
    }));
  }

  async deleteWaiter(holder: string, waiter: Pick<Waiter, 'key' | 'stamp'>): Promise<void> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: { pk: str(waitingPk(holder)), sk: str(waiter.key) },
          ConditionExpression: '#stamp = :stamp',
          ExpressionAttributeNames: { '#stamp': 'stamp' },
          ExpressionAttributeValues: { ':stamp': str(waiter.stamp) },
        }),
      );
    } catch (error) {
      // The waiting key was blocked again since (a newer note): that one stays.
      if (!isConditionFailure(error)) throw error;
    }
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
        (line): WriteRequest => ({ DeleteRequest: { Key: { pk, sk: line.sk ?? str('') } } }),
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

  async readPeriods(periods: string[]): Promise<Map<string, PeriodContents>> {
    const { active, items } = await this.readConsistent(periods, (item) => {
      const { gen, line } = parseLineItem(item);
      return { gen, sourceKey: line.sourceKey, value: line };
    });
    const result = new Map<string, PeriodContents>();
    for (const [period, stored] of items) {
      result.set(period, {
        sources: activeSources(active, period),
        lines: liveValues(active, period, stored),
      });
    }
    return result;
  }

  async readIndicatorSets(years: string[]): Promise<Map<string, IndicatorContents>> {
    const { active, items } = await this.readConsistent(years, (item) => {
      const { gen, sourceKey, set } = parseIndicatorSetItem(item);
      return { gen, sourceKey, value: { sourceKey, set } };
    });
    const result = new Map<string, IndicatorContents>();
    for (const [year, stored] of items) {
      result.set(year, { sources: activeSources(active, year), sets: liveValues(active, year, stored) });
    }
    return result;
  }

  /**
   * The items of several partitions and the active versions they were read under, retried
   * until no source of those partitions changed its active version during the read.
   */
  private async readConsistent<T>(
    periods: string[],
    parse: (item: Item) => StoredValue<T>,
  ): Promise<{ active: Map<string, ActiveVersion>; items: Map<string, StoredValue<T>[]> }> {
    const wanted = new Set(periods);
    for (let attempt = 0; attempt < this.readAttempts; attempt++) {
      const before = await this.listActiveVersions();
      const items = new Map<string, StoredValue<T>[]>();
      for (const period of wanted) {
        const page = await queryAll(this.client, {
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
          ExpressionAttributeValues: { ':pk': str(periodPk(period)), ':prefix': str(LINE_PREFIX) },
          ConsistentRead: true,
        });
        items.set(period, page.map(parse));
      }
      const after = await this.listActiveVersions();
      if (sameActiveVersions(before, after, wanted)) return { active: before, items };
      if (attempt + 1 < this.readAttempts) await this.backoff.sleep(backoffDelayMs(attempt, this.backoff));
    }
    throw new UnstableReadError(`sources kept changing while reading ${[...wanted].join(', ')}`);
  }

  async listActiveVersions(): Promise<Map<string, ActiveVersion>> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk',
      ProjectionExpression: ACTIVE_ATTRIBUTES.map((name) => `#${name}`).join(', '),
      ExpressionAttributeNames: {
        '#pk': 'pk',
        ...Object.fromEntries(ACTIVE_ATTRIBUTES.map((name) => [`#${name}`, name])),
      },
      ExpressionAttributeValues: { ':pk': str(HEADS_PK) },
      ConsistentRead: true,
    });
    const active = new Map<string, ActiveVersion>();
    for (const item of items) {
      const head = parseActiveHeadItem(item);
      if (head.active !== null) active.set(head.key, head.active);
    }
    return active;
  }
}

/**
 * The lines read are a clean cut when no source of the periods read changed its active
 * version in between: a generation's lines are all written before it becomes active and
 * removed only after it stopped being active, so they were all there throughout.
 */
function sameActiveVersions(
  before: Map<string, ActiveVersion>,
  after: Map<string, ActiveVersion>,
  periods: Set<string>,
): boolean {
  const relevant = (active: ActiveVersion | undefined) => active !== undefined && periods.has(active.period);
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(key);
    const b = after.get(key);
    if (!relevant(a) && !relevant(b)) continue;
    if (a?.gen !== b?.gen || a?.period !== b?.period) return false;
  }
  return true;
}

interface StoredValue<T> {
  gen: string;
  sourceKey: string;
  value: T;
}

function activeSources(active: Map<string, ActiveVersion>, period: string): ActiveSource[] {
  const sources: ActiveSource[] = [];
  for (const [key, version] of active) {
    if (version.period !== period) continue;
    sources.push({ key, rows: version.rows, sha256: version.sha256, committedAt: version.committedAt });
  }
  return sources.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The values of the generation each source has live in the period; every other generation is ignored. */
function liveValues<T>(active: Map<string, ActiveVersion>, period: string, stored: StoredValue<T>[]): T[] {
  return stored
    .filter(({ gen, sourceKey }) => {
      const version = active.get(sourceKey);
      return version !== undefined && version.period === period && version.gen === gen;
    })
    .map(({ value }) => value);
}
