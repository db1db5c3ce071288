/**
 * Re-deriving everything from the source of truth (docs/contract.md §3): the table is emptied,
 * every upload (any object under an upload prefix, whatever its name) is fed through the ingest handler with a fresh event (oldest
 * upload first, so a group claimed by two files stays with the one uploaded first, as it
 * did originally), and then every period is rendered again.
 */
import {
  BatchWriteItemCommand,
  type DynamoDBClient,
  paginateScan,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import {
  ListObjectVersionsCommand,
  type ListObjectVersionsCommandOutput,
  paginateListObjectsV2,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { UPLOAD_PREFIXES } from '../functions/common/object-key';
import { TABLE_PARTITION_KEY, TABLE_SORT_KEY } from '../functions/common/table-definition';
import { ALERT_PK_PREFIX } from '../functions/store/dynamodb/dynamodb-alert-ledger';
import { readStatus } from './await-status';
import { errorMessage } from './error-message';
import { type Handler, lambdaContext } from './handlers';
import { buildS3Event, newQueuedMessage, Sequencer, toSqsRecord } from './s3-event';

export interface RebuildTarget {
  s3: S3Client;
  dynamodb: DynamoDBClient;
  uploadBucket: string;
  tableName: string;
  region: string;
  ingest: Handler;
  render: Handler;
  /** Progress lines. */
  log: (line: string) => void;
  /** Called after ingesting and before render-all (e.g. wait for renders already queued). */
  beforeRenderAll?: () => Promise<void>;
  attempts?: number;
  /** The local runtime's sequencer (DATA_DIR), so later uploads stay newer than the rebuild's events. */
  sequencer?: Sequencer;
}

export interface RebuildSummary {
  deletedItems: number;
  sources: number;
  failed: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Deletes every derived item (Scan + BatchWrite in 25s, unprocessed items retried with backoff).
 * The alert ledger stays: it records what was announced, which a rebuild must not announce again.
 */
export async function emptyTable(
  dynamodb: DynamoDBClient,
  tableName: string,
  onProgress: (deleted: number) => void,
): Promise<number> {
  let deleted = 0;
  const pages = paginateScan(
    { client: dynamodb },
    {
      TableName: tableName,
      ProjectionExpression: '#pk, #sk',
      ExpressionAttributeNames: { '#pk': TABLE_PARTITION_KEY, '#sk': TABLE_SORT_KEY },
      FilterExpression: 'NOT begins_with(#pk, :ledger)',
      ExpressionAttributeValues: { ':ledger': { S: ALERT_PK_PREFIX } },
    },
  );
  for await (const page of pages) {
    const keys = page.Items ?? [];
    for (let i = 0; i < keys.length; i += 25) {
      let requests: WriteRequest[] = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await sleep(Math.min(2_000, 50 * 2 ** attempt));
        if (attempt > 10)
          throw new Error(`table ${tableName}: items still unprocessed after ${attempt} attempts`);
        const result = await dynamodb.send(
          new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }),
        );
        requests = result.UnprocessedItems?.[tableName] ?? [];
      }
      deleted += Math.min(25, keys.length - i);
      onProgress(deleted);
    }
  }
  return deleted;
}

/** A key to re-derive: its current object, with the version id when the bucket keeps versions. */
export interface SourceObject {
  key: string;
  versionId: string | null;
  size?: number;
  eTag?: string;
  lastModified: number;
}

/**
 * The objects the bucket notification would deliver: every key under an upload prefix whose
 * newest entry is an object (not a delete marker), oldest first. A versioned bucket is read with
 * ListObjectVersions, so each key's event names its current version and ingest looks at the
 * older ones when it is invalid (docs/contract.md §3.1); s3rver keeps no versions (it refuses the call),
 * and there the current objects are all there is.
 */
export async function listSources(s3: S3Client, bucket: string): Promise<SourceObject[]> {
  const objects = (await listCurrentVersions(s3, bucket)) ?? (await listCurrentObjects(s3, bucket));
  return objects.sort((a, b) => a.lastModified - b.lastModified || a.key.localeCompare(b.key));
}

async function listCurrentObjects(s3: S3Client, bucket: string): Promise<SourceObject[]> {
  const objects: SourceObject[] = [];
  for (const prefix of UPLOAD_PREFIXES) {
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix })) {
      for (const o of page.Contents ?? []) {
        if (o.Key === undefined) continue;
        objects.push({
          key: o.Key,
          versionId: null,
          ...(o.Size !== undefined && { size: o.Size }),
          ...(o.ETag !== undefined && { eTag: o.ETag }),
          lastModified: o.LastModified?.getTime() ?? 0,
        });
      }
    }
  }
  return objects;
}

const VERSIONS_UNSUPPORTED = new Set(['NotImplemented', 'MethodNotAllowed']);

/**
 * Null when the bucket cannot list versions (s3rver). Paged by hand: the SDK has no paginator for
 * ListObjectVersions (it pages by two markers, key and version id).
 */
async function listCurrentVersions(s3: S3Client, bucket: string): Promise<SourceObject[] | null> {
  const objects: SourceObject[] = [];
  for (const prefix of UPLOAD_PREFIXES) {
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    for (;;) {
      let page: ListObjectVersionsCommandOutput;
      try {
        page = await s3.send(
          new ListObjectVersionsCommand({
            Bucket: bucket,
            Prefix: prefix,
            KeyMarker: keyMarker,
            VersionIdMarker: versionIdMarker,
          }),
        );
      } catch (error) {
        // s3rver: MethodNotAllowed (other emulators say NotImplemented).
        if (error instanceof S3ServiceException && VERSIONS_UNSUPPORTED.has(error.name)) return null;
        throw error;
      }
      // Only the current entry of each key counts; a current delete marker means deleted.
      for (const v of page.Versions ?? []) {
        if (v.Key === undefined || v.IsLatest !== true) continue;
        objects.push({
          key: v.Key,
          versionId: v.VersionId === undefined || v.VersionId === 'null' ? null : v.VersionId,
          ...(v.Size !== undefined && { size: v.Size }),
          ...(v.ETag !== undefined && { eTag: v.ETag }),
          lastModified: v.LastModified?.getTime() ?? 0,
        });
      }
      if (page.IsTruncated !== true) break;
      keyMarker = page.NextKeyMarker;
      versionIdMarker = page.NextVersionIdMarker;
    }
  }
  return objects;
}

function batchFailed(response: unknown): boolean {
  const failures = (response as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures;
  return Array.isArray(failures) && failures.length > 0;
}

export async function rebuild(target: RebuildTarget): Promise<RebuildSummary> {
  const { log } = target;
  const attempts = target.attempts ?? 3;
  const sequencer = target.sequencer ?? new Sequencer();

  log(`1/3 emptying table ${target.tableName}…`);
  const deletedItems = await emptyTable(target.dynamodb, target.tableName, (n) => {
    if (n % 500 === 0) log(`    ${n} items deleted`);
  });
  log(`    ${deletedItems} items deleted`);

  const sources = await listSources(target.s3, target.uploadBucket);
  log(
    `2/3 ingesting ${sources.length} upload(s) under ${UPLOAD_PREFIXES.join(' and ')} in s3://${target.uploadBucket}…`,
  );
  const failed: string[] = [];
  for (const [i, object] of sources.entries()) {
    const key = object.key;
    const event = buildS3Event({
      eventName: 'ObjectCreated:Put',
      bucket: target.uploadBucket,
      key,
      sequencer: sequencer.next(),
      region: target.region,
      ...(object.size !== undefined && { size: object.size }),
      ...(object.eTag !== undefined && { eTag: object.eTag }),
      ...(object.versionId !== null && { versionId: object.versionId }),
    });
    const message = newQueuedMessage(JSON.stringify(event));
    let ok = false;
    let lastError = '';
    for (let attempt = 1; attempt <= attempts && !ok; attempt++) {
      if (attempt > 1) await sleep(500 * 2 ** (attempt - 2));
      const sqsEvent = {
        Records: [
          toSqsRecord(message, {
            queueName: 'rebuild',
            region: target.region,
            receiveCount: attempt,
            firstReceivedAt: Date.now(),
          }),
        ],
      };
      try {
        const response = await target.ingest(sqsEvent, lambdaContext('rebuild-ingest'));
        ok = !batchFailed(response);
        if (!ok) lastError = 'reported as a batch item failure';
      } catch (err) {
        lastError = errorMessage(err);
      }
    }
    const status = ok ? await readStatus(target.s3, target.uploadBucket, key).catch(() => null) : null;
    const verdict = ok
      ? `${status?.status ?? 'done'}${status?.period ? ` ${status.period}` : ''}`
      : `FAILED: ${lastError}`;
    log(`    [${i + 1}/${sources.length}] ${key}: ${verdict}`);
    if (!ok) failed.push(key);
  }

  await target.beforeRenderAll?.();
  log('3/3 rendering every period…');
  await target.render({ kind: 'render-all' }, lambdaContext('rebuild-render'));
  return { deletedItems, sources: sources.length, failed };
}
