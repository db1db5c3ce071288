/**
 * A handler that keeps failing: the event is retried, parked in the dead-letter folder and
 * reported; after the cause is fixed, `--redrive` (redrive: true) delivers it again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { localS3Client } from '../../../local/clients';
import type { PipelineHandlers } from '../../../local/handlers';
import { type LocalRuntime, startLocal } from '../../../local/runtime';
import type { SqsEvent } from '../../../local/s3-event';

const dataDir = mkdtempSync(path.join(tmpdir(), 'local-dlq-'));
let runtime: LocalRuntime | undefined;

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function boot(handlers: PipelineHandlers, log: string[], redrive = false) {
  return startLocal({
    dataDir,
    sitePort: 0,
    s3Port: 0,
    dynamodbPort: 0,
    loadDemo: false,
    uploadBucket: 'dlq-uploads',
    siteBucket: 'dlq-site',
    tableName: 'dlq-budget',
    handlers,
    backoffMs: () => 10,
    redrive,
    log: (l) => log.push(l),
  });
}

describe('dead letters', () => {
  it('retries a failing ingest as often as the redrive policy allows, parks it, and re-drives it later', async () => {
    let attempts = 0;
    const log: string[] = [];
    runtime = await boot(
      {
        ingest: async () => {
          attempts += 1;
          throw new Error('DynamoDB unavailable');
        },
        render: async () => undefined,
      },
      log,
    );
    const s3 = localS3Client(runtime.ports.s3);
    await s3.send(new PutObjectCommand({ Bucket: 'dlq-uploads', Key: 'incoming/x.csv', Body: 'x' }));
    s3.destroy();
    await runtime.whenIdle();

    expect(attempts).toBe(5);
    expect(log.filter((l) => l.startsWith('ingest: attempt'))).toHaveLength(4);
    expect(
      log.some((l) => /gave up on incoming\/x\.csv after 5 attempts \(Error: DynamoDB unavailable\)/.test(l)),
    ).toBe(true);
    await runtime.stop();

    const delivered: string[] = [];
    const fixedLog: string[] = [];
    runtime = await boot(
      {
        ingest: async (event) => {
          for (const r of (event as SqsEvent).Records)
            delivered.push(JSON.parse(r.body).Records[0].s3.object.key);
          return { batchItemFailures: [] };
        },
        render: async () => undefined,
      },
      fixedLog,
      true,
    );
    const summary = await runtime.ready;
    expect(delivered).toEqual(['incoming/x.csv']);
    expect(summary.deadLetters).toEqual([]);
    expect(fixedLog).toContain('re-driving 1 parked message(s)');
  });
});
