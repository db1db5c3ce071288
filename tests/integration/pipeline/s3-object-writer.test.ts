/** lines.csv as a stream (docs/contract.md §8): a multipart upload on s3rver, invisible until closed. */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectWriter } from '../../../functions/render/s3-object-writer';
import { CSV_TYPE, SHORT_CACHE } from '../../../functions/render/site-objects';
import { type Emulators, startEmulators } from '../../support/emulators';

const BUCKET = 'writer-site';
let emulators: Emulators;

beforeAll(async () => {
  emulators = await startEmulators({ buckets: [BUCKET], tableName: 'unused' });
});
afterAll(async () => {
  await emulators?.close();
});

const object = (key: string) => ({ key, contentType: CSV_TYPE, cacheControl: SHORT_CACHE });

async function text(key: string): Promise<string> {
  const got = await emulators.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return (await got.Body?.transformToString('utf-8')) ?? '';
}

async function keys(): Promise<string[]> {
  const listed = await emulators.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (listed.Contents ?? []).map((o) => o.Key ?? '');
}

describe('S3ObjectWriter', () => {
  it('sends an object larger than a part in parts, byte for byte, with its type', async () => {
    const writer = new S3ObjectWriter(emulators.s3, BUCKET, object('big.csv'), 5 * 1024 * 1024);
    const row = `${'单位甲,项目乙,'.repeat(20)}12345.67\r\n`;
    let expected = '\uFEFF';
    await writer.write('\uFEFF');
    for (let i = 0; i < 40_000; i++) {
      await writer.write(row);
      expected += row;
    }
    expect(await keys()).not.toContain('big.csv'); // nothing visible before close
    await writer.close();
    expect(Buffer.byteLength(expected)).toBeGreaterThan(2 * 5 * 1024 * 1024);
    expect(await text('big.csv')).toBe(expected);
    const head = await emulators.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'big.csv' }));
    expect(head.ContentType).toBe(CSV_TYPE);
    expect(head.CacheControl).toBe(SHORT_CACHE);
  });

  it('sends a small object in one put, and an aborted one leaves nothing', async () => {
    const small = new S3ObjectWriter(emulators.s3, BUCKET, object('small.csv'));
    await small.write('a,b\r\n');
    await small.close();
    expect(await text('small.csv')).toBe('a,b\r\n');

    const dropped = new S3ObjectWriter(emulators.s3, BUCKET, object('dropped.csv'), 5 * 1024 * 1024);
    await dropped.write('x'.repeat(6 * 1024 * 1024)); // one part sent
    await dropped.abort(); // s3rver has no AbortMultipartUpload: the failure is swallowed
    expect(await keys()).not.toContain('dropped.csv');
  });
});
