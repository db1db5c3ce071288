/**
 * Re-deriving everything from the source of truth (docs/contract.md §3): the table is emptied,
 * every upload (any object under an upload prefix, whatever its name) is fed through the ingest handler with a fresh event (oldest
 * upload first, so a group claimed by two files stays with the one uploaded first, as it
 * did originally), and then every period is rendered again.
 */
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  ScanCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { type _Object, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { UPLOAD_PREFIXES } from '../functions/common/object-key';
import { TABLE_PARTITION_KEY, TABLE_SORT_KEY } from '../functions/common/table-definition';
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
}

export interface RebuildSummary {
  deletedItems: number;
  sources: number;
  failed: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Deletes every item (Scan + BatchWrite in 25s, unprocessed items retried with backoff). */
export async function emptyTable(
  dynamodb: DynamoDBClient,
  tableName: string,
  onProgress: (deleted: number) => void,
): Promise<number> {
  let deleted = 0;
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(
      new ScanCommand({
        TableName: tableName,
        ProjectionExpression: '#pk, #sk',
        ExpressionAttributeNames: { '#pk': TABLE_PARTITION_KEY, '#sk': TABLE_SORT_KEY },
        ExclusiveStartKey: startKey,
      }),
    );
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
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return deleted;
}

/** The objects the bucket notification would deliver: every key under an upload prefix. */
export async function listSources(s3: S3Client, bucket: string): Promise<_Object[]> {
  const objects: _Object[] = [];
  for (const prefix of UPLOAD_PREFIXES) {
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) if (o.Key !== undefined) objects.push(o);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }
  const time = (o: _Object) => o.LastModified?.getTime() ?? 0;
  return objects.sort((a, b) => time(a) - time(b) || String(a.Key).localeCompare(String(b.Key)));
}

function batchFailed(response: unknown): boolean {
  const failures = (response as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures;
  return Array.isArray(failures) && failures.length > 0;
}

export async function rebuild(target: RebuildTarget): Promise<RebuildSummary> {
  const { log } = target;
  const attempts = target.attempts ?? 3;
  const sequencer = new Sequencer();

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
    const key = object.Key ?? '';
    const event = buildS3Event({
      eventName: 'ObjectCreated:Put',
      bucket: target.uploadBucket,
      key,
      sequencer: sequencer.next(),
      region: target.region,
      ...(object.Size !== undefined && { size: object.Size }),
      ...(object.ETag !== undefined && { eTag: object.ETag }),
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
