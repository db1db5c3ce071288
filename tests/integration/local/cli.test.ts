/**
 * `budget upload` and the rebuild procedure against the local runtime, with stand-in
 * handlers that behave like the real ones at the edges these commands depend on: the
 * status record (etag, sequencer, processedAt) and the table.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as upload } from '../../../bin/commands/upload';
import { localDynamoClient, localS3Client } from '../../../local/clients';
import type { PipelineHandlers } from '../../../local/handlers';
import { rebuild } from '../../../local/rebuild';
import { type LocalRuntime, startLocal } from '../../../local/runtime';
import type { SqsEvent } from '../../../local/s3-event';

let dataDir: string;
let runtime: LocalRuntime;
let s3: S3Client;
const ingested: string[] = [];
const rendered: unknown[] = [];
const savedEnv = { ...process.env };

interface EventBody {
  Records: { eventName: string; s3: { object: { key: string; eTag?: string; sequencer: string } } }[];
}

/** Accepts files whose body starts with "ok", rejects the rest with a located error. */
const handlers: PipelineHandlers = {
  ingest: async (event) => {
    for (const r of (event as SqsEvent).Records) {
      const record = (JSON.parse(r.body) as EventBody).Records[0];
      if (!record) continue;
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      ingested.push(key);
      if (record.eventName.startsWith('ObjectRemoved')) continue;
      const object = await s3.send(new GetObjectCommand({ Bucket: 'cli-uploads', Key: key }));
      const text = (await object.Body?.transformToString()) ?? '';
      const accepted = text.startsWith('ok');
      const status = {
        key,
        status: accepted ? 'accepted' : 'rejected',
        period: accepted ? '2021-06' : null,
        rows: accepted ? 2 : 0,
        sha256: null,
        errors: accepted
          ? []
          : [{ line: 3, column: '全年预算数', value: 'abc', message: '金额无效 / invalid amount' }],
        errorCount: accepted ? 0 : 1,
        warnings: [],
        processedAt: new Date().toISOString(),
        sequencer: record.s3.object.sequencer,
        etag: record.s3.object.eTag ?? null,
        versionId: null,
        totals: accepted ? { budget: '46233300.00', spentThisMonth: '0.00', spentToDate: '123.45' } : null,
      };
      await s3.send(
        new PutObjectCommand({
          Bucket: 'cli-uploads',
          Key: `status/${key}.json`,
          Body: JSON.stringify(status),
        }),
      );
    }
    return { batchItemFailures: [] };
  },
  render: async (event) => {
    rendered.push(event);
    return undefined;
  },
};

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  return { out: () => out.join(''), err: () => err.join('') };
}

/**
 * Runs `body` with the standard SDK variables a real account would be configured with, pointing
 * S3 at the emulator, and S3_PORT nowhere (so the local target cannot be what answers).
 */
async function withAwsConfiguration<T>(body: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${runtime.ports.s3}`,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'us-east-1',
    S3_PORT: '1',
  });
  try {
    return await body();
  } finally {
    process.env = saved;
  }
}

function file(name: string, content: string): string {
  const p = path.join(dataDir, name);
  writeFileSync(p, content);
  return p;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'local-cli-'));
  runtime = await startLocal({
    dataDir: path.join(dataDir, 'state'),
    sitePort: 0,
    s3Port: 0,
    dynamodbPort: 0,
    loadDemo: false,
    uploadBucket: 'cli-uploads',
    siteBucket: 'cli-site',
    tableName: 'cli-budget',
    handlers,
    log: () => {},
  });
  await runtime.ready;
  s3 = localS3Client(runtime.ports.s3);
  process.env.S3_PORT = String(runtime.ports.s3);
  process.env.UPLOAD_BUCKET = 'cli-uploads';
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  process.env = savedEnv;
  s3?.destroy();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('budget upload', () => {
  it('uploads to incoming/<name>, waits for the verdict and prints period and totals (exit 0)', async () => {
    const io = capture();
    const code = await upload([file('2021-06 extra.csv', 'ok,1\n')]);
    expect(code).toBe(0);
    expect(ingested).toContain('incoming/2021-06 extra.csv');
    expect(io.out()).toContain('incoming/2021-06 extra.csv: accepted, period 2021-06, 2 rows');
    expect(io.out()).toContain('46,233,300.00 元 (4623.33 万元)');
  });

  it('prints each error with line, column and value for a rejected file (exit 1)', async () => {
    const io = capture();
    const code = await upload([file('bad.csv', 'bad\n'), '--key', 'incoming/sub/bad.csv']);
    expect(code).toBe(1);
    expect(io.out()).toContain('incoming/sub/bad.csv: rejected');
    expect(io.out()).toContain('line 3, column 全年预算数: value "abc" 金额无效 / invalid amount');
  });

  it('waits for the new verdict when identical bytes are uploaded again, not the old record', async () => {
    const p = file('same.csv', 'ok,same\n');
    capture();
    expect(await upload([p])).toBe(0);
    const first = JSON.parse(
      (await (
        await s3.send(new GetObjectCommand({ Bucket: 'cli-uploads', Key: 'status/incoming/same.csv.json' }))
      ).Body?.transformToString()) ?? '{}',
    ) as { sequencer: string };

    const io = capture();
    expect(await upload([p, '--json'])).toBe(0);
    const second = JSON.parse(io.out()) as { sequencer: string; status: string };
    expect(second.status).toBe('accepted');
    expect(second.sequencer > first.sequencer).toBe(true);
  });

  it('refuses keys the pipeline never processes, and a missing file (exit 2)', async () => {
    const io = capture();
    expect(await upload([file('x.csv', 'ok'), '--key', 'other/x.csv'])).toBe(2);
    expect(await upload([path.join(dataDir, 'missing.csv')])).toBe(2);
    expect(await upload([])).toBe(2);
    expect(io.err()).toContain('incoming/…(.csv or .xlsx)');
    expect(io.err()).toContain('cannot read');
  });

  it('with --bucket uses the standard AWS configuration chain instead of the local endpoint', async () => {
    const io = capture();
    const code = await withAwsConfiguration(() =>
      upload([file('remote.csv', 'ok,remote\n'), '--bucket', 'cli-uploads']),
    );
    expect(code).toBe(0);
    expect(io.err()).toContain('s3://cli-uploads/incoming/remote.csv');
    expect(io.err()).not.toContain('127.0.0.1:1');
    expect(io.out()).toContain('incoming/remote.csv: accepted');
  });

  it('refuses locally what the pipeline would refuse (.xls), bilingual; --force uploads it for the record', async () => {
    const legacy = file('2021-06.xls', 'not really a workbook');
    ingested.length = 0;
    const io = capture();
    expect(await upload([legacy])).toBe(2);
    expect(ingested).toEqual([]);
    expect(io.err()).toContain('不能读取“.xls”文件');
    expect(io.err()).toContain('Cannot read a “.xls” file');
    expect(io.err()).toContain('--force');
    expect(await upload([legacy, '--force'])).toBe(1);
    expect(ingested).toEqual(['incoming/2021-06.xls']);
  });

  it("finds the running pipeline's ports in its DATA_DIR, with no S3_PORT set", async () => {
    const io = capture();
    const saved = { ...process.env };
    delete process.env.S3_PORT;
    delete process.env.UPLOAD_BUCKET;
    process.env.DATA_DIR = path.join(dataDir, 'state');
    try {
      expect(await upload([file('found.csv', 'ok,found\n')])).toBe(0);
    } finally {
      process.env = saved;
    }
    expect(io.err()).toContain(`s3://cli-uploads/incoming/found.csv at http://127.0.0.1:${runtime.ports.s3}`);
    expect(io.out()).toContain(
      'incoming/found.csv: accepted, period 2021-06, 2 rows (已接受，期间 2021-06，2 行)',
    );
  });

  it("with --stack (or --city) takes the bucket from the stack's outputs, with the user's AWS configuration", async () => {
    const cloudformation = mockClient(CloudFormationClient);
    cloudformation.on(DescribeStacksCommand, { StackName: 'BudgetPipeline-lechang' }).resolves({
      Stacks: [
        {
          StackName: 'BudgetPipeline-lechang',
          CreationTime: new Date(),
          StackStatus: 'UPDATE_COMPLETE',
          Outputs: [{ OutputKey: 'UploadBucketName', OutputValue: 'cli-uploads' }],
        },
      ],
    });
    cloudformation.on(DescribeStacksCommand, { StackName: 'BudgetPipeline-nowhere' }).rejects(
      Object.assign(new Error('Stack with id BudgetPipeline-nowhere does not exist'), {
        name: 'ValidationError',
      }),
    );
    const io = capture();
    try {
      await withAwsConfiguration(async () => {
        const deployed = file('deployed.csv', 'ok,deployed\n');
        expect(await upload([deployed, '--city', 'lechang', '--region', 'us-east-1'])).toBe(0);
        expect(await upload([deployed, '--city', 'nowhere', '--region', 'us-east-1'])).toBe(2);
      });
    } finally {
      cloudformation.restore();
    }
    expect(io.err()).toContain('s3://cli-uploads/incoming/deployed.csv (BudgetPipeline-lechang)');
    expect(io.out()).toContain('incoming/deployed.csv: accepted');
    expect(io.err()).toContain('找不到堆栈 BudgetPipeline-nowhere（区域 us-east-1）');
    expect(io.err()).toContain('no stack BudgetPipeline-nowhere in us-east-1');
  });

  it('says to start npm start when nothing listens on S3_PORT (exit 2)', async () => {
    const io = capture();
    const port = process.env.S3_PORT;
    process.env.S3_PORT = '1';
    try {
      expect(await upload([file('y.csv', 'ok')])).toBe(2);
    } finally {
      process.env.S3_PORT = port;
    }
    expect(io.err()).toContain('npm start');
  });
});

describe('rebuild', () => {
  it('empties the table, re-ingests every upload oldest first with fresh events, then renders all', async () => {
    const ddb = localDynamoClient(runtime.ports.dynamodb);
    try {
      for (let i = 0; i < 30; i++) {
        await ddb.send(
          new PutItemCommand({ TableName: 'cli-budget', Item: { pk: { S: `stale#${i}` }, sk: { S: 'x' } } }),
        );
      }
      await s3.send(
        new PutObjectCommand({ Bucket: 'cli-uploads', Key: 'incoming/notes.txt', Body: 'not a csv' }),
      );
      await runtime.whenIdle();
      ingested.length = 0;
      rendered.length = 0;
      const lines: string[] = [];

      const summary = await rebuild({
        s3,
        dynamodb: ddb,
        uploadBucket: 'cli-uploads',
        tableName: 'cli-budget',
        region: 'us-east-1',
        ingest: handlers.ingest,
        render: handlers.render,
        log: (l) => lines.push(l),
        beforeRenderAll: () => runtime.whenIdle(),
      });

      expect(summary.deletedItems).toBe(30);
      expect(summary.failed).toEqual([]);
      const scan = await ddb.send(new ScanCommand({ TableName: 'cli-budget' }));
      expect(scan.Count).toBe(0);
      // Every upload of the tests above, whatever its name: the handler decides (no suffix filter).
      expect([...ingested].sort()).toEqual([
        'incoming/2021-06 extra.csv',
        'incoming/2021-06.xls',
        'incoming/deployed.csv',
        'incoming/found.csv',
        'incoming/notes.txt',
        'incoming/remote.csv',
        'incoming/same.csv',
        'incoming/sub/bad.csv',
      ]);
      expect(rendered.at(-1)).toEqual({ kind: 'render-all' });
      expect(lines.some((l) => l.includes('incoming/sub/bad.csv: rejected'))).toBe(true);
    } finally {
      ddb.destroy();
    }
  });
});
