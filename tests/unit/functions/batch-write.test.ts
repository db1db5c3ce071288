/**
 * The write phase's request count does not depend on how many calls are in flight: ⌈items / 25⌉
 * BatchWriteItem calls, plus exactly one per response that hands items back (throttling), and
 * never more calls in flight than the setting allows.
 */
import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackoffPolicy } from '../../../functions/common/backoff';
import { BATCH_WRITE_LIMIT, batchWriteAll } from '../../../functions/store/dynamodb/batch-write';
import { citySettingsSchema, DEFAULT_WRITE_CONCURRENCY } from '../../../shared/city-settings';

const ddb = mockClient(DynamoDBClient);
const TABLE = 'lechang-budget';
const noWait: BackoffPolicy = { maxRetries: 5, baseMs: 1, capMs: 1, sleep: async () => {}, random: () => 0 };
const items = Array.from({ length: 1_001 }, (_, i) => i);
const toRequest = (i: number) => ({ PutRequest: { Item: { pk: { S: `P#${i}` } } } });

afterEach(() => ddb.reset());

/** Answers every call after a turn of the event loop, counting how many are open at once. */
function answering(handBack: (call: number, input: BatchWriteItemCommandInput) => number) {
  let open = 0;
  let calls = 0;
  const seen = { maxOpen: 0, written: new Set<string>() };
  ddb.on(BatchWriteItemCommand).callsFake(async (input: BatchWriteItemCommandInput) => {
    const call = calls++;
    open++;
    seen.maxOpen = Math.max(seen.maxOpen, open);
    await new Promise((resolve) => setTimeout(resolve, 1));
    open--;
    const requests = input.RequestItems?.[TABLE] ?? [];
    const kept = handBack(call, input);
    for (const request of requests.slice(kept)) seen.written.add(request.PutRequest?.Item?.pk?.S ?? '');
    return kept === 0 ? {} : { UnprocessedItems: { [TABLE]: requests.slice(0, kept) } };
  });
  return seen;
}

describe('batchWriteAll', () => {
  it.each([1, 2, DEFAULT_WRITE_CONCURRENCY, 16])(
    'writes 1,001 items in 41 calls with %i in flight',
    async (concurrency) => {
      const seen = answering(() => 0);
      await batchWriteAll(ddb as unknown as DynamoDBClient, TABLE, items, toRequest, noWait, concurrency);
      expect(ddb.commandCalls(BatchWriteItemCommand)).toHaveLength(
        Math.ceil(items.length / BATCH_WRITE_LIMIT),
      );
      expect(seen.maxOpen).toBe(concurrency);
      expect(seen.written.size).toBe(items.length);
    },
  );

  it('adds one call per response that hands items back, whatever the concurrency', async () => {
    for (const concurrency of [1, 4, 16]) {
      ddb.reset();
      // Every third response hands its first two items back.
      const seen = answering((call) => (call % 3 === 0 ? 2 : 0));
      await batchWriteAll(ddb as unknown as DynamoDBClient, TABLE, items, toRequest, noWait, concurrency);
      const calls = ddb.commandCalls(BatchWriteItemCommand).length;
      const handedBack = Math.ceil(calls / 3);
      expect(calls).toBe(Math.ceil(items.length / BATCH_WRITE_LIMIT) + handedBack);
      expect(seen.written.size).toBe(items.length);
    }
  });

  it('is a city setting within 1..32 (unset: the store uses DEFAULT_WRITE_CONCURRENCY)', () => {
    const base = { id: 'lechang', displayName: '乐昌市民政局', site: { mode: 'off' } } as const;
    expect(citySettingsSchema.parse(base).writeConcurrency).toBeUndefined();
    expect(citySettingsSchema.parse({ ...base, writeConcurrency: 2 }).writeConcurrency).toBe(2);
    expect(citySettingsSchema.safeParse({ ...base, writeConcurrency: 0 }).success).toBe(false);
    expect(citySettingsSchema.safeParse({ ...base, writeConcurrency: 33 }).success).toBe(false);
  });
});
