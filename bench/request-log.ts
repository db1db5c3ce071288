/**
 * Counts and times the DynamoDB requests a client sends, through SDK middleware, so the
 * benchmark measures the handler's own client without touching the handler. Added at the
 * `initialize` step: one entry per command sent, whatever the SDK retries underneath (the
 * store's own resends of UnprocessedItems are commands of their own and do count).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const WRITES = new Set(['BatchWriteItemCommand', 'PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand']);

export interface RequestEntry {
  command: string;
  /** Milliseconds since the log was created. */
  start: number;
  end: number;
}

export class RequestLog {
  readonly entries: RequestEntry[] = [];
  private readonly origin = performance.now();

  attach(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const entry: RequestEntry = { command: context.commandName ?? 'unknown', start: this.now(), end: 0 };
        this.entries.push(entry);
        try {
          return await next(args);
        } finally {
          entry.end = this.now();
        }
      },
      { step: 'initialize', name: 'benchRequestLog' },
    );
  }

  now(): number {
    return performance.now() - this.origin;
  }

  writeRequests(): number {
    return this.entries.filter((e) => WRITES.has(e.command)).length;
  }

  readRequests(): number {
    return this.entries.length - this.writeRequests();
  }

  /** Requests per command name, e.g. `{BatchWriteItemCommand: 2000, …}`. */
  byCommand(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { command } of this.entries) counts[command] = (counts[command] ?? 0) + 1;
    return counts;
  }

  /** From the first request of `command` starting to the last one ending, or null. */
  span(command: string): { start: number; end: number } | null {
    const mine = this.entries.filter((e) => e.command === command);
    if (mine.length === 0) return null;
    return { start: Math.min(...mine.map((e) => e.start)), end: Math.max(...mine.map((e) => e.end)) };
  }
}
