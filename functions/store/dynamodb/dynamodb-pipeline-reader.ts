/**
 * What render reads of the pipeline's table (`PipelineReader`): heads, the live version of
 * every key, and consistent cuts of periods' lines and years' indicator sets. Nothing here
 * writes; ingest's writes are in `dynamodb-pipeline-store.ts`, which extends this class.
 */
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { SourcedGroupLine } from '../../../shared/report/period-report';
import { type BackoffPolicy, backoffDelayMs, DEFAULT_BACKOFF } from '../../common/backoff';
import {
  activeSources,
  type IndicatorContents,
  type PeriodContents,
  type PipelineReader,
} from '../pipeline-reader';
import type { ActiveVersion, SourceHead } from '../source-head';
import { type Item, str } from './attribute-values';
import { ACTIVE_ATTRIBUTES, parseActiveHeadItem, parseHeadItem } from './head-item';
import { parseIndicatorSetItem } from './indicator-set-item';
import { generationLinesPrefix, HEADS_PK, LINE_PREFIX, periodPk } from './item-keys';
import { parseLineItem } from './line-item';
import { queryAll, queryPages } from './query-all';

export interface DynamoDbPipelineReaderOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Retries of unstable reads (and, for the store, of UnprocessedItems). */
  backoff?: BackoffPolicy;
  /** Attempts at a consistent multi-period read before giving up. @default 5 */
  readAttempts?: number;
}

/** Readers kept seeing heads move while they read; the caller should retry later. */
export class UnstableReadError extends Error {
  override name = 'UnstableReadError';
}

export class DynamoDbPipelineReader implements PipelineReader {
  protected readonly client: DynamoDBClient;
  protected readonly tableName: string;
  protected readonly backoff: BackoffPolicy;
  private readonly readAttempts: number;

  constructor(options: DynamoDbPipelineReaderOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.readAttempts = options.readAttempts ?? 5;
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

  async *generationLinePages(
    period: string,
    key: string,
    gen: string,
    pageSize: number,
  ): AsyncIterable<SourcedGroupLine[]> {
    for await (const page of queryPages(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
      ExpressionAttributeValues: {
        ':pk': str(periodPk(period)),
        ':prefix': str(generationLinesPrefix(key, gen)),
      },
      ConsistentRead: true,
      Limit: pageSize,
    })) {
      if (page.length > 0) yield page.map((item) => parseLineItem(item).line);
    }
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

/** The values of the generation each source has live in the period; every other generation is ignored. */
function liveValues<T>(active: Map<string, ActiveVersion>, period: string, stored: StoredValue<T>[]): T[] {
  return stored
    .filter(({ gen, sourceKey }) => {
      const version = active.get(sourceKey);
      return version !== undefined && version.period === period && version.gen === gen;
    })
    .map(({ value }) => value);
}
