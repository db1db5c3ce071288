import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AwsChunkedDecoder, isAwsChunked, storedContentEncoding } from '../../../local/aws-chunked';

async function decode(parts: Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(parts).pipe(new AwsChunkedDecoder())) out.push(chunk as Buffer);
  return Buffer.concat(out);
}

const payload = Buffer.from('年度,月份\n2021,12\n', 'utf8');
const framed = Buffer.concat([
  Buffer.from(`${payload.length.toString(16)};chunk-signature=abc\r\n`),
  payload,
  Buffer.from('\r\n0\r\nx-amz-checksum-crc32:XIZSKA==\r\n\r\n'),
]);

describe('AwsChunkedDecoder', () => {
  it('strips the framing, signatures and trailer, keeping the bytes exactly', async () => {
    expect(await decode([framed])).toEqual(payload);
  });

  it('does not depend on where the network splits the stream', async () => {
    for (let size = 1; size <= framed.length; size += 3) {
      const parts: Buffer[] = [];
      for (let i = 0; i < framed.length; i += size) parts.push(framed.subarray(i, i + size));
      expect(await decode(parts)).toEqual(payload);
    }
  });

  it('handles several chunks', async () => {
    const body = Buffer.from('3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n');
    expect((await decode([body])).toString()).toBe('abcde');
  });

  it('rejects a truncated or malformed body instead of storing garbage', async () => {
    await expect(decode([Buffer.from('5\r\nab')])).rejects.toThrow(/ended early/);
    await expect(decode([Buffer.from('zz\r\nab\r\n')])).rejects.toThrow(/bad chunk size/);
  });
});

describe('header helpers', () => {
  it('recognises aws-chunked requests and cleans the stored encoding', () => {
    expect(isAwsChunked({ 'content-encoding': 'aws-chunked' })).toBe(true);
    expect(isAwsChunked({ 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' })).toBe(true);
    expect(isAwsChunked({ 'content-encoding': 'gzip' })).toBe(false);
    expect(storedContentEncoding('aws-chunked')).toBeUndefined();
    expect(storedContentEncoding('gzip, aws-chunked')).toBe('gzip');
  });
});
