/**
 * `PipelineStore` on one DynamoDB table (layout in docs/pipeline.md). No transactions (the
 * local emulator has none): every guarantee rests on single-item conditional writes, the
 * head's conditional update being the one commit point, and cleanup that is idempotent.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { GroupLine } from '../../../shared/domain-types';
import { type BackoffPolicy, backoffDelayMs, DEFAULT_BACKOFF } from '../../common/backoff';
import type { ActiveSource, PeriodContents, PipelineStore } from '../pipeline-store';
import type {
  ActiveVersion,
  ClaimResult,
  CommitVersion,
  GroupKey,
  HeadWrite,
  ReconcileSummary,
  SourceHead,
  VersionOutcome,
} from '../source-head';
import { type Item, NULL, num, str, stringSet, strOrNull } from './attribute-values';
import { batchWriteAll } from './batch-write';
import { ACTIVE_ATTRIBUTES, issuesValue, parseActiveHeadItem, parseHeadItem, totalsValue } from './head-item';
import {
  claimPk,
  generationLinesPrefix,
  groupSk,
  HEADS_PK,
  LINE_PREFIX,
  lineSk,
  MAX_SORT_KEY_BYTES,
  periodPk,
  sourceLinesPrefix,
} from './item-keys';
import { lineItem, parseLineItem } from './line-item';
import { queryAll } from './query-all';

export interface DynamoDbPipelineStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Retries of UnprocessedItems and of unstable reads. */
  backoff?: BackoffPolicy;
  /** Attempts at a consistent multi-period read before giving up. @default 5 */
  readAttempts?: number;
}

/** Readers kept seeing heads move while they read; the caller should retry later. */
export class UnstableReadError extends Error {
  override name = 'UnstableReadError';
}

/** A claim that is neither free nor ours could not be read back (it vanished twice). */
export class ClaimRaceError extends Error {
  override name = 'ClaimRaceError';
}

const NEWER_WINS = 'attribute_not_exists(#sequencer) OR #sequencer < :sequencer';
const CLAIM_CONDITION = 'attribute_not_exists(#pk) OR (#owner = :owner AND #gen <= :gen)';
const CLAIM_ATTEMPTS = 3;

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
    errors: issuesValue(outcome.errors),
    errorCount: num(outcome.errorCount),
    warnings: issuesValue(outcome.warnings),
    processedAt: str(outcome.processedAt),
  };
}

const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof Error && error.name === 'ConditionalCheckFailedException');

export class DynamoDbPipelineStore implements PipelineStore {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly backoff: BackoffPolicy;
  private readonly readAttempts: number;

  constructor(options: DynamoDbPipelineStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.readAttempts = options.readAttempts ?? 5;
  }

  storageProblem(key: string, groups: GroupKey[]): string | null {
    const longest = Math.max(
      Buffer.byteLength(key),
      ...groups.map((group) => Buffer.byteLength(lineSk(key, 'F'.repeat(32), group))),
    );
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

  async recordRejection(outcome: VersionOutcome): Promise<HeadWrite> {
    const set = setClause(outcomeValues(outcome, 'rejected'));
    return this.updateHeadIfNewer(outcome.key, {
      UpdateExpression: `SET ${set.clause} REMOVE #statusSequencer`,
      ExpressionAttributeNames: { ...set.names, '#statusSequencer': 'statusSequencer' },
      ExpressionAttributeValues: set.values,
    });
  }

  async registerPeriod(key: string, period: string): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: str(HEADS_PK), sk: str(key) },
        UpdateExpression: 'ADD #periods :periods',
        ExpressionAttributeNames: { '#periods': 'periods' },
        ExpressionAttributeValues: { ':periods': stringSet([period]) },
      }),
    );
  }

  async claimGroups(key: string, gen: string, period: string, groups: GroupKey[]): Promise<ClaimResult> {
    // A fixed order means two sources racing for overlapping groups meet at the same first
    // contested group, so one of them always gets through.
    const ordered = [...groups].sort((a, b) =>
      groupSk(a) < groupSk(b) ? -1 : groupSk(a) > groupSk(b) ? 1 : 0,
    );
    for (const group of ordered) {
      const result = await this.claimGroup(key, gen, period, group);
      if (result.kind !== 'claimed') return result;
    }
    return { kind: 'claimed' };
  }

  private async claimGroup(key: string, gen: string, period: string, group: GroupKey): Promise<ClaimResult> {
    const claimKey = { pk: str(claimPk(period)), sk: str(groupSk(group)) };
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: {
              ...claimKey,
              owner: str(key),
              gen: str(gen),
              unitCode: str(group.unitCode),
              projectCode: str(group.projectCode),
              fundType: str(group.fundType),
            },
            ConditionExpression: CLAIM_CONDITION,
            ExpressionAttributeNames: { '#pk': 'pk', '#owner': 'owner', '#gen': 'gen' },
            ExpressionAttributeValues: { ':owner': str(key), ':gen': str(gen) },
          }),
        );
        return { kind: 'claimed' };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      // dynalite lacks ReturnValuesOnConditionCheckFailure, so the holder is read back.
      const held = await this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: claimKey, ConsistentRead: true }),
      );
      const owner = held.Item?.owner?.S;
      if (owner === undefined) continue; // released in between: try again
      if (owner === key) return { kind: 'superseded' };
      const { unitCode, projectCode, fundType } = group;
      return { kind: 'conflict', holder: owner, group: { unitCode, projectCode, fundType } };
    }
    throw new ClaimRaceError(`claim ${groupSk(group)} in ${period} kept changing hands`);
  }

  async putLines(key: string, gen: string, period: string, lines: GroupLine[]): Promise<void> {
    const requests: WriteRequest[] = lines.map((line) => ({
      PutRequest: { Item: lineItem(key, gen, period, line) },
    }));
    await batchWriteAll(this.client, this.tableName, requests, this.backoff);
  }

  async commitVersion(outcome: CommitVersion): Promise<HeadWrite> {
    const set = setClause({
      ...outcomeValues(outcome, 'accepted'),
      activeGen: str(outcome.sequencer),
      activePeriod: str(outcome.period),
      activeRows: num(outcome.rows),
      activeSha256: str(outcome.sha256),
      activeCommittedAt: str(outcome.processedAt),
    });
    return this.updateHeadIfNewer(outcome.key, {
      // The right-hand side of SET reads the item as it was before this update.
      UpdateExpression:
        `SET ${set.clause}, #previousPeriod = if_not_exists(#activePeriod, :none) ` +
        'ADD #periods :periods REMOVE #statusSequencer',
      ExpressionAttributeNames: {
        ...set.names,
        '#previousPeriod': 'previousPeriod',
        '#periods': 'periods',
        '#statusSequencer': 'statusSequencer',
      },
      ExpressionAttributeValues: { ...set.values, ':none': NULL, ':periods': stringSet([outcome.period]) },
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
    const removed = ['activeGen', 'activeRows', 'activeSha256', 'activeCommittedAt', 'statusSequencer'];
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

  async reconcileSource(key: string, extraPeriods: string[]): Promise<ReconcileSummary> {
    const head = await this.getHead(key);
    const summary: ReconcileSummary = { linesDeleted: 0, claimsReleased: 0, periodsPruned: [] };
    const recorded = head?.sequencer ?? null;
    // Items of a generation newer than the recorded sequencer belong to a version still in
    // flight: it may yet commit, so they are not ours to remove.
    if (head === null || recorded === null) return summary;
    const settled = (gen: string): boolean => gen <= recorded;
    const active = head.active;
    const activeGroups = active === null ? new Set<string>() : await this.groupsOf(key, active);

    const periods = new Set([...head.periods, ...extraPeriods]);
    if (active !== null) periods.add(active.period);
    if (head.previousPeriod !== null) periods.add(head.previousPeriod);

    for (const period of [...periods].sort()) {
      const isActivePeriod = active !== null && active.period === period;
      let remaining = 0;

      const lines = await queryAll(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ProjectionExpression: '#pk, #sk, #gen, #sourceKey',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#gen': 'gen', '#sourceKey': 'sourceKey' },
        ExpressionAttributeValues: { ':pk': str(periodPk(period)), ':prefix': str(sourceLinesPrefix(key)) },
        ConsistentRead: true,
      });
      const deletions: WriteRequest[] = [];
      for (const line of lines) {
        const gen = line.gen?.S ?? '';
        if (line.sourceKey?.S !== key) continue;
        if (settled(gen) && !(isActivePeriod && gen === active?.gen)) {
          deletions.push({ DeleteRequest: { Key: { pk: str(periodPk(period)), sk: line.sk ?? str('') } } });
        } else {
          remaining++;
        }
      }
      await batchWriteAll(this.client, this.tableName, deletions, this.backoff);
      summary.linesDeleted += deletions.length;

      const claims = await queryAll(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#pk': 'pk', '#owner': 'owner' },
        ExpressionAttributeValues: { ':pk': str(claimPk(period)), ':owner': str(key) },
        ConsistentRead: true,
      });
      for (const claim of claims) {
        const gen = claim.gen?.S ?? '';
        const sk = claim.sk?.S ?? '';
        if (settled(gen) && !(isActivePeriod && activeGroups.has(sk))) {
          if (await this.releaseClaim(key, period, sk, gen)) summary.claimsReleased++;
        } else {
          remaining++;
        }
      }

      if (!isActivePeriod && remaining === 0 && head.periods.includes(period)) {
        if (await this.prunePeriod(key, period, recorded)) summary.periodsPruned.push(period);
      }
    }
    return summary;
  }

  /** The group sort keys of the active version's lines. */
  private async groupsOf(key: string, active: ActiveVersion): Promise<Set<string>> {
    const prefix = generationLinesPrefix(key, active.gen);
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ProjectionExpression: '#sk',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
      ExpressionAttributeValues: { ':pk': str(periodPk(active.period)), ':prefix': str(prefix) },
      ConsistentRead: true,
    });
    return new Set(items.map((item) => (item.sk?.S ?? '').slice(prefix.length)));
  }

  private async releaseClaim(key: string, period: string, sk: string, gen: string): Promise<boolean> {
    try {
      // Only the exact claim that was read: if a newer version of the key re-took it
      // (its generation changed), the delete must not undo that.
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: { pk: str(claimPk(period)), sk: str(sk) },
          ConditionExpression: '#owner = :owner AND #gen = :gen',
          ExpressionAttributeNames: { '#owner': 'owner', '#gen': 'gen' },
          ExpressionAttributeValues: { ':owner': str(key), ':gen': str(gen) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private async prunePeriod(key: string, period: string, sequencer: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: str(HEADS_PK), sk: str(key) },
          UpdateExpression: 'DELETE #periods :periods',
          ConditionExpression: '#sequencer = :sequencer',
          ExpressionAttributeNames: { '#periods': 'periods', '#sequencer': 'sequencer' },
          ExpressionAttributeValues: { ':periods': stringSet([period]), ':sequencer': str(sequencer) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async readPeriods(periods: string[]): Promise<Map<string, PeriodContents>> {
    const wanted = new Set(periods);
    for (let attempt = 0; attempt < this.readAttempts; attempt++) {
      const before = await this.listActive();
      const linesByPeriod = new Map<string, ReturnType<typeof parseLineItem>[]>();
      for (const period of wanted) {
        const items = await queryAll(this.client, {
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
          ExpressionAttributeValues: { ':pk': str(periodPk(period)), ':prefix': str(LINE_PREFIX) },
          ConsistentRead: true,
        });
        linesByPeriod.set(period, items.map(parseLineItem));
      }
      const after = await this.listActive();
      if (sameActiveVersions(before, after, wanted)) return assemble(before, linesByPeriod);
      if (attempt + 1 < this.readAttempts) await this.backoff.sleep(backoffDelayMs(attempt, this.backoff));
    }
    throw new UnstableReadError(`sources kept changing while reading ${[...wanted].join(', ')}`);
  }

  private async listActive(): Promise<Map<string, ActiveVersion>> {
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

function assemble(
  active: Map<string, ActiveVersion>,
  linesByPeriod: Map<string, ReturnType<typeof parseLineItem>[]>,
): Map<string, PeriodContents> {
  const result = new Map<string, PeriodContents>();
  for (const [period, stored] of linesByPeriod) {
    const sources: ActiveSource[] = [];
    for (const [key, version] of active) {
      if (version.period !== period) continue;
      sources.push({ key, rows: version.rows, sha256: version.sha256, committedAt: version.committedAt });
    }
    sources.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const lines = stored
      .filter(({ gen, line }) => {
        const version = active.get(line.sourceKey);
        return version !== undefined && version.period === period && version.gen === gen;
      })
      .map(({ line }) => line);
    result.set(period, { sources, lines });
  }
  return result;
}
