/**
 * BatchGetItem takes at most 100 keys and may hand some back as `UnprocessedKeys` under
 * throttling; those are asked for again with backoff until done or the retry budget is spent.
 */
import { BatchGetItemCommand, type DynamoDBClient, type KeysAndAttributes } from '@aws-sdk/client-dynamodb';
import { type BackoffPolicy, backoffDelayMs } from '../../common/backoff';
import type { Item } from './attribute-values';

export const BATCH_GET_LIMIT = 100;

export class UnprocessedKeysError extends Error {
  override name = 'UnprocessedKeysError';
  constructor(readonly unprocessed: number) {
    super(`BatchGetItem left ${unprocessed} key(s) unprocessed after retries`);
  }
}

/** The items that exist among `keys` (consistent reads), in no particular order. */
export async function batchGetAll(
  client: DynamoDBClient,
  tableName: string,
  keys: readonly Item[],
  projection: Pick<KeysAndAttributes, 'ProjectionExpression' | 'ExpressionAttributeNames'>,
  policy: BackoffPolicy,
): Promise<Item[]> {
  const found: Item[] = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_LIMIT) {
    let pending: Item[] = keys.slice(start, start + BATCH_GET_LIMIT);
    for (let retry = 0; ; retry++) {
      const output = await client.send(
        new BatchGetItemCommand({
          RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true, ...projection } },
        }),
      );
      found.push(...(output.Responses?.[tableName] ?? []));
      pending = output.UnprocessedKeys?.[tableName]?.Keys ?? [];
      if (pending.length === 0) break;
      if (retry >= policy.maxRetries) throw new UnprocessedKeysError(pending.length);
      await policy.sleep(backoffDelayMs(retry, policy));
    }
  }
  return found;
}
