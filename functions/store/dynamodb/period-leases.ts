/**
 * Period leases on the table (`pk = LEASE#<period>`, `sk = LEASE`), see `../period-lease.ts`
 * for why they exist. Taking one is a single conditional PutItem; giving it back a single
 * conditional DeleteItem on the taker's token.
 *
 * A lease expires `leaseMs` after it was taken. That must be at least the ingest function's
 * timeout: an attempt can then never outlive its lease, so an expired lease belongs to an
 * attempt that is gone (a crash, a timeout) and anyone may take it.
 */
import { randomUUID } from 'node:crypto';
import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type BackoffPolicy, backoffDelayMs } from '../../common/backoff';
import { type PeriodLease, PeriodLeaseHeldError } from '../period-lease';
import { type Item, num, str } from './attribute-values';
import { isConditionFailure } from './condition-failure';
import { LEASE_SK, leasePk } from './item-keys';
import { parseLeaseItem } from './item-schemas';

/** Lambda's longest timeout: whatever the stack sets for ingest, its attempts end before this. */
export const DEFAULT_LEASE_MS = 15 * 60_000;

/**
 * How long to wait for a lease another file holds: up to about 20 s (10 s on average, with
 * jitter). A lease is held only from the conflict check to the commit — well under a second
 * for an ordinary monthly file — so waiting here is far cheaper than failing the message and
 * waiting for SQS to deliver it again. Behind a file of a million rows (a minute of writes on
 * DynamoDB) the wait runs out and the message is retried later, as it should be.
 */
export const DEFAULT_LEASE_WAIT: BackoffPolicy = {
  maxRetries: 14,
  baseMs: 50,
  capMs: 2_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

const TAKE_CONDITION =
  'attribute_not_exists(#pk) OR #expiresAt < :now OR (#sourceKey = :sourceKey AND #gen = :gen)';

export interface PeriodLeasesOptions {
  client: DynamoDBClient;
  tableName: string;
  leaseMs: number;
  wait: BackoffPolicy;
  now: () => number;
}

export class DynamoDbPeriodLeases {
  constructor(private readonly options: PeriodLeasesOptions) {}

  private key(period: string) {
    return { pk: str(leasePk(period)), sk: str(LEASE_SK) };
  }

  async acquire(period: string, key: string, gen: string): Promise<PeriodLease> {
    const { client, tableName, wait } = this.options;
    const token = randomUUID();
    let holder: string | null = null;
    for (let retry = 0; ; retry++) {
      const now = this.options.now();
      try {
        const output = await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              ...this.key(period),
              sourceKey: str(key),
              gen: str(gen),
              token: str(token),
              expiresAt: num(now + this.options.leaseMs),
              takenAt: str(new Date(now).toISOString()),
            },
            ConditionExpression: TAKE_CONDITION,
            ExpressionAttributeNames: {
              '#pk': 'pk',
              '#expiresAt': 'expiresAt',
              '#sourceKey': 'sourceKey',
              '#gen': 'gen',
            },
            ExpressionAttributeValues: { ':now': num(now), ':sourceKey': str(key), ':gen': str(gen) },
            // The previous lease, if any, tells whether an attempt of this version may still run.
            ReturnValues: 'ALL_OLD',
          }),
        );
        const old = output.Attributes;
        const tookOver = old !== undefined && parseLeaseItem(old).expiresAt >= now;
        return { period, key, gen, token, tookOver };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      // dynalite lacks ReturnValuesOnConditionCheckFailure, so the holder is read back.
      holder = await this.holderOf(period);
      if (retry >= wait.maxRetries) throw new PeriodLeaseHeldError(period, holder);
      await wait.sleep(backoffDelayMs(retry, wait));
    }
  }

  private async holderOf(period: string): Promise<string | null> {
    const output = await this.options.client.send(
      new GetItemCommand({ TableName: this.options.tableName, Key: this.key(period), ConsistentRead: true }),
    );
    return output.Item === undefined ? null : parseLeaseItem(output.Item).sourceKey;
  }

  /** Whether an unexpired lease of version `gen` of `key` exists: that attempt may be writing. */
  async isHeldBy(period: string, key: string, gen: string): Promise<boolean> {
    const output = await this.options.client.send(
      new GetItemCommand({ TableName: this.options.tableName, Key: this.key(period), ConsistentRead: true }),
    );
    if (output.Item === undefined) return false;
    const lease = parseLeaseItem(output.Item);
    return lease.expiresAt >= this.options.now() && lease.sourceKey === key && lease.gen === gen;
  }

  async release(lease: PeriodLease): Promise<void> {
    await this.deleteIf(
      lease.period,
      '#token = :token',
      { '#token': 'token' },
      { ':token': str(lease.token) },
    );
  }

  async releaseHeldBy(period: string, key: string, gen: string): Promise<void> {
    await this.deleteIf(
      period,
      '#sourceKey = :sourceKey AND #gen = :gen',
      { '#sourceKey': 'sourceKey', '#gen': 'gen' },
      { ':sourceKey': str(key), ':gen': str(gen) },
    );
  }

  private async deleteIf(
    period: string,
    condition: string,
    names: Record<string, string>,
    values: Item,
  ): Promise<void> {
    try {
      await this.options.client.send(
        new DeleteItemCommand({
          TableName: this.options.tableName,
          Key: this.key(period),
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      // Someone else holds it now (it expired and was taken, or taken over): not ours to free.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
