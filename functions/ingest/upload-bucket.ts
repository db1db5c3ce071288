/**
 * The upload bucket as ingest uses it: read an upload as a stream, check whether a key still
 * exists, write a status record. `S3UploadBucket` is the implementation.
 */
import type { StatusRecord } from '../common/status-record';

export interface UploadObject {
  body: AsyncIterable<Uint8Array>;
  /** Without quotes. */
  etag: string | null;
  versionId: string | null;
  /** Releases the connection when the body is not read to the end. */
  abort(): void;
}

export interface UploadBucket {
  /** The object (that version, when given), or null when it no longer exists. */
  open(key: string, versionId: string | null): Promise<UploadObject | null>;
  exists(key: string): Promise<boolean>;
  putStatus(record: StatusRecord): Promise<void>;
}
