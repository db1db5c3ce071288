/**
 * The local runtime's AWS emulation against the real emulators, with stand-in handlers:
 * which S3 changes reach which function, in which shape, and what the site server sends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localS3Client } from '../../../local/clients';
import { DataDirInUseError } from '../../../local/data-dir-lock';
import type { PipelineHandlers } from '../../../local/handlers';
import { PortInUseError } from '../../../local/ports';
import { type LocalRuntime, readsDerivedState, startLocal } from '../../../local/runtime';
import type { SqsEvent } from '../../../local/s3-event';

interface S3EventBody {
  Records: {
    eventName: string;
    eventVersion: string;
    s3: { bucket: { name: string }; object: Record<string, unknown> };
  }[];
}

const received = { ingest: [] as S3EventBody[], render: [] as S3EventBody[] };
const directRenders: unknown[] = [];
let dataDir: string;
let runtime: LocalRuntime;
let s3: S3Client;
const logLines: string[] = [];

/** The S3 events inside an SQS delivery; none for other invocations (the first render-all). */
function bodies(event: unknown): S3EventBody[] {
  const records = (event as Partial<SqsEvent>).Records ?? [];
  return records.map((r) => JSON.parse(r.body) as S3EventBody);
}

const handlers: PipelineHandlers = {
  ingest: async (event) => {
    for (const body of bodies(event)) {
      received.ingest.push(body);
      const key = String(body.Records[0]?.s3.object.key);
      // Like the real ingest: a status record per upload, which in turn triggers render.
      await s3.send(
        new PutObjectCommand({
          Bucket: 'test-uploads',
          Key: `status/${decodeURIComponent(key.replace(/\+/g, ' '))}.json`,
          Body: JSON.stringify({ key, status: 'accepted', period: '2021-12', rows: 1 }),
          ContentType: 'application/json',
        }),
      );
    }
    return { batchItemFailures: [] };
  },
  render: async (event) => {
    if ((event as Partial<SqsEvent>).Records === undefined) directRenders.push(event);
    received.render.push(...bodies(event));
    return { batchItemFailures: [] };
  },
};

async function put(input: Omit<PutObjectCommandInput, 'Body'> & { Body: string }) {
  return s3.send(new PutObjectCommand(input));
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'local-wiring-'));
  runtime = await startLocal({
    dataDir,
    sitePort: 0,
    s3Port: 0,
    dynamodbPort: 0,
    loadDemo: false,
    cityId: 'test',
    uploadBucket: 'test-uploads',
    siteBucket: 'test-site',
    tableName: 'test-budget',
    handlers,
    log: (line) => logLines.push(line),
  });
  await runtime.ready;
  s3 = localS3Client(runtime.ports.s3);
});

afterAll(async () => {
  s3?.destroy();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('first start without data', () => {
  it('renders the empty site once, so its root is not a 404', () => {
    expect(directRenders).toEqual([{ kind: 'render-all' }]);
  });
});

describe('event wiring', () => {
  it('turns an upload under incoming/ into an SQS-delivered S3 event with an S3-encoded key and a sequencer', async () => {
    const put1 = await put({
      Bucket: 'test-uploads',
      Key: 'incoming/民政 2021 (12).csv',
      Body: 'a,b\n1,2\n',
    });
    await runtime.whenIdle();

    const record = received.ingest.at(-1)?.Records[0];
    expect(record?.eventName).toBe('ObjectCreated:Put');
    expect(record?.eventVersion).toBe('2.1');
    expect(record?.s3.bucket.name).toBe('test-uploads');
    expect(record?.s3.object.key).toBe('incoming/%E6%B0%91%E6%94%BF+2021+%2812%29.csv');
    expect(record?.s3.object.eTag).toBe(put1.ETag?.replace(/"/g, ''));
    expect(record?.s3.object.size).toBe(8);
    expect(record?.s3.object.sequencer).toMatch(/^[0-9A-F]{16}$/);
  });

  it('sends the status record written by ingest on to render', async () => {
    const before = received.render.length;
    await put({ Bucket: 'test-uploads', Key: 'incoming/render-me.csv', Body: 'x' });
    await runtime.whenIdle();
    const renders = received.render.slice(before);
    expect(renders.map((b) => b.Records[0]?.s3.object.key)).toEqual(['status/incoming/render-me.csv.json']);
    expect(logLines.some((l) => l.includes('incoming/render-me.csv: accepted, period 2021-12, 1 rows'))).toBe(
      true,
    );
  });

  it('ignores the site bucket and keys outside the upload prefixes', async () => {
    const before = { ingest: received.ingest.length, render: received.render.length };
    await put({ Bucket: 'test-site', Key: 'incoming/x.csv', Body: 'x' });
    await put({ Bucket: 'test-uploads', Key: 'elsewhere/x.csv', Body: 'x' });
    await runtime.whenIdle();
    expect(received.ingest.length).toBe(before.ingest);
    expect(received.render.length).toBe(before.render);
  });

  it('filters uploads by prefix only, as the stack does: every name under incoming/ and indicators/ reaches ingest', async () => {
    const before = received.ingest.length;
    const keys = ['incoming/x.CSV', 'incoming/notes.txt', 'incoming/book.xlsx', 'indicators/2021.csv'];
    for (const Key of keys) await put({ Bucket: 'test-uploads', Key, Body: 'x' });
    await runtime.whenIdle();
    const delivered = received.ingest.slice(before).map((b) => String(b.Records[0]?.s3.object.key));
    expect(delivered.sort()).toEqual([...keys].sort());
  });

  it('stores streamed uploads from a client with default checksums intact (aws-chunked decoded)', async () => {
    // The SDK's default (WHEN_SUPPORTED) frames a streamed body as aws-chunked with a CRC32 trailer.
    const plain = new S3Client({
      endpoint: runtime.urls.s3,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const content = Buffer.from('年度,月份\n2021,12\n', 'utf8');
    try {
      await plain.send(
        new PutObjectCommand({
          Bucket: 'test-uploads',
          Key: 'incoming/streamed.csv',
          Body: Readable.from([content]),
          ContentLength: content.length,
        }),
      );
      await runtime.whenIdle();
      const stored = await s3.send(
        new GetObjectCommand({ Bucket: 'test-uploads', Key: 'incoming/streamed.csv' }),
      );
      expect(Buffer.from((await stored.Body?.transformToByteArray()) ?? [])).toEqual(content);
      expect(stored.ContentEncoding).toBeUndefined();
      expect(received.ingest.at(-1)?.Records[0]?.s3.object.size).toBe(content.length);
    } finally {
      plain.destroy();
    }
  });

  it('gives every key of a multi-object delete its own ObjectRemoved event, with growing sequencers', async () => {
    await put({ Bucket: 'test-uploads', Key: 'incoming/d1.csv', Body: 'x' });
    await put({ Bucket: 'test-uploads', Key: 'incoming/d2.csv', Body: 'x' });
    await runtime.whenIdle();
    const createdSeq = String(received.ingest.at(-1)?.Records[0]?.s3.object.sequencer);
    const before = received.ingest.length;

    await s3.send(
      new DeleteObjectsCommand({
        Bucket: 'test-uploads',
        Delete: { Objects: [{ Key: 'incoming/d1.csv' }, { Key: 'incoming/d2.csv' }] },
      }),
    );
    await runtime.whenIdle();

    const removals = received.ingest.slice(before).map((b) => b.Records[0]);
    expect(removals.map((r) => r?.eventName)).toEqual(['ObjectRemoved:Delete', 'ObjectRemoved:Delete']);
    expect(removals.map((r) => r?.s3.object.key).sort()).toEqual(['incoming/d1.csv', 'incoming/d2.csv']);
    for (const r of removals) {
      expect(r?.s3.object).not.toHaveProperty('eTag');
      expect(String(r?.s3.object.sequencer) > createdSeq).toBe(true);
    }
  });
});

describe('site server', () => {
  const site = (p: string, init?: RequestInit) =>
    fetch(`${runtime.urls.site}${p}`, { redirect: 'manual', ...init });

  beforeAll(async () => {
    await put({ Bucket: 'test-site', Key: 'index.html', Body: '<p>首页</p>', ContentType: 'text/html' });
    await put({
      Bucket: 'test-site',
      Key: 'reports/2021-12/index.html',
      Body: '<p>十二月</p>',
      ContentType: 'text/html; charset=utf-8',
    });
    await put({ Bucket: 'test-site', Key: 'reports/2021-12/report.json', Body: '{"a":1}' });
    await put({
      Bucket: 'test-site',
      Key: 'reports/2021-12/lines.csv',
      Body: '\uFEFF项目\n',
      ContentType: 'text/csv',
    });
  });

  it('serves the bucket at the same paths, directory paths by their index.html, with UTF-8 declared', async () => {
    const index = await site('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toBe('<p>首页</p>');

    const report = await site('/reports/2021-12/');
    expect(await report.text()).toBe('<p>十二月</p>');

    // Stored without a type (s3rver records binary/octet-stream): typed by extension.
    const json = await site('/reports/2021-12/report.json');
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await json.json()).toEqual({ a: 1 });

    const csv = await site('/reports/2021-12/lines.csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  });

  it('redirects a directory path without its slash, like the CDN in front of the bucket', async () => {
    const res = await site('/reports/2021-12');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/reports/2021-12/');
  });

  it('answers 404 with a bilingual page, 400 to escapes from the bucket, 405 to writes', async () => {
    const missing = await site('/reports/1999-01/');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await missing.text()).toContain('页面不存在');

    expect((await site('/reports%2f..%2f..%2fetc%2fpasswd')).status).toBe(400);
    expect((await site('/a%5c..%5cb')).status).toBe(400);
    expect((await site('/', { method: 'POST' })).status).toBe(405);
  });

  it('supports conditional GET', async () => {
    const first = await site('/');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await site('/', { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
  });
});

describe('readsDerivedState', () => {
  const buckets = { siteBucket: 'site', uploadBucket: 'uploads' };
  it('holds reads of the site bucket and of status records, nothing else', () => {
    const reads = (method: string, url: string) => readsDerivedState({ method, url }, buckets);
    expect(reads('GET', '/site/reports/2021-12/report.json')).toBe(true);
    expect(reads('HEAD', '/site/index.html')).toBe(true);
    expect(reads('GET', '/site?list-type=2')).toBe(true);
    expect(reads('GET', '/uploads/status/incoming/x.csv.json')).toBe(true);
    expect(reads('GET', '/uploads?list-type=2&prefix=status%2F')).toBe(true);
    expect(reads('GET', '/uploads/incoming/x.csv')).toBe(false);
    expect(reads('GET', '/uploads?list-type=2&prefix=incoming%2F')).toBe(false);
    expect(reads('PUT', '/site/index.html')).toBe(false);
    expect(reads('GET', '/other/status/x')).toBe(false);
    expect(reads('GET', '/site/%E0%A4%A')).toBe(false);
  });
});

describe('data directory', () => {
  it('refuses a second runtime on a data directory in use, naming the owner', async () => {
    const second = startLocal({
      dataDir,
      sitePort: 0,
      s3Port: 0,
      dynamodbPort: 0,
      loadDemo: false,
      handlers,
      log: () => {},
    });
    await expect(second).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(second).rejects.toThrow(`pid ${process.pid}`);
    // The first one is unaffected.
    expect((await fetch(`${runtime.urls.site}/`)).status).toBe(200);
  });
});

describe('ports', () => {
  it('fails with an error naming the busy port and its variable, and leaves nothing listening', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const address = blocker.address();
    const busy = typeof address === 'object' && address !== null ? address.port : 0;
    const otherDir = mkdtempSync(path.join(tmpdir(), 'local-busy-'));
    try {
      const attempt = startLocal({
        dataDir: otherDir,
        sitePort: busy,
        s3Port: 0,
        dynamodbPort: 0,
        loadDemo: false,
        handlers,
        log: () => {},
      });
      await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
      await expect(attempt).rejects.toThrow(new RegExp(`port ${busy}.*PORT=`));

      // The emulators it had started were closed again: the same data dir opens at once.
      const retry = await startLocal({
        dataDir: otherDir,
        sitePort: 0,
        s3Port: 0,
        dynamodbPort: 0,
        loadDemo: false,
        handlers,
        log: () => {},
      });
      await retry.stop();
    } finally {
      blocker.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
