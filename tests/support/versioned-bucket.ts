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
import { objectCreated, objectRemoved } from './events';

interface Entry {
  versionId: string;
  /** Null for a delete marker. */
  body: Uint8Array | null;
  eTag: string | null;
  /** Creation order across the bucket: what a rebuild sorts by (LastModified). */
  order: number;
}

export interface BucketChange {
  key: string;
  event: unknown;
}

export class VersionedBucketModel {
  private readonly keys = new Map<string, Entry[]>();
  private sequence = 0x61d4ff2f3c9a0000n;
  private order = 0;

  constructor(readonly bucket: string) {}

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
    this.entries(key).unshift({ versionId, body: bytes, eTag, order: this.order });
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
    this.entries(key).unshift({ versionId, body: null, eTag: null, order: this.order });
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

  versionsOf(key: string): { versionId: string; deleteMarker: boolean; body: Uint8Array | null }[] {
    return (this.keys.get(key) ?? []).map((e) => ({
      versionId: e.versionId,
      deleteMarker: e.body === null,
      body: e.body,
    }));
  }

  /** Keys whose newest entry is a version, oldest current version first (as a rebuild orders them). */
  currentKeys(): { key: string; versionId: string; eTag: string }[] {
    const current: { key: string; versionId: string; eTag: string; order: number }[] = [];
    for (const [key, list] of this.keys) {
      const top = list[0];
      if (top?.body != null && top.eTag !== null)
        current.push({ key, versionId: top.versionId, eTag: top.eTag, order: top.order });
    }
    return current
      .sort((a, b) => a.order - b.order)
      .map(({ key, versionId, eTag }) => ({ key, versionId, eTag }));
  }

  /** The event a rebuild sends for a key's current version, with a fresh sequencer. */
  rebuildEvent(source: { key: string; versionId: string; eTag: string }): BucketChange {
    return {
      key: source.key,
      event: objectCreated({
        bucket: this.bucket,
        key: source.key,
        sequencer: this.nextSequencer(),
        eTag: source.eTag,
        versionId: source.versionId,
      }),
    };
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
    return this.model.versionsOf(key).map(({ versionId, deleteMarker }) => ({ versionId, deleteMarker }));
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
