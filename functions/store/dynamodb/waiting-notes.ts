/**
 * Waiting notes (`pk = WAITING#<holder>`, `sk = <waiting key>`): a key kept out by another
 * key's live version, as the holder finds it when it changes (docs/pipeline.md, "Re-checks").
 * Bookkeeping for re-checks only; render never reads them.
 */
import { DeleteItemCommand, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import type { Waiter } from '../source-head';
import { itemToPlain, str, strOrNull } from './attribute-values';
import { isConditionFailure } from './condition-failure';
import { waitingPk } from './item-keys';
import { queryAll } from './query-all';

const waiterItemSchema = z.object({
  sk: z.string().min(1),
  stamp: z.string().min(1),
  gen: z.string().min(1),
  period: z.string().min(1),
  /** Absent from notes written before it: null, which costs at most one extra re-check. */
  runBegan: z.string().nullish(),
});

export class DynamoDbWaitingNotes {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /** Idempotent: the same note again, or a newer stamp replacing an older one. */
  async put(holder: string, waiter: Waiter): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          pk: str(waitingPk(holder)),
          sk: str(waiter.key),
          stamp: str(waiter.stamp),
          gen: str(waiter.gen),
          period: str(waiter.period),
          runBegan: strOrNull(waiter.runBegan),
        },
      }),
    );
  }

  async list(holder: string): Promise<Waiter[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'pk' },
      ExpressionAttributeValues: { ':pk': str(waitingPk(holder)) },
      ConsistentRead: true,
    });
    return items.map((item) => {
      const note = waiterItemSchema.parse(itemToPlain(item));
      return {
        key: note.sk,
        stamp: note.stamp,
        gen: note.gen,
        period: note.period,
        runBegan: note.runBegan ?? null,
      };
    });
  }

  /** Removes a note unless it was renewed since (another stamp). */
  async delete(holder: string, waiter: Pick<Waiter, 'key' | 'stamp'>): Promise<void> {
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
}
