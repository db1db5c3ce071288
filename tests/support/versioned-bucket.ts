/**
 * A versioned S3 bucket in memory, with the behaviour ingest relies on and s3rver lacks
 * (it keeps no versions): every put adds a version, a plain delete adds a delete marker,
 * deleting a version id removes that version or marker for good (removing the newest delete
 * marker is an undelete), and `ListObjectVersions` lists both newest first. Each change hands
 * back the S3 notification it causes, with a sequencer that grows per change.
 *
 * `ModelUploadBucket` is ingest's `UploadBucket` on it; each world has its own, so status
 * objects stay apart while the versions are shared (a rebuild reads the same bucket).
 */
import { createHash } from 'node:crypto';
import type { StatusRecord } from '../../functions/common/status-record';
import type { ObjectVersion, UploadBucket, UploadObject } from '../../functions/ingest/upload-bucket';
import type { ListedEntry } from '../../local/rebuild';
import { objectCreated, objectRemoved } from './events';

interface Entry {
  versionId: string;
  /** Null for a delete marker. */
  body: Uint8Array | null;
  eTag: string | null;
  /** Creation order across the bucket. */
  order: number;
  /** S3's LastModified (epoch ms): whole seconds, so that two changes may share one. */
  lastModified: number;
}

export interface BucketChange {
  key: string;
  event: unknown;
}

export class VersionedBucketModel {
  private readonly keys = new Map<string, Entry[]>();
  private sequence = 0x61d4ff2f3c9a0000n;
  private order = 0;
  private clock = Date.parse('2021-12-01T00:00:00Z');

  /**
   * @param sameSecond chance that a change gets the LastModified of the one before (S3 keeps
   *   whole seconds), so that run starts tie and the holder rule falls back to the key.
   */
  constructor(
    readonly bucket: string,
    private readonly sameSecond: () => boolean = () => false,
  ) {}

  private lastModified(): number {
    if (!this.sameSecond()) this.clock += 1_000;
    return this.clock;
  }

  private nextSequencer(): string {
    this.sequence += 0x100n;
    return this.sequence.toString(16).toUpperCase().padStart(18, '0');
  }

  private entries(key: string): Entry[] {
    let list = this.keys.get(key);
    if (list === undefined) {
      list = [];
      this.keys.set(key, list);
    }
    return list;
  }

  put(key: string, body: string | Uint8Array): BucketChange & { versionId: string } {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const eTag = createHash('md5').update(bytes).digest('hex');
    const versionId = `v${++this.order}-${eTag.slice(0, 8)}`;
    this.entries(key).unshift({
      versionId,
      body: bytes,
      eTag,
      order: this.order,
      lastModified: this.lastModified(),
    });
    const sequencer = this.nextSequencer();
    return {
      key,
      versionId,
      event: objectCreated({ bucket: this.bucket, key, sequencer, eTag, versionId, size: bytes.length }),
    };
  }

  /** A plain DeleteObject: a delete marker on top. */
  delete(key: string): BucketChange & { versionId: string } {
    const versionId = `m${++this.order}`;
    this.entries(key).unshift({
      versionId,
      body: null,
      eTag: null,
      order: this.order,
      lastModified: this.lastModified(),
    });
    return {
      key,
      versionId,
      event: objectRemoved({
        bucket: this.bucket,
        key,
        sequencer: this.nextSequencer(),
        versionId,
        eventName: 'ObjectRemoved:DeleteMarkerCreated',
      }),
    };
  }

  /** DeleteObject with a version id: that version (or delete marker) is gone for good. */
  deleteVersion(key: string, versionId: string): BucketChange {
    const list = this.entries(key);
    const at = list.findIndex((entry) => entry.versionId === versionId);
    if (at === -1) throw new Error(`${key} has no version ${versionId}`);
    list.splice(at, 1);
    return {
      key,
      event: objectRemoved({
        bucket: this.bucket,
        key,
        sequencer: this.nextSequencer(),
        versionId,
        eventName: 'ObjectRemoved:Delete',
      }),
    };
  }

  /** `aws s3 mv`: a copy of the current version, then a plain delete of the source. */
  move(from: string, to: string): [BucketChange, BucketChange] {
    const current = this.current(from);
    if (current === null) throw new Error(`${from} has no current version to move`);
    return [this.put(to, current), this.delete(from)];
  }

  current(key: string): Uint8Array | null {
    return this.keys.get(key)?.[0]?.body ?? null;
  }

  versionsOf(
    key: string,
  ): { versionId: string; deleteMarker: boolean; body: Uint8Array | null; lastModified: number }[] {
    return (this.keys.get(key) ?? []).map((e) => ({
      versionId: e.versionId,
      deleteMarker: e.body === null,
      body: e.body,
      lastModified: e.lastModified,
    }));
  }

  /** What ListObjectVersions answers for the whole bucket: every key's entries, newest first. */
  listing(): ListedEntry[] {
    const entries: ListedEntry[] = [];
    for (const [key, list] of this.keys) {
      for (const entry of list) {
        entries.push({
          key,
          versionId: entry.versionId,
          deleteMarker: entry.body === null,
          lastModified: entry.lastModified,
          ...(entry.eTag === null ? {} : { eTag: entry.eTag }),
          ...(entry.body === null ? {} : { size: entry.body.length }),
        });
      }
    }
    return entries;
  }

  find(key: string, versionId: string | null): Entry | null {
    const list = this.keys.get(key) ?? [];
    const entry = versionId === null ? list[0] : list.find((e) => e.versionId === versionId);
    return entry ?? null;
  }
}

export class ModelUploadBucket implements UploadBucket {
  readonly statuses = new Map<string, StatusRecord>();
  /** Called for every status object written (what S3 → SQS → render would be told). */
  onStatus: (key: string) => void = () => {};

  constructor(readonly model: VersionedBucketModel) {}

  async versions(key: string): Promise<ObjectVersion[]> {
    return this.model
      .versionsOf(key)
      .map(({ versionId, deleteMarker, lastModified }) => ({ versionId, deleteMarker, lastModified }));
  }

  async open(key: string, versionId: string | null): Promise<UploadObject | null> {
    const entry = this.model.find(key, versionId);
    // GetObject of a delete marker fails as a missing object does.
    if (entry === null || entry.body === null) return null;
    const body = entry.body;
    return {
      body: (async function* () {
        yield body;
      })(),
      etag: entry.eTag,
      versionId: entry.versionId,
      lastModified: entry.lastModified,
      abort: () => {},
    };
  }

  async exists(key: string): Promise<boolean> {
    return this.model.current(key) !== null;
  }

  async putStatus(record: StatusRecord): Promise<void> {
    // Through JSON, as the S3 object would be.
    this.statuses.set(record.key, JSON.parse(JSON.stringify(record)) as StatusRecord);
    this.onStatus(record.key);
  }
}
