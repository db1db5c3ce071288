/**
 * BatchWriteItem takes at most 25 requests and may hand some back as `UnprocessedItems` when
 * a partition is throttled; those are resent with backoff until done or the retry budget is
 * spent (then the error propagates and the message is retried by SQS).
 *
 * Several batches are kept in flight (the city setting `writeConcurrency`, default
 * `DEFAULT_WRITE_CONCURRENCY` in shared/city-settings.ts): a batch costs a round trip whatever
 * its size, so one at a time leaves both sides idle half the time. The number of calls does not
 * depend on it: ⌈items / 25⌉, plus one per response that hands items back. Requests are built per batch, not all up front: a file of
 * 50,000 groups would otherwise hold 50,000 marshalled items at once.
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

async function writeBatch(
  client: DynamoDBClient,
  tableName: string,
  batch: WriteRequest[],
  policy: BackoffPolicy,
): Promise<void> {
  let pending = batch;
  for (let retry = 0; ; retry++) {
    const output = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
    pending = output.UnprocessedItems?.[tableName] ?? [];
    if (pending.length === 0) return;
    if (retry >= policy.maxRetries) throw new UnprocessedItemsError(pending.length);
    await policy.sleep(backoffDelayMs(retry, policy));
  }
}

/**
 * Writes `toRequest(item)` for every item, in batches of 25, `concurrency` batches at a time.
 * On a failure no new batch starts; the batches in flight finish, then the first error is thrown.
 */
export async function batchWriteAll<T>(
  client: DynamoDBClient,
  tableName: string,
  items: readonly T[],
  toRequest: (item: T) => WriteRequest,
  policy: BackoffPolicy,
  concurrency = 1,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const start = next;
      next += BATCH_WRITE_LIMIT;
      const batch = items.slice(start, start + BATCH_WRITE_LIMIT).map(toRequest);
      try {
        await writeBatch(client, tableName, batch, policy);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Math.max(1, Math.min(concurrency, Math.ceil(items.length / BATCH_WRITE_LIMIT)));
  const results = await Promise.allSettled(Array.from({ length: workers }, worker));
  for (const result of results) if (result.status === 'rejected') throw result.reason;
}
