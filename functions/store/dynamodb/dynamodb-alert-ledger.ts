/**
 * `AlertLedger` in the pipeline table. Items live in their own partitions, apart from heads and
 * lines: `ALERT#REJECTED` / `<sha256 of key>#<sha256 of version>` per rejected version, and
 * `ALERT#WARNINGS#<YYYY-MM>` / `<sha256 of subject|level>` per announced warning. Sort keys
 * are hashes so an upload key or a unit name of any length fits DynamoDB's key limit; the
 * readable subject is kept beside it. dynalite has no transactions, and none are needed: the
 * claim is one conditional PutItem.
 */
import { createHash } from 'node:crypto';
import { DeleteItemCommand, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DEFAULT_WRITE_CONCURRENCY } from '../../../shared/city-settings';
import { type BackoffPolicy, DEFAULT_BACKOFF } from '../../common/backoff';
import type { AlertLedger, AnnouncedWarnings } from '../alert-ledger';
import { batchWriteAll } from './batch-write';
import { isConditionFailure } from './condition-failure';
import { sortKeyOf } from './item-schemas';
import { queryPages } from './query-all';

/** Partitions of the ledger start with this; rebuild leaves them alone. */
export const ALERT_PK_PREFIX = 'ALERT#';
const REJECTED_PK = `${ALERT_PK_PREFIX}REJECTED`;
const warningsPk = (period: string): string => `${ALERT_PK_PREFIX}WARNINGS#${period}`;

const hash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const rejectionSk = (key: string, version: string): string => `${hash(key)}#${hash(version)}`;
/** Readable copies are capped: they are for people reading the table, not for matching. */
const readable = (text: string): string => text.slice(0, 1_000);

export interface DynamoDbAlertLedgerOptions {
  client: DynamoDBClient;
  tableName: string;
  backoff?: BackoffPolicy;
  now?: () => Date;
}

export class DynamoDbAlertLedger implements AlertLedger {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly backoff: BackoffPolicy;
  private readonly now: () => Date;

  constructor(options: DynamoDbAlertLedgerOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.now = options.now ?? (() => new Date());
  }

  async claimRejection(key: string, version: string): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: REJECTED_PK },
            sk: { S: rejectionSk(key, version) },
            key: { S: readable(key) },
            version: { S: version },
            claimedAt: { S: this.now().toISOString() },
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async releaseRejection(key: string, version: string): Promise<void> {
    await this.client.send(
      new DeleteItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: REJECTED_PK }, sk: { S: rejectionSk(key, version) } },
      }),
    );
  }

  async announcedWarnings(period: string): Promise<AnnouncedWarnings> {
    const announced = new Set<string>();
    for await (const page of queryPages(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: warningsPk(period) } },
      ProjectionExpression: 'sk',
      ConsistentRead: true,
    }))
      for (const item of page) announced.add(sortKeyOf(item));
    return { has: (key) => announced.has(hash(key)) };
  }

  async recordWarnings(period: string, keys: readonly string[]): Promise<void> {
    const at = this.now().toISOString();
    await batchWriteAll(
      this.client,
      this.tableName,
      [...new Set(keys)],
      (announcement) => ({
        PutRequest: {
          Item: {
            pk: { S: warningsPk(period) },
            sk: { S: hash(announcement) },
            subject: { S: readable(announcement) },
            announcedAt: { S: at },
          },
        },
      }),
      this.backoff,
      // A period's first render may record 100,000 lines at a warning level: as many calls in
      // flight as ingest's line writes.
      DEFAULT_WRITE_CONCURRENCY,
    );
  }
}
