/** Local mode's alert delivery (docs/contract.md §5.1): one JSON file per alert in the outbox, one console line. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxAlertSink } from '../../../local/outbox-alert-sink';
import { uploadRejectedAlert } from '../../../shared/alerts/upload-rejected-alert';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('outbox', () => {
  it('writes <time>-<kind>.json per alert, never overwriting one, and prints one line each', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'outbox-'));
    dirs.push(dir);
    const lines: string[] = [];
    const sink = new OutboxAlertSink(
      path.join(dir, 'outbox'),
      (line) => lines.push(line),
      () => new Date('2022-01-05T08:00:00.000Z'),
    );
    const alert = uploadRejectedAlert({
      city: { id: 'lechang', name: '乐昌市民政局' },
      upload: { key: 'incoming/x.csv', period: '2021-06', errorCount: 1, errors: [] },
      siteUrl: null,
    });
    await sink.publish(alert);
    await sink.publish(alert);
    const files = readdirSync(path.join(dir, 'outbox')).sort();
    expect(files).toEqual([
      '2022-01-05T08-00-00.000Z-2-upload-rejected.json',
      '2022-01-05T08-00-00.000Z-upload-rejected.json',
    ]);
    const written = JSON.parse(readFileSync(path.join(dir, 'outbox', files[1] ?? ''), 'utf8'));
    expect(written).toMatchObject({
      kind: 'upload-rejected',
      details: { key: 'incoming/x.csv' },
      createdAt: '2022-01-05T08:00:00.000Z',
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^alert upload-rejected: 【乐昌市民政局】上传被拒收 \/ Upload rejected: incoming\/x\.csv → .*upload-rejected\.json$/,
    );
  });
});
