/**
 * Rebuild lists object versions (contract §3.1): on a versioned bucket each key with a current
 * version is re-derived from an event naming that version (ingest then looks below it when it
 * is invalid), in the holder rule's order (the key whose current run began first), and a key
 * whose newest entry is a delete marker is left out; s3rver, which keeps no versions and
 * refuses the call, falls back to the current objects.
 */
import {
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { listSources } from '../../../local/rebuild';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());

const at = (minute: number) => new Date(Date.UTC(2022, 0, 5, 0, minute));

describe('listSources', () => {
  it('takes each key’s current version, in the holder rule’s order, and skips keys deleted by a marker', async () => {
    s3.on(ListObjectVersionsCommand).resolves({});
    s3.on(ListObjectVersionsCommand, { Prefix: 'incoming/' }).resolves({
      Versions: [
        {
          Key: 'incoming/a.csv',
          VersionId: 'a2',
          IsLatest: true,
          LastModified: at(9),
          Size: 10,
          ETag: '"e2"',
        },
        { Key: 'incoming/a.csv', VersionId: 'a1', IsLatest: false, LastModified: at(1) },
        { Key: 'incoming/b.csv', VersionId: 'b1', IsLatest: false, LastModified: at(2) },
        { Key: 'incoming/c.csv', VersionId: 'c1', IsLatest: true, LastModified: at(3) },
      ],
      DeleteMarkers: [{ Key: 'incoming/b.csv', VersionId: 'bm', IsLatest: true, LastModified: at(4) }],
    });

    const sources = await listSources(new S3Client({ region: 'us-east-1' }), 'uploads');

    // a.csv's current run began with a1 (minute 1), before c.csv's: a.csv is fed first.
    expect(sources.map((s) => [s.key, s.versionId, s.runBegan])).toEqual([
      ['incoming/a.csv', 'a2', '2022-01-05T00:01:00Z'],
      ['incoming/c.csv', 'c1', '2022-01-05T00:03:00Z'],
    ]);
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(0);
  });

  it('falls back to the current objects where versions cannot be listed (s3rver)', async () => {
    s3.on(ListObjectVersionsCommand).rejects(
      new S3ServiceException({
        name: 'MethodNotAllowed',
        $fault: 'client',
        $metadata: { httpStatusCode: 405 },
        message: 'The specified method is not allowed against this resource.',
      }),
    );
    s3.on(ListObjectsV2Command).resolves({});
    s3.on(ListObjectsV2Command, { Prefix: 'incoming/' }).resolves({
      Contents: [{ Key: 'incoming/a.csv', LastModified: at(1), Size: 3 }],
    });

    const sources = await listSources(new S3Client({ region: 'us-east-1' }), 'uploads');

    expect(sources).toEqual([
      { key: 'incoming/a.csv', versionId: null, size: 3, runBegan: '2022-01-05T00:01:00Z' },
    ]);
  });
});
