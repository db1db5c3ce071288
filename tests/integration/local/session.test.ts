/**
 * The scripted user session of issue 4 against the local runtime with the real handlers,
 * talking to it only the way a user can: S3 API calls and the site's URLs.
 * demo → bad file rejected with its line → a second file claiming 2021-12's groups rejected
 * naming the holder (report unchanged) → a new 2021-06 source grows the totals → the same
 * upload again changes nothing → deleting it restores the totals → a restart keeps it all.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitStatus, readStatus, recordFingerprint } from '../../../local/await-status';
import { localS3Client } from '../../../local/clients';
import { type LocalRuntime, startLocal } from '../../../local/runtime';
import { withoutNumberSpans } from '../../support/page-text';
import { csvToRows, workbookBytes } from '../../support/workbooks';

const EXAMPLES = fileURLToPath(new URL('../../../examples/lechang-2021/', import.meta.url));
const HEADER =
  '年度,月份,单位编码,单位名称,项目编码,项目名称,项目级次,资金性质,功能科目编码,支出类型,全年预算数,本月支出,累计支出';
const BUCKET = 'lechang-uploads';

interface Report {
  totals: { budget: string; spentThisMonth: string; spentToDate: string };
  sources: { key: string }[];
}

let dataDir: string;
let runtime: LocalRuntime;
let s3: S3Client;
const logs: string[] = [];

async function boot(ports?: LocalRuntime['ports']): Promise<LocalRuntime> {
  const r = await startLocal({
    dataDir,
    sitePort: ports?.site ?? 0,
    s3Port: ports?.s3 ?? 0,
    dynamodbPort: ports?.dynamodb ?? 0,
    loadDemo: true,
    cityId: 'lechang',
    cityName: '乐昌市民政局',
    uploadBucket: BUCKET,
    siteBucket: 'lechang-site',
    tableName: 'lechang-budget',
    log: (l) => logs.push(l),
  });
  await r.ready;
  return r;
}

/**
 * As a user's script would: put the object, then poll its status record until it describes
 * this upload. No hook into the runtime: the site must already show the verdict's effect
 * when the status is readable.
 */
async function upload(key: string, body: string | Uint8Array): Promise<void> {
  const before = recordFingerprint(await readStatus(s3, BUCKET, key));
  const put = await s3.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ContentType: 'text/csv' }),
  );
  const verdict = await awaitStatus(
    s3,
    { bucket: BUCKET, key, etag: put.ETag ?? '', versionId: put.VersionId },
    before,
    { timeoutMs: 30_000 },
  );
  expect(verdict, `a verdict for ${key}`).not.toBeNull();
}

async function report(period: string): Promise<Report> {
  const res = await fetch(`${runtime.urls.site}/reports/${period}/report.json`);
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
}

async function status(key: string) {
  const s = await readStatus(s3, BUCKET, key);
  expect(s, `status record of ${key}`).not.toBeNull();
  return s as NonNullable<typeof s>;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'local-session-'));
  runtime = await boot();
  s3 = localS3Client(runtime.ports.s3);
});

afterAll(async () => {
  s3?.destroy();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('scripted session against the local runtime', () => {
  const extraKey = 'incoming/婚姻登记处/2021-06 extra.csv';
  const extra = `${HEADER}\n2021,6,101005,乐昌市婚姻登记处,44028121A000099,婚姻登记服务,一级,一般公共预算,2080299,项目支出,"1,000,000.00",50000.00,400000.00\n`;
  let june: Report;

  it('loads the twelve demo months, all accepted, with the seed figures at 2021-12', async () => {
    for (let m = 1; m <= 12; m++) {
      // December is the budget-system workbook, loaded in place of its CSV.
      const key = `incoming/lechang-2021/2021-${String(m).padStart(2, '0')}.${m === 12 ? 'xlsx' : 'csv'}`;
      expect((await status(key)).status).toBe('accepted');
    }
    const december = await report('2021-12');
    expect(december.totals.budget).toBe('129653700.00');
    expect(december.totals.spentToDate).toBe('129653700.00');
    const page = withoutNumberSpans(await (await fetch(`${runtime.urls.site}/reports/2021-12/`)).text());
    expect(page).toContain(
      '最低生活保障项目：全年预算数为4623.33万元，执行数为4623.33万元，完成预算数的100%。',
    );
    june = await report('2021-06');
  });

  it.each([
    ['rejects a bad file with the line of the bad row', 'incoming/bad.csv'],
    [
      'answers an upload whose extension is in capitals (incoming/x.CSV) with a status',
      'incoming/upper/BAD.CSV',
    ],
  ])('%s', async (_name, key) => {
    const lines = readFileSync(path.join(EXAMPLES, '2021-03.csv'), 'utf8').split('\n');
    // The examples are CRLF, as treasury exports are: keep the \r where it is.
    lines[4] = (lines[4] ?? '').replace(/,[\d.]+(\r?)$/, ',abc$1');
    await upload(key, lines.join('\n'));
    const s = await status(key);
    expect(s.status).toBe('rejected');
    expect(s.errors).toContainEqual(expect.objectContaining({ line: 5, value: 'abc' }));
  });

  it('answers x.xlsx, x.XLSX, x.xls and x.pdf each with a status: workbooks read, others told to save as .xlsx or CSV', async () => {
    const row = (month: number, code: string) =>
      `2022,${month},101001,乐昌市民政局,${code},工作簿项目,一级,一般公共预算,2081901,项目支出,100,10,50`;
    const workbook = (month: number, code: string) =>
      workbookBytes([{ rows: csvToRows(`${HEADER}\n${row(month, code)}`, [10, 11, 12]) }]);
    await upload('incoming/workbooks/x.xlsx', await workbook(1, 'WB001'));
    await upload('incoming/workbooks/y.XLSX', await workbook(2, 'WB002'));
    expect((await status('incoming/workbooks/x.xlsx')).status).toBe('accepted');
    expect((await status('incoming/workbooks/y.XLSX')).status).toBe('accepted');
    expect((await report('2022-01')).totals.budget).toBe('100.00');
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    for (const key of ['incoming/workbooks/x.xls', 'incoming/workbooks/x.pdf']) {
      await upload(key, ole);
      const s = await status(key);
      expect(s.status).toBe('rejected');
      expect(s.errors?.[0]?.message).toContain('.xlsx');
      expect(s.errors?.[0]?.message).toContain('CSV');
    }
  });

  it('rejects a second file claiming the 2021-12 groups, naming the holder, and leaves the report alone', async () => {
    const before = await report('2021-12');
    await upload('incoming/copy/2021-12.csv', readFileSync(path.join(EXAMPLES, '2021-12.csv'), 'utf8'));
    const s = await status('incoming/copy/2021-12.csv');
    expect(s.status).toBe('rejected');
    expect(JSON.stringify(s.errors)).toContain('incoming/lechang-2021/2021-12.xlsx');
    const after = await report('2021-12');
    expect(after.totals).toEqual(before.totals);
    expect(after.sources).toEqual(before.sources);
  });

  it('adds a new source to 2021-06: totals grow by its amounts', async () => {
    await upload(extraKey, extra);
    expect((await status(extraKey)).status).toBe('accepted');
    const grown = await report('2021-06');
    expect(BigInt(grown.totals.budget.replace('.', '')) - BigInt(june.totals.budget.replace('.', ''))).toBe(
      100000000n,
    );
    expect(
      BigInt(grown.totals.spentToDate.replace('.', '')) - BigInt(june.totals.spentToDate.replace('.', '')),
    ).toBe(40000000n);
    expect(grown.sources.map((s) => s.key)).toContain(extraKey);
    // The same object read through the S3 API (what an S3 client sees on S3_PORT).
    const object = await s3.send(
      new GetObjectCommand({ Bucket: 'lechang-site', Key: 'reports/2021-06/report.json' }),
    );
    const viaS3 = JSON.parse((await object.Body?.transformToString('utf-8')) ?? '{}') as Report;
    expect(viaS3.totals).toEqual(grown.totals);
  });

  it('re-uploading the same file changes nothing', async () => {
    const once = await report('2021-06');
    await upload(extraKey, extra);
    expect((await status(extraKey)).status).toBe('accepted');
    expect((await report('2021-06')).totals).toEqual(once.totals);
  });

  it('deleting it restores the totals', async () => {
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: extraKey }));
    // Read at once, without polling: status reads on S3_PORT wait for queued events locally.
    expect((await status(extraKey)).status).toBe('deleted');
    const restored = await report('2021-06');
    expect(restored.totals).toEqual(june.totals);
    expect(restored.sources.map((s) => s.key)).not.toContain(extraKey);
  });

  it('aws s3 mv of an accepted file (copy, then delete) keeps its figures under the new key', async () => {
    const from = 'incoming/lechang-2021/2021-11.csv';
    const to = 'incoming/moved/2021-11.csv';
    const before = await report('2021-11');
    await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: to, CopySource: `${BUCKET}/${from}` }));
    // The copy's groups are still held by the original: rejected, naming it, for now.
    expect(JSON.stringify((await status(to)).errors)).toContain(from);
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: from }));
    expect((await status(from)).status).toBe('deleted');
    expect((await status(to)).status).toBe('accepted');
    const after = await report('2021-11');
    expect(after.totals).toEqual(before.totals);
    expect(after.sources.map((s) => s.key)).toEqual([to]);
  });

  it('keeps everything across a restart on the same data directory, without reloading the demo', async () => {
    const ports = runtime.ports;
    const december = await report('2021-12');
    await runtime.stop();
    runtime = await boot(ports);
    expect((await runtime.ready).demoKeys).toEqual([]);
    expect((await report('2021-12')).totals).toEqual(december.totals);
    expect((await report('2021-06')).totals).toEqual(june.totals);
    expect((await status('incoming/bad.csv')).status).toBe('rejected');
  });
});
