/** The render handler's event handling and S3 writes, against mocked clients and an empty table. */
import {
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentTelemetry } from '../../../functions/common/telemetry';
import { createRenderHandler, RenderFailedError } from '../../../functions/render/create-render-handler';
import { S3SiteBucket } from '../../../functions/render/s3-site-bucket';
import { DynamoDbPipelineStore } from '../../../functions/store/dynamodb/dynamodb-pipeline-store';
import { DynamoDbRenderState } from '../../../functions/store/dynamodb/dynamodb-render-state';
import { memoryAlerts } from '../../support/alerts';
import { readEventFixture, sqsBatch, statusCreated } from '../../support/events';
import { DEFAULT_OPTIONS } from '../../support/sample-report';

const s3 = mockClient(S3Client);
const ddb = mockClient(DynamoDBClient);

afterEach(() => {
  s3.reset();
  ddb.reset();
});
// Every render lists the published periods (snapshots of periods without data are removed).
beforeEach(() => {
  s3.on(ListObjectsV2Command).resolves({});
  // No head and no filed summary for the keys the notifications name.
  ddb.on(GetItemCommand).resolves({});
});

const handler = createRenderHandler({
  store: new DynamoDbPipelineStore({
    client: new DynamoDBClient({ region: 'us-east-1' }),
    tableName: 'lechang-budget',
  }),
  renderState: new DynamoDbRenderState(new DynamoDBClient({ region: 'us-east-1' }), 'lechang-budget'),
  site: new S3SiteBucket(new S3Client({ region: 'us-east-1' }), 'lechang-site'),
  reportBuilder: () => {
    throw new Error('no period has data in these tests');
  },
  telemetry: silentTelemetry,
  alerts: memoryAlerts(),
  city: { id: 'lechang', name: '乐昌市民政局' },
  options: DEFAULT_OPTIONS,
  now: () => new Date('2022-01-05T00:00:00.000Z'),
});

const put = (key: string) =>
  s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key === key)?.args[0].input;

describe('render handler', () => {
  it('renders once for a batch of status notifications and writes the site pages with their types', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    s3.on(PutObjectCommand).resolves({});
    const status = (key: string) =>
      statusCreated({ bucket: 'lechang-uploads', key: `status/${key}.json`, sequencer: '01' });

    const response = await handler(sqsBatch([status('incoming/a.csv'), status('incoming/b.csv')]));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key)).toEqual([
      'reports/index.json',
      'index.html',
      'uploads.html',
    ]);
    expect(put('reports/index.json')).toMatchObject({
      Bucket: 'lechang-site',
      ContentType: 'application/json; charset=utf-8',
      CacheControl: 'public, max-age=60, must-revalidate',
    });
    expect(put('index.html')?.ContentType).toBe('text/html; charset=utf-8');
    expect(String(put('index.html')?.Body)).toContain('还没有报告');
  });

  it('accepts the status fixture as a plain S3 event (local mode)', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    s3.on(PutObjectCommand).resolves({});
    expect(await handler(readEventFixture('s3-status-created.json'))).toMatchObject({
      rendered: [],
      removed: [],
    });
  });

  it('on render-all, removes snapshots of periods that no longer have data', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    s3.on(ListObjectsV2Command).resolves({
      CommonPrefixes: [{ Prefix: 'reports/2021-05/' }, { Prefix: 'reports/junk/' }],
    });
    s3.on(PutObjectCommand).resolves({});
    expect(await handler(readEventFixture('render-all.json'))).toMatchObject({
      rendered: [],
      removed: ['2021-05'],
    });
  });

  it('fails only the unreadable message, and the whole batch when rendering fails', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    s3.on(PutObjectCommand).resolves({});
    expect(await handler(sqsBatch(['{oops', readEventFixture('s3-status-created.json')]))).toEqual({
      batchItemFailures: [{ itemIdentifier: 'msg-1' }],
    });

    ddb
      .on(QueryCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} }));
    expect(
      await handler(
        sqsBatch([readEventFixture('s3-status-created.json'), readEventFixture('s3-status-created.json')]),
      ),
    ).toEqual({
      batchItemFailures: [{ itemIdentifier: 'msg-1' }, { itemIdentifier: 'msg-2' }],
    });
    await expect(handler({ kind: 'render-all' })).rejects.toBeInstanceOf(RenderFailedError);
  });
});
