/**
 * BatchWriteItem takes at most 25 requests and may hand some back as `UnprocessedItems` when
 * a partition is throttled; those are resent with backoff until done or the retry budget is
 * spent (then the error propagates and the message is retried by SQS).
 */
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { type BackoffPolicy, backoffDelayMs } from '../../common/backoff';

export const BATCH_WRITE_LIMIT = 25;

export class UnprocessedItemsError extends Error {
  override name = 'UnprocessedItemsError';
  constructor(readonly unprocessed: number) {
    super(`BatchWriteItem left ${unprocessed} request(s) unprocessed after retries`);
  }
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export async function batchWriteAll(
  client: DynamoDBClient,
  tableName: string,
  requests: readonly WriteRequest[],
  policy: BackoffPolicy,
): Promise<void> {
  for (const batch of chunk(requests, BATCH_WRITE_LIMIT)) {
    let pending: WriteRequest[] = batch;
    for (let retry = 0; ; retry++) {
      const output = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      pending = output.UnprocessedItems?.[tableName] ?? [];
      if (pending.length === 0) break;
      if (retry >= policy.maxRetries) throw new UnprocessedItemsError(pending.length);
      await policy.sleep(backoffDelayMs(retry, policy));
    }
  }
}
