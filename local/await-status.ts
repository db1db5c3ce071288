/**
 * Waiting for the pipeline's verdict on one upload: polls `status/<key>.json` until the
 * record describes *this* upload. A record is this upload's when its etag (or version id)
 * matches what PutObject returned and it is not the record that was there before the put;
 * a re-upload of identical bytes has the same etag, so "different from before" is what
 * tells the new verdict from the old one without trusting anybody's clock.
 */
import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { statusKeyFor } from '../functions/common/object-key';
import { parseUploadStatus, type StatusRecordView } from './upload-status';

export interface StatusTarget {
  bucket: string;
  key: string;
  etag: string;
  versionId: string | undefined;
}

export async function readStatus(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<StatusRecordView | null> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: statusKeyFor(key) }));
    return parseUploadStatus((await object.Body?.transformToString('utf-8')) ?? '');
  } catch (err) {
    if (err instanceof NoSuchKey || (err instanceof Error && err.name === 'NoSuchKey')) return null;
    throw err;
  }
}

const unquote = (etag: string | null | undefined) => etag?.replace(/"/g, '') ?? null;

/** Identity of a record version: what changes every time ingest writes it. */
export function recordFingerprint(status: StatusRecordView | null): string | null {
  if (status === null) return null;
  return `${status.sequencer ?? ''}|${status.processedAt ?? ''}|${status.status}`;
}

export function describesUpload(
  status: StatusRecordView,
  target: StatusTarget,
  before: string | null,
): boolean {
  if (recordFingerprint(status) === before) return false;
  const versionId = status.versionId;
  if (typeof versionId === 'string' && target.versionId !== undefined) return versionId === target.versionId;
  const etag = unquote(status.etag);
  // A record without an etag cannot be matched to a put; take the first new record.
  return etag === null || etag === unquote(target.etag);
}

export interface AwaitStatusOptions {
  timeoutMs: number;
  /** Called about once a second while waiting (progress display). */
  onWait?: (elapsedMs: number) => void;
  pollMs?: number;
}

/** The record for this upload, or null on timeout. */
export async function awaitStatus(
  s3: S3Client,
  target: StatusTarget,
  before: string | null,
  options: AwaitStatusOptions,
): Promise<StatusRecordView | null> {
  const started = Date.now();
  let lastTick = started;
  let delay = options.pollMs ?? 200;
  while (Date.now() - started < options.timeoutMs) {
    const status = await readStatus(s3, target.bucket, target.key);
    if (status !== null && describesUpload(status, target, before)) return status;
    await new Promise((resolve) => setTimeout(resolve, delay));
    // Local verdicts take well under a second; on AWS the S3 → SQS → Lambda hop adds seconds.
    delay = Math.min(delay * 1.5, 2_000);
    if (Date.now() - lastTick >= 1_000) {
      lastTick = Date.now();
      options.onWait?.(lastTick - started);
    }
  }
  return null;
}
