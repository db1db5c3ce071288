/**
 * The upload bucket as ingest uses it: read an upload (or one version of it) as a stream, list a
 * key's versions, check whether a key still exists, write a status record. `S3UploadBucket` is the implementation.
 */
import type { StatusRecord } from '../common/status-record';

export interface UploadObject {
  body: AsyncIterable<Uint8Array>;
  /** Without quotes. */
  etag: string | null;
  versionId: string | null;
  /** S3's LastModified of these bytes (epoch ms); null when the store did not say. */
  lastModified: number | null;
  /** Releases the connection when the body is not read to the end. */
  abort(): void;
}

/** An S3 version id: a versioned bucket's objects have one, an unversioned one's none (or "null"). */
export const isVersionId = (versionId: string | null): versionId is string =>
  versionId !== null && versionId !== 'null';

/** One entry of a key's version history, as S3 lists it. */
export interface ObjectVersion {
  versionId: string;
  /** A delete marker hides every older version while it is the newest entry above them. */
  deleteMarker: boolean;
  /** S3's LastModified (epoch ms): when the version or marker was created. */
  lastModified: number;
}

export interface UploadBucket {
  /**
   * The key's versions and delete markers, newest first, as the bucket holds them now
   * (versioned buckets only: the live version is derived from this, not from an event).
   */
  versions(key: string): Promise<ObjectVersion[]>;
  /** The object (that version, when given), or null when it no longer exists. */
  open(key: string, versionId: string | null): Promise<UploadObject | null>;
  exists(key: string): Promise<boolean>;
  putStatus(record: StatusRecord): Promise<void>;
}
