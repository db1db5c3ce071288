/**
 * A local stand-in for an SQS queue with a Lambda event source mapping: batches of
 * messages delivered to one consumer at a time, partial batch failures honoured, failed
 * messages made visible again after a backoff, and after `maxReceiveCount` receives moved
 * to a dead-letter folder (the DLQ) and reported. Messages are written to disk until
 * consumed, so stopping `npm start` mid-way loses no upload event.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { errorMessage } from './error-message';
import { type QueuedMessage, type SqsEvent, toSqsRecord } from './s3-event';

export interface DeadLetter {
  queue: string;
  message: QueuedMessage;
  receiveCount: number;
  lastError: string;
  deadLetteredAt: string;
}

export interface QueueOptions {
  /** Also the queue name in the event source ARN. */
  name: string;
  /** Where unconsumed messages are kept; recovered by the next start. */
  directory: string;
  /** Where messages go after the last failed receive. */
  deadLetterDirectory: string;
  region: string;
  /** Up to this many messages per invocation, like the event source mapping's BatchSize. */
  batchSize: number;
  /**
   * Like the event source's MaximumBatchingWindow: a batch that is not full waits this long
   * for more messages first, so a burst of uploads is rendered once. Default 0.
   */
  batchingWindowMs?: number;
  /** Receives before a message is dead-lettered, like the redrive policy's maxReceiveCount. */
  maxReceiveCount: number;
  /** Delay before a failed message is visible again, by receive count (1, 2, …). */
  backoffMs: (receiveCount: number) => number;
  consumer: (event: SqsEvent) => Promise<unknown>;
  /** A short label for log lines (e.g. the object key in the message). */
  describe?: (message: QueuedMessage) => string;
  onRetry?: (info: { label: string; receiveCount: number; delayMs: number; error: string }) => void;
  onDeadLetter?: (letter: DeadLetter, file: string) => void;
}

interface Entry {
  message: QueuedMessage;
  file: string;
  receiveCount: number;
  firstReceivedAt: number;
  visibleAt: number;
  lastError: string;
}

const storedMessage = z.object({ messageId: z.string(), body: z.string(), sentTimestamp: z.number() });

const batchResponse = z.object({
  batchItemFailures: z.array(z.object({ itemIdentifier: z.string() })),
});

/**
 * 0.5 s, 1 s, 2 s, 4 s, then 5 s: SQS would wait a visibility timeout (minutes) between
 * receives, far too slow for someone watching the console; the count of receives is what
 * matters for the dead-letter decision.
 */
export function defaultBackoffMs(receiveCount: number): number {
  return Math.min(5_000, 500 * 2 ** (receiveCount - 1));
}

export class LocalQueue {
  private readonly entries: Entry[] = [];
  private inFlight = 0;
  private running = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];
  private loop: Promise<void> = Promise.resolve();
  private counter = 0;

  constructor(private readonly options: QueueOptions) {
    mkdirSync(options.directory, { recursive: true });
    mkdirSync(options.deadLetterDirectory, { recursive: true });
  }

  /** Re-queues what a previous run left unconsumed; returns how many. */
  recover(): number {
    const known = new Set(this.entries.map((e) => e.file));
    const files = readdirSync(this.options.directory)
      .filter((f) => f.endsWith('.json'))
      .sort();
    let recovered = 0;
    for (const name of files) {
      const file = path.join(this.options.directory, name);
      if (known.has(file)) continue;
      let parsed: ReturnType<typeof storedMessage.safeParse>;
      try {
        parsed = storedMessage.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      } catch {
        continue; // A write cut short by a crash: the event was never acknowledged to anyone.
      }
      if (!parsed.success) continue;
      this.entries.push(this.entry(parsed.data, file));
      recovered += 1;
    }
    this.kick();
    return recovered;
  }

  /**
   * Enqueues synchronously (the message is on disk when this returns). After stop() the
   * message is only stored: an upload landing during shutdown is handled by the next start.
   */
  send(message: QueuedMessage): void {
    // Zero-padded sequence keeps file order = send order within one millisecond.
    const name = `${message.sentTimestamp}-${String(this.counter++).padStart(6, '0')}-${message.messageId}.json`;
    const file = path.join(this.options.directory, name);
    writeFileSync(file, JSON.stringify(message));
    if (this.stopped) return;
    this.entries.push(this.entry(message, file));
    this.kick();
  }

  /** Messages waiting or being processed. */
  get depth(): number {
    return this.entries.length + this.inFlight;
  }

  /** Resolves when nothing is waiting or in flight. */
  whenIdle(): Promise<void> {
    if (this.depth === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Dead letters parked by this or earlier runs. */
  deadLetters(): string[] {
    if (!existsSync(this.options.deadLetterDirectory)) return [];
    return readdirSync(this.options.deadLetterDirectory)
      .filter((f) => f.endsWith('.json'))
      .map((f) => path.join(this.options.deadLetterDirectory, f));
  }

  /** Moves every dead letter back onto the queue (SQS "start DLQ redrive"). */
  redrive(): number {
    const letters = this.deadLetters();
    for (const file of letters) {
      const letter = JSON.parse(readFileSync(file, 'utf8')) as { message?: unknown };
      const parsed = storedMessage.safeParse(letter.message);
      if (parsed.success) this.send(parsed.data);
      rmSync(file);
    }
    return letters.length;
  }

  /** Stops delivering; waits for the batch in flight. Unconsumed messages stay on disk. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.loop;
  }

  private entry(message: QueuedMessage, file: string): Entry {
    return { message, file, receiveCount: 0, firstReceivedAt: 0, visibleAt: 0, lastError: '' };
  }

  private kick(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.loop = this.drain().finally(() => {
      this.running = false;
      // A send() that landed between the last batch and here found the loop still running.
      if (!this.stopped && this.entries.some((e) => e.visibleAt <= Date.now())) this.kick();
      else this.notifyIfIdle();
    });
  }

  private async drain(): Promise<void> {
    // Yield first: send() is called from inside s3rver's request handling, and events of
    // one burst (the demo upload) should share a batch rather than start one each.
    await new Promise((resolve) => setImmediate(resolve));
    while (!this.stopped) {
      const window = this.options.batchingWindowMs ?? 0;
      if (window > 0 && this.visible(Date.now()).length < this.options.batchSize) {
        await new Promise((resolve) => setTimeout(resolve, window));
        if (this.stopped) return;
      }
      const now = Date.now();
      const batch = this.visible(now).slice(0, this.options.batchSize);
      if (batch.length === 0) {
        this.scheduleNextVisible(now);
        return;
      }
      for (const e of batch) this.entries.splice(this.entries.indexOf(e), 1);
      this.inFlight += batch.length;
      try {
        await this.deliver(batch);
      } finally {
        this.inFlight -= batch.length;
      }
    }
  }

  private visible(now: number): Entry[] {
    return this.entries.filter((e) => e.visibleAt <= now);
  }

  private scheduleNextVisible(now: number): void {
    if (this.entries.length === 0) return;
    const next = Math.min(...this.entries.map((e) => e.visibleAt));
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.kick(), Math.max(0, next - now));
  }

  private async deliver(batch: Entry[]): Promise<void> {
    const now = Date.now();
    for (const e of batch) {
      e.receiveCount += 1;
      if (e.firstReceivedAt === 0) e.firstReceivedAt = now;
    }
    const event: SqsEvent = {
      Records: batch.map((e) =>
        toSqsRecord(e.message, {
          queueName: this.options.name,
          region: this.options.region,
          receiveCount: e.receiveCount,
          firstReceivedAt: e.firstReceivedAt,
        }),
      ),
    };
    let failed: Set<string>;
    let error = '';
    try {
      const response = await this.options.consumer(event);
      const parsed = batchResponse.safeParse(response);
      // Lambda: no batchItemFailures (or an unreadable response) means the whole batch succeeded.
      failed = new Set(parsed.success ? parsed.data.batchItemFailures.map((f) => f.itemIdentifier) : []);
      error = 'reported in batchItemFailures';
    } catch (err) {
      failed = new Set(batch.map((e) => e.message.messageId));
      error = errorMessage(err, { withName: true });
    }
    for (const e of batch) {
      if (!failed.has(e.message.messageId)) {
        rmSync(e.file, { force: true });
        continue;
      }
      e.lastError = error;
      if (e.receiveCount >= this.options.maxReceiveCount) this.deadLetter(e);
      else this.retryLater(e);
    }
  }

  private retryLater(e: Entry): void {
    const delayMs = this.options.backoffMs(e.receiveCount);
    e.visibleAt = Date.now() + delayMs;
    this.entries.push(e);
    this.options.onRetry?.({
      label: this.options.describe?.(e.message) ?? e.message.messageId,
      receiveCount: e.receiveCount,
      delayMs,
      error: e.lastError,
    });
  }

  private deadLetter(e: Entry): void {
    const letter: DeadLetter = {
      queue: this.options.name,
      message: e.message,
      receiveCount: e.receiveCount,
      lastError: e.lastError,
      deadLetteredAt: new Date().toISOString(),
    };
    const file = path.join(this.options.deadLetterDirectory, path.basename(e.file));
    writeFileSync(`${file}.tmp`, JSON.stringify(letter, null, 2));
    renameSync(`${file}.tmp`, file);
    rmSync(e.file, { force: true });
    this.options.onDeadLetter?.(letter, file);
  }

  private notifyIfIdle(): void {
    if (this.depth !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
