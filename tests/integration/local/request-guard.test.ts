/**
 * Local mode is for this machine's user only (docs/contract.md §6.1): a web page the user opens must not
 * write into s3rver or dynalite. Without the guard, a cross-site form POST reached s3rver (it
 * takes unsigned requests) and dynalite answered any origin; the SDK (and so the AWS CLI and
 * `npx budget`, which sign the same way) must still get through.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoClient, localS3Client } from '../../../local/clients';
import { type DynamoEmulator, type S3Emulator, startDynamo, startS3 } from '../../../local/emulators';
import { localRequestRefusal } from '../../../local/request-guard';
import { startSiteServer } from '../../../local/site-server';

const BUCKET = 'guarded-uploads';
let dir: string;
let s3emu: S3Emulator;
let dynamo: DynamoEmulator;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'guard-'));
  s3emu = await startS3({ directory: path.join(dir, 's3'), port: 0 });
  await s3emu.ensureBuckets([BUCKET]);
  dynamo = await startDynamo({ directory: path.join(dir, 'dynamodb'), port: 0 });
});

afterAll(async () => {
  await s3emu?.close();
  await dynamo?.close();
  rmSync(dir, { recursive: true, force: true });
});

const s3Url = (p: string) => `http://127.0.0.1:${s3emu.port}${p}`;

async function keysInBucket(): Promise<string[]> {
  const client = localS3Client(s3emu.port);
  const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  client.destroy();
  return (page.Contents ?? []).map((o) => o.Key ?? '');
}

describe('S3 port', () => {
  it('refuses a browser-style cross-site form POST, which s3rver would have stored', async () => {
    const form = new FormData();
    form.append('key', 'incoming/from-a-web-page.csv');
    form.append('file', new Blob(['年度,月份\n']), 'x.csv');
    const response = await fetch(s3Url(`/${BUCKET}`), {
      method: 'POST',
      body: form,
      headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('refused');
    expect(await keysInBucket()).not.toContain('incoming/from-a-web-page.csv');
  });

  it('refuses an unsigned PUT even without browser markers', async () => {
    const response = await fetch(s3Url(`/${BUCKET}/incoming/unsigned.csv`), { method: 'PUT', body: 'x' });
    expect(response.status).toBe(403);
    expect(await keysInBucket()).not.toContain('incoming/unsigned.csv');
  });

  it('refuses a CORS preflight', async () => {
    const response = await fetch(s3Url(`/${BUCKET}/incoming/x.csv`), {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'PUT' },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the SDK in (SigV4, as the AWS CLI and npx budget sign)', async () => {
    const client = localS3Client(s3emu.port);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'incoming/signed.csv', Body: 'ok' }));
    const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'incoming/signed.csv' }));
    expect(await object.Body?.transformToString()).toBe('ok');
    client.destroy();
  });
});

describe('DynamoDB port', () => {
  it('refuses a cross-site POST, which dynalite would have answered', async () => {
    const response = await fetch(`http://127.0.0.1:${dynamo.port}/`, {
      method: 'POST',
      body: '{}',
      headers: {
        Origin: 'https://evil.example',
        'Content-Type': 'text/plain',
        'X-Amz-Target': 'DynamoDB_20120810.ListTables',
      },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses an unsigned request and lets the SDK in', async () => {
    const unsigned = await fetch(`http://127.0.0.1:${dynamo.port}/`, {
      method: 'POST',
      body: '{}',
      headers: {
        'Content-Type': 'application/x-amz-json-1.0',
        'X-Amz-Target': 'DynamoDB_20120810.ListTables',
      },
    });
    expect(unsigned.status).toBe(403);
    const client = localDynamoClient(dynamo.port);
    expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    client.destroy();
  });
});

/** A GET with the Host a DNS-rebinding page sends (fetch would not let us set it). */
function getWithHost(port: number, path: string, host: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers: { ...headers, host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

describe('DNS rebinding: a Host other than this machine is refused on every port (issue 19)', () => {
  it('S3 (even with a signature), DynamoDB and the site server answer 403; 127.0.0.1 still works', async () => {
    const signed = 'AWS4-HMAC-SHA256 Credential=S3RVER/20211201/us-east-1/s3/aws4_request, Signature=x';
    const evil = 'rebind.attacker.example';
    expect(
      (await getWithHost(s3emu.port, `/${BUCKET}`, `${evil}:${s3emu.port}`, { authorization: signed }))
        .status,
    ).toBe(403);
    expect(
      (await getWithHost(dynamo.port, '/', `${evil}:${dynamo.port}`, { authorization: signed })).status,
    ).toBe(403);
    const site = await startSiteServer({ s3: localS3Client(s3emu.port), bucket: BUCKET, port: 0 });
    try {
      const refused = await getWithHost(site.port, '/', `${evil}:${site.port}`);
      expect(refused.status).toBe(403);
      expect(refused.body).toContain('refused');
      expect((await getWithHost(site.port, '/', `127.0.0.1:${site.port}`)).status).not.toBe(403);
    } finally {
      await site.close();
    }
  });
});

describe('localRequestRefusal', () => {
  const request = (url: string, headers: Record<string, string>) =>
    ({ url, headers: { host: '127.0.0.1:4569', ...headers } }) as unknown as IncomingMessage;

  it('refuses a Host that is not this machine’s loopback (DNS rebinding), signed or not', () => {
    const signed = 'AWS4-HMAC-SHA256 Credential=S3RVER/20211201/us-east-1/s3/aws4_request, Signature=x';
    for (const host of ['rebind.attacker.example:4569', '127.0.0.1.nip.io:4569', '10.0.0.5:4569']) {
      expect(localRequestRefusal(request('/', { authorization: signed, host }))).toMatch(/Host/);
    }
    for (const host of ['127.0.0.1:4569', 'localhost:4569', 'lechang-uploads.localhost:4569', '[::1]:4569']) {
      expect(localRequestRefusal(request('/', { authorization: signed, host }))).toBeNull();
    }
  });

  it('accepts presigned URLs (SigV4 and SigV2) and same-origin or user-typed navigations that are signed', () => {
    expect(
      localRequestRefusal(request('/b/k?X-Amz-Credential=S3RVER%2F20211201&X-Amz-Signature=abc', {})),
    ).toBeNull();
    expect(localRequestRefusal(request('/b/k?AWSAccessKeyId=S3RVER&Signature=abc&Expires=1', {}))).toBeNull();
    expect(
      localRequestRefusal(request('/b/k?X-Amz-Credential=a&X-Amz-Signature=b', { 'sec-fetch-site': 'none' })),
    ).toBeNull();
  });

  it('refuses same-site but not same-origin pages, and any Origin', () => {
    const signed = 'AWS4-HMAC-SHA256 Credential=S3RVER/20211201/us-east-1/s3/aws4_request, Signature=x';
    expect(
      localRequestRefusal(request('/', { authorization: signed, 'sec-fetch-site': 'same-site' })),
    ).toMatch(/Sec-Fetch-Site/);
    expect(
      localRequestRefusal(request('/', { authorization: signed, origin: 'http://127.0.0.1:3000' })),
    ).toMatch(/Origin/);
    expect(localRequestRefusal(request('/', { authorization: signed }))).toBeNull();
  });
});
