import { describe, expect, it } from 'vitest';
import { decodeEventKey, statusKeyFor, uploadKeyOfStatus } from '../../../functions/common/object-key';
import { MalformedEventError, parseS3Notification } from '../../../functions/common/s3-notification';
import { InvalidSequencerError, normalizeSequencer } from '../../../functions/common/sequencer';
import { objectCreated, objectRemoved, readEventFixture } from '../../support/events';

describe('S3 event keys', () => {
  it.each([
    ['incoming/2021-12+final.csv', 'incoming/2021-12 final.csv'],
    ['incoming/a%2Bb.csv', 'incoming/a+b.csv'],
    ['incoming/%E6%B0%91%E6%94%BF%E5%B1%80.csv', 'incoming/民政局.csv'],
    ['incoming/100%25.csv', 'incoming/100%.csv'],
  ])('decodes %s', (encoded, key) => {
    expect(decodeEventKey(encoded)).toBe(key);
  });

  it('maps upload keys to status keys and back', () => {
    expect(statusKeyFor('incoming/x.csv')).toBe('status/incoming/x.csv.json');
    expect(uploadKeyOfStatus('status/incoming/x.csv.json')).toBe('incoming/x.csv');
    expect(uploadKeyOfStatus('incoming/x.csv')).toBeNull();
  });
});

describe('sequencers', () => {
  it('compare as S3 orders them once right-padded', () => {
    expect(normalizeSequencer('0061D4FF2F3C9A1C28')).toBe('0061D4FF2F3C9A1C2800000000000000');
    expect(normalizeSequencer('ff') > normalizeSequencer('100')).toBe(true);
    expect(normalizeSequencer('0055AE')).toBe(normalizeSequencer('0055ae'));
    expect(() => normalizeSequencer('xyz')).toThrow(InvalidSequencerError);
  });
});

describe('parseS3Notification', () => {
  it('reads the AWS fixture: created, versioned, key decoded, eTag unquoted', () => {
    expect(parseS3Notification(readEventFixture('s3-object-created.json'))).toEqual([
      {
        kind: 'created',
        eventName: 'ObjectCreated:Put',
        bucket: 'lechang-uploads',
        key: 'incoming/民政局/2021-12 final.csv',
        sequencer: '0061D4FF2F3C9A1C2800000000000000',
        eTag: 'd41d8cd98f00b204e9800998ecf8427e',
        versionId: '096fKKXTRTtl3on89fVO.nfljtsv6qko',
      },
    ]);
  });

  it('treats delete markers as removals', () => {
    expect(parseS3Notification(readEventFixture('s3-object-removed.json'))[0]).toMatchObject({
      kind: 'removed',
      eTag: null,
    });
    expect(
      parseS3Notification(
        objectRemoved({
          bucket: 'b',
          key: 'incoming/a.csv',
          sequencer: '01',
          eventName: 'ObjectRemoved:Delete',
        }),
      )[0],
    ).toMatchObject({ kind: 'removed' });
  });

  it('ignores the test event and event types it does not handle', () => {
    expect(parseS3Notification(readEventFixture('s3-test-event.json'))).toMatchObject([{ kind: 'ignored' }]);
    expect(
      parseS3Notification(
        objectCreated({ bucket: 'b', key: 'k', sequencer: '01', eventName: 'ObjectRestore:Completed' }),
      ),
    ).toMatchObject([{ kind: 'ignored' }]);
  });

  it('refuses what is not an S3 notification', () => {
    expect(() => parseS3Notification({ hello: 'world' })).toThrow(MalformedEventError);
    // A truncated UTF-8 escape, as no S3 event would carry.
    const broken: unknown = JSON.parse(
      JSON.stringify(objectCreated({ bucket: 'b', key: 'incoming/x.csv', sequencer: '01' })).replace(
        'incoming/x.csv',
        'incoming/%E6.csv',
      ),
    );
    expect(() => parseS3Notification(broken)).toThrow(MalformedEventError);
  });
});
