import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeEventKey, encodeEventKey } from '../../../functions/common/object-key';
import { buildS3Event, newQueuedMessage, Sequencer, toSqsRecord } from '../../../local/s3-event';

describe('encodeEventKey', () => {
  it('form-encodes like S3 notifications: + for space, %XX for reserved and non-ASCII bytes, / kept', () => {
    expect(encodeEventKey('incoming/2021 12 (final).csv')).toBe('incoming/2021+12+%28final%29.csv');
    expect(encodeEventKey('incoming/a+b=c&d.csv')).toBe('incoming/a%2Bb%3Dc%26d.csv');
    expect(encodeEventKey('incoming/乐昌.csv')).toBe('incoming/%E4%B9%90%E6%98%8C.csv');
    expect(encodeEventKey('incoming/plain-name_1.~x.csv')).toBe('incoming/plain-name_1.~x.csv');
  });

  it('round-trips through the decoding the handlers apply', () => {
    const keys = ['incoming/民政局 2021年12月.csv', "incoming/it's 100%+more.csv", 'incoming/a/b/c d.csv'];
    for (const key of keys) expect(decodeEventKey(encodeEventKey(key))).toBe(key);
  });
});

describe('Sequencer', () => {
  it('grows strictly even when the clock stands still or goes back, at a fixed width', () => {
    let now = 1_700_000_000_000;
    const seq = new Sequencer(() => now);
    const a = seq.next();
    const b = seq.next();
    now -= 5_000;
    const c = seq.next();
    expect(a.length).toBe(16);
    expect(new Set([a, b, c]).size).toBe(3);
    expect([a, b, c].sort()).toEqual([a, b, c]);
    expect(BigInt(`0x${b}`) - BigInt(`0x${a}`)).toBe(1n);
  });

  it('persisted in a file, keeps growing across restarts even when the clock went back (docs/contract.md §6.1)', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sequencer-')), 'sequencer');
    const before = new Sequencer({ now: () => 1_700_000_000_000, file });
    const a = before.next();
    const b = before.next();
    // A restart with the clock an hour behind.
    const after = new Sequencer({ now: () => 1_700_000_000_000 - 3_600_000, file });
    const c = after.next();
    expect([a, b, c].sort()).toEqual([a, b, c]);
    expect(new Set([a, b, c]).size).toBe(3);
    expect(readFileSync(file, 'utf8').trim()).toBe(c);
  });

  it('keeps growing across restarts (a later process starts above an earlier one)', () => {
    const first = new Sequencer(() => 1_700_000_000_000).next();
    const later = new Sequencer(() => 1_700_000_000_001).next();
    expect(later > first).toBe(true);
  });
});

describe('buildS3Event / toSqsRecord', () => {
  it('produces the AWS shapes: S3 event 2.1 with an encoded key inside an SQS record body', () => {
    const event = buildS3Event({
      eventName: 'ObjectCreated:Put',
      bucket: 'lechang-uploads',
      key: 'incoming/x y.csv',
      sequencer: '0000000000000ABC',
      size: 42,
      eTag: '"d41d8cd98f00b204e9800998ecf8427e"',
      region: 'us-east-1',
    });
    const record = event.Records[0];
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      s3: {
        bucket: { name: 'lechang-uploads', arn: 'arn:aws:s3:::lechang-uploads' },
        object: {
          key: 'incoming/x+y.csv',
          size: 42,
          eTag: 'd41d8cd98f00b204e9800998ecf8427e',
          sequencer: '0000000000000ABC',
        },
      },
    });

    const message = newQueuedMessage(JSON.stringify(event), 1000);
    const sqs = toSqsRecord(message, {
      queueName: 'lechang-ingest',
      region: 'us-east-1',
      receiveCount: 2,
      firstReceivedAt: 1500,
    });
    expect(sqs.eventSource).toBe('aws:sqs');
    expect(sqs.eventSourceARN).toBe('arn:aws:sqs:us-east-1:000000000000:lechang-ingest');
    expect(sqs.attributes.ApproximateReceiveCount).toBe('2');
    expect(sqs.messageId).toBe(message.messageId);
    expect(JSON.parse(sqs.body)).toEqual(event);
  });

  it('omits size and eTag on removals, as S3 does', () => {
    const event = buildS3Event({
      eventName: 'ObjectRemoved:Delete',
      bucket: 'b',
      key: 'incoming/x.csv',
      sequencer: '01',
      size: 1,
      eTag: 'e',
      region: 'us-east-1',
    });
    expect(event.Records[0]?.s3.object).toEqual({ key: 'incoming/x.csv', sequencer: '01' });
  });
});
