/**
 * Re-deriving everything from the source of truth (docs/contract.md §3): the table is emptied,
 * every upload (any object under an upload prefix, whatever its name) is fed through the ingest
 * handler with a fresh event in the order of the holder rule (`functions/common/holder-rule.ts`:
 * the key whose current run of versions began first, ties by key), so each file sees only the
 * files that hold over it and a group claimed by several ends with the file live ingest gives it
 * to, whatever order the events came in; then every period is rendered again.
 *
 * `sourcesFromListing`, `rebuildOrder` and `ingestSources` are the steps, apart, so the fault
 * suite runs this very code on its model bucket.
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
import { compareClaimants, runBeganOf } from '../functions/common/holder-rule';
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
  /** When the key's current run of versions began (holder rule). */
  runBegan: string | null;
}

/** One entry of a listing: an object version (or, unversioned, the object) or a delete marker. */
export interface ListedEntry {
  key: string;
  versionId: string | null;
  deleteMarker: boolean;
  lastModified: number;
  size?: number;
  eTag?: string;
}

/**
 * The keys to feed from a listing whose entries of each key come newest first: every key whose
 * newest entry is an object (not a delete marker), with when its current run began.
 */
export function sourcesFromListing(entries: readonly ListedEntry[]): SourceObject[] {
  const byKey = new Map<string, ListedEntry[]>();
  for (const entry of entries) {
    const versions = byKey.get(entry.key);
    if (versions === undefined) byKey.set(entry.key, [entry]);
    else versions.push(entry);
  }
  const sources: SourceObject[] = [];
  for (const [key, versions] of byKey) {
    const top = versions[0];
    if (top === undefined || top.deleteMarker) continue;
    sources.push({
      key,
      versionId: top.versionId,
      ...(top.size !== undefined && { size: top.size }),
      ...(top.eTag !== undefined && { eTag: top.eTag }),
      runBegan: runBeganOf(versions),
    });
  }
  return sources;
}

/** The holder rule's order: a file is fed after every file that holds over it. */
export const rebuildOrder = (sources: readonly SourceObject[]): SourceObject[] =>
  [...sources].sort((a, b) => compareClaimants(a, b));

/**
 * The objects the bucket notification would deliver, in the holder rule's order. A versioned
 * bucket is read with ListObjectVersions, so each key's event names its current version and
 * ingest looks at the older ones when it is invalid (docs/contract.md §3.1), and the run start
 * counts the whole current run; s3rver keeps no versions (it refuses the call), and there the
 * current objects are all there is.
 */
export async function listSources(s3: S3Client, bucket: string): Promise<SourceObject[]> {
  const entries = (await listVersionEntries(s3, bucket)) ?? (await listCurrentObjects(s3, bucket));
  return rebuildOrder(sourcesFromListing(entries));
}

async function listCurrentObjects(s3: S3Client, bucket: string): Promise<ListedEntry[]> {
  const objects: ListedEntry[] = [];
  for (const prefix of UPLOAD_PREFIXES) {
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix })) {
      for (const o of page.Contents ?? []) {
        if (o.Key === undefined) continue;
        objects.push({
          key: o.Key,
          versionId: null,
          deleteMarker: false,
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
 * Every version and delete marker, each key's newest first; null when the bucket cannot list
 * versions (s3rver). Paged by hand: the SDK has no paginator for ListObjectVersions (it pages by
 * two markers, key and version id).
 */
async function listVersionEntries(s3: S3Client, bucket: string): Promise<ListedEntry[] | null> {
  const objects: (ListedEntry & { latest: boolean })[] = [];
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
      const listed = [
        ...(page.Versions ?? []).map((v) => ({ ...v, deleteMarker: false })),
        ...(page.DeleteMarkers ?? []).map((m) => ({
          ...m,
          deleteMarker: true,
          Size: undefined,
          ETag: undefined,
        })),
      ];
      for (const v of listed) {
        if (v.Key === undefined) continue;
        objects.push({
          key: v.Key,
          versionId: v.VersionId === undefined || v.VersionId === 'null' ? null : v.VersionId,
          deleteMarker: v.deleteMarker,
          latest: v.IsLatest === true,
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
  // As ingest orders a key's versions (s3-upload-bucket.ts): the current entry first, then
  // newest first by time; the SDK hands versions and delete markers back in two lists.
  return objects
    .sort((a, b) =>
      a.key !== b.key
        ? a.key < b.key
          ? -1
          : 1
        : Number(b.latest) - Number(a.latest) || b.lastModified - a.lastModified,
    )
    .map(({ latest: _latest, ...entry }) => entry);
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
  const failed = await ingestSources(
    {
      ...target,
      sequencer,
      attempts,
      verdictOf: async (key) => {
        const status = await readStatus(target.s3, target.uploadBucket, key).catch(() => null);
        return `${status?.status ?? 'done'}${status?.period ? ` ${status.period}` : ''}`;
      },
    },
    sources,
  );

  await target.beforeRenderAll?.();
  log('3/3 rendering every period…');
  await target.render({ kind: 'render-all' }, lambdaContext('rebuild-render'));
  return { deletedItems, sources: sources.length, failed };
}

/** What feeding keys to ingest needs: the handler and how to name and order the events. */
export interface IngestTarget {
  uploadBucket: string;
  region: string;
  ingest: Handler;
  log: (line: string) => void;
  attempts: number;
  sequencer: Sequencer;
  /** What to print for a key that went through (its status). */
  verdictOf?: (key: string) => Promise<string>;
}

/**
 * Feeds each source, in the order given, through ingest as one SQS message with a fresh event
 * naming its current version (retried a few times); answers the keys that still failed.
 */
export async function ingestSources(
  target: IngestTarget,
  sources: readonly SourceObject[],
): Promise<string[]> {
  const { log, attempts, sequencer } = target;
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
    const verdict = ok ? ((await target.verdictOf?.(key)) ?? 'done') : `FAILED: ${lastError}`;
    log(`    [${i + 1}/${sources.length}] ${key}: ${verdict}`);
    if (!ok) failed.push(key);
  }
  return failed;
}
