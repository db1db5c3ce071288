/** `UploadBucket` on S3 (or s3rver): GetObject streamed, listings by the key as prefix, PutObject of `status/…`. */
import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { statusKeyFor } from '../common/object-key';
import { stripQuotes } from '../common/s3-notification';
import type { StatusRecord } from '../common/status-record';
import type { ObjectVersion, UploadBucket, UploadObject } from './upload-bucket';

/** S3 says an object or version is gone in several ways depending on the call and versioning. */
const GONE = new Set(['NoSuchKey', 'NoSuchVersion', 'NotFound']);

export function isGone(error: unknown): boolean {
  if (error instanceof S3ServiceException)
    return GONE.has(error.name) || error.$metadata.httpStatusCode === 404;
  return error instanceof Error && GONE.has(error.name);
}

async function* bytes(stream: Readable): AsyncIterable<Uint8Array> {
  for await (const chunk of stream) {
    yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  }
}

export class MissingBodyError extends Error {
  override name = 'MissingBodyError';
}

export class S3UploadBucket implements UploadBucket {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async open(key: string, versionId: string | null): Promise<UploadObject | null> {
    try {
      const output = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(versionId === null ? {} : { VersionId: versionId }),
        }),
      );
      const body = output.Body;
      // In Node the SDK returns the HTTP response stream itself: read it as it arrives.
      if (!(body instanceof Readable)) throw new MissingBodyError(`GetObject ${key}: no readable body`);
      return {
        body: bytes(body),
        etag: output.ETag === undefined ? null : stripQuotes(output.ETag),
        versionId: output.VersionId ?? versionId,
        lastModified: output.LastModified?.getTime() ?? null,
        abort: () => body.destroy(),
      };
    } catch (error) {
      if (isGone(error)) return null;
      throw error;
    }
  }

  async versions(key: string): Promise<ObjectVersion[]> {
    const found: { versionId: string; deleteMarker: boolean; latest: boolean; at: number }[] = [];
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    for (;;) {
      const page = await this.client.send(
        new ListObjectVersionsCommand({
          Bucket: this.bucket,
          Prefix: key,
          ...(keyMarker === undefined ? {} : { KeyMarker: keyMarker }),
          ...(versionIdMarker === undefined ? {} : { VersionIdMarker: versionIdMarker }),
        }),
      );
      const entries = [
        ...(page.Versions ?? []).map((v) => ({ ...v, deleteMarker: false })),
        ...(page.DeleteMarkers ?? []).map((m) => ({ ...m, deleteMarker: true })),
      ];
      for (const entry of entries) {
        // The prefix also matches longer keys (`a.csv` and `a.csv.bak`).
        if (entry.Key !== key || entry.VersionId === undefined) continue;
        found.push({
          versionId: entry.VersionId,
          deleteMarker: entry.deleteMarker,
          latest: entry.IsLatest === true,
          at: entry.LastModified?.getTime() ?? 0,
        });
      }
      if (page.IsTruncated !== true) break;
      // Past this key (the prefix matched longer ones): nothing more of it can follow.
      if (page.NextKeyMarker !== undefined && page.NextKeyMarker > key) break;
      keyMarker = page.NextKeyMarker;
      versionIdMarker = page.NextVersionIdMarker;
    }
    // The SDK hands versions and delete markers back in two lists, losing their interleaving:
    // the current entry first, then newest first by time.
    found.sort((a, b) => Number(b.latest) - Number(a.latest) || b.at - a.at);
    return found.map(({ versionId, deleteMarker, at }) => ({ versionId, deleteMarker, lastModified: at }));
  }

  /**
   * A listing with the key as prefix rather than HeadObject: the request then carries
   * `s3:prefix`, so the role's s3:ListBucket can be limited to the upload prefixes (a HeadObject
   * of a missing key answers 403 instead of 404 without an unconditional s3:ListBucket). The
   * key itself sorts before every longer key it prefixes, so one entry says it.
   */
  async exists(key: string): Promise<boolean> {
    const page = await this.client.send(
      new ListObjectsV2Command({ Bucket: this.bucket, Prefix: key, MaxKeys: 1 }),
    );
    return page.Contents?.[0]?.Key === key;
  }

  async putStatus(record: StatusRecord): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: statusKeyFor(record.key),
        Body: `${JSON.stringify(record, null, 2)}\n`,
        ContentType: 'application/json; charset=utf-8',
        CacheControl: 'no-cache',
      }),
    );
  }
}
