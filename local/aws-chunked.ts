/**
 * Decoding `Content-Encoding: aws-chunked` request bodies, which s3rver stores verbatim.
 * Current SDKs and the AWS CLI (v2.23+) send uploads of unknown or streamed length that
 * way by default, with the checksum in a trailer; real S3 strips the framing. Without this,
 * `aws s3 cp x.csv s3://…` against the emulator stores `16\r\n<bytes>\r\n0\r\nx-amz-checksum…`
 * and the file is rejected for reasons nobody could guess.
 *
 * Frame: `<hex size>[;chunk-signature=…]\r\n<size bytes>\r\n`, repeated, then a zero-size
 * chunk followed by optional trailer headers and a blank line.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';

/** Whether a request with these headers carries an aws-chunked body. */
export function isAwsChunked(headers: IncomingHttpHeaders): boolean {
  const encoding = String(headers['content-encoding'] ?? '');
  const payload = String(headers['x-amz-content-sha256'] ?? '');
  return /(^|,)\s*aws-chunked\s*(,|$)/i.test(encoding) || payload.startsWith('STREAMING-');
}

/** The Content-Encoding to store: the header minus `aws-chunked` (undefined when nothing is left). */
export function storedContentEncoding(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const rest = header
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '' && s.toLowerCase() !== 'aws-chunked');
  return rest.length > 0 ? rest.join(', ') : undefined;
}

export class AwsChunkedDecodeError extends Error {
  override name = 'AwsChunkedDecodeError';
}

const MAX_HEADER_LINE = 4096;

export class AwsChunkedDecoder extends Transform {
  private state: 'size' | 'data' | 'data-end' | 'trailer' = 'size';
  private line = Buffer.alloc(0);
  private remaining = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      let offset = 0;
      while (offset < chunk.length) {
        if (this.state === 'trailer') break;
        if (this.state === 'data') {
          const take = Math.min(this.remaining, chunk.length - offset);
          this.push(chunk.subarray(offset, offset + take));
          offset += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = 'data-end';
          continue;
        }
        // 'size' and 'data-end' read up to the next CRLF.
        const end = chunk.indexOf(0x0a, offset);
        const upto = end === -1 ? chunk.length : end + 1;
        this.line = Buffer.concat([this.line, chunk.subarray(offset, upto)]);
        offset = upto;
        if (this.line.length > MAX_HEADER_LINE) throw new AwsChunkedDecodeError('chunk header line too long');
        if (end === -1) continue;
        const text = this.line.toString('latin1').replace(/\r?\n$/, '');
        this.line = Buffer.alloc(0);
        if (this.state === 'data-end') {
          if (text !== '') throw new AwsChunkedDecodeError('missing CRLF after chunk data');
          this.state = 'size';
          continue;
        }
        const sizeText = text.split(';')[0]?.trim() ?? '';
        if (!/^[0-9a-fA-F]+$/.test(sizeText))
          throw new AwsChunkedDecodeError(`bad chunk size ${JSON.stringify(sizeText)}`);
        this.remaining = Number.parseInt(sizeText, 16);
        this.state = this.remaining === 0 ? 'trailer' : 'data';
      }
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    callback(this.state === 'trailer' ? null : new AwsChunkedDecodeError('aws-chunked body ended early'));
  }
}
