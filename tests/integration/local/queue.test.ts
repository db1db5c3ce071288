import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalQueue, type QueueOptions } from '../../../local/queue';
import { newQueuedMessage, type SqsEvent } from '../../../local/s3-event';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'queue-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function queue(consumer: QueueOptions['consumer'], extra: Partial<QueueOptions> = {}): LocalQueue {
  return new LocalQueue({
    name: 'test-ingest',
    directory: path.join(dir, 'queue'),
    deadLetterDirectory: path.join(dir, 'dlq'),
    region: 'us-east-1',
    batchSize: 10,
    maxReceiveCount: 3,
    backoffMs: () => 5,
    consumer,
    ...extra,
  });
}

describe('LocalQueue', () => {
  it('delivers SQS-shaped batches and deletes consumed messages from disk', async () => {
    const events: SqsEvent[] = [];
    const q = queue(async (event) => {
      events.push(event);
      return { batchItemFailures: [] };
    });
    q.send(newQueuedMessage('one'));
    q.send(newQueuedMessage('two'));
    await q.whenIdle();

    const bodies = events.flatMap((e) => e.Records.map((r) => r.body));
    expect(bodies).toEqual(['one', 'two']);
    expect(events[0]?.Records[0]?.eventSource).toBe('aws:sqs');
    expect(readdirSync(path.join(dir, 'queue'))).toEqual([]);
  });

  it('retries only the items listed in batchItemFailures, with a growing receive count', async () => {
    const seen: { body: string; count: string }[] = [];
    const q = queue(async (event) => {
      for (const r of event.Records) seen.push({ body: r.body, count: r.attributes.ApproximateReceiveCount });
      const failures = event.Records.filter(
        (r) => r.body === 'flaky' && r.attributes.ApproximateReceiveCount === '1',
      );
      return { batchItemFailures: failures.map((r) => ({ itemIdentifier: r.messageId })) };
    });
    q.send(newQueuedMessage('ok'));
    q.send(newQueuedMessage('flaky'));
    await q.whenIdle();

    expect(seen.filter((s) => s.body === 'ok')).toEqual([{ body: 'ok', count: '1' }]);
    expect(seen.filter((s) => s.body === 'flaky').map((s) => s.count)).toEqual(['1', '2']);
    expect(q.deadLetters()).toEqual([]);
  });

  it('parks a message that keeps failing in the dead-letter folder and reports it', async () => {
    let calls = 0;
    const parked: string[] = [];
    const retries: number[] = [];
    const q = queue(
      async () => {
        calls += 1;
        throw new Error('table unavailable');
      },
      {
        onDeadLetter: (letter) => parked.push(letter.lastError),
        onRetry: (i) => retries.push(i.receiveCount),
      },
    );
    const message = newQueuedMessage('doomed');
    q.send(message);
    await q.whenIdle();

    expect(calls).toBe(3);
    expect(retries).toEqual([1, 2]);
    expect(parked).toEqual(['Error: table unavailable']);
    const [file] = q.deadLetters();
    expect(file).toBeDefined();
    const letter = JSON.parse(readFileSync(file ?? '', 'utf8'));
    expect(letter).toMatchObject({ queue: 'test-ingest', receiveCount: 3, message: { body: 'doomed' } });
    expect(readdirSync(path.join(dir, 'queue'))).toEqual([]);
  });

  it('re-drives parked messages onto the queue', async () => {
    let fail = true;
    const delivered: string[] = [];
    const q = queue(async (event) => {
      if (fail) throw new Error('down');
      delivered.push(...event.Records.map((r) => r.body));
    });
    q.send(newQueuedMessage('later'));
    await q.whenIdle();
    expect(q.deadLetters()).toHaveLength(1);

    fail = false;
    expect(q.redrive()).toBe(1);
    await q.whenIdle();
    expect(delivered).toEqual(['later']);
    expect(q.deadLetters()).toEqual([]);
  });

  it('keeps unconsumed messages on disk across a stop and delivers them after recover()', async () => {
    const first = queue(async () => new Promise(() => {}), { batchSize: 1 });
    await first.stop();
    first.send(newQueuedMessage('a'));
    first.send(newQueuedMessage('b'));
    expect(readdirSync(path.join(dir, 'queue'))).toHaveLength(2);

    const delivered: string[] = [];
    const second = queue(async (event) => {
      delivered.push(...event.Records.map((r) => r.body));
    });
    expect(second.recover()).toBe(2);
    await second.whenIdle();
    expect(delivered).toEqual(['a', 'b']);
    expect(existsSync(path.join(dir, 'queue'))).toBe(true);
    expect(readdirSync(path.join(dir, 'queue'))).toEqual([]);
  });

  it('waits out the batching window so a burst arrives as one batch', async () => {
    const sizes: number[] = [];
    const q = queue(
      async (event) => {
        sizes.push(event.Records.length);
      },
      { batchingWindowMs: 100 },
    );
    q.send(newQueuedMessage('a'));
    setTimeout(() => q.send(newQueuedMessage('b')), 20);
    setTimeout(() => q.send(newQueuedMessage('c')), 40);
    await new Promise((r) => setTimeout(r, 60));
    await q.whenIdle();
    expect(sizes).toEqual([3]);
  });

  it('hands the consumer one batch at a time, never two concurrently', async () => {
    let active = 0;
    let maxActive = 0;
    const q = queue(
      async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 5));
        active -= 1;
      },
      { batchSize: 1 },
    );
    for (let i = 0; i < 5; i++) q.send(newQueuedMessage(String(i)));
    await q.whenIdle();
    expect(maxActive).toBe(1);
  });
});
