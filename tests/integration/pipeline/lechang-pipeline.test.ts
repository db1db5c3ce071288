/**
 * The pipeline end to end on real s3rver + dynalite: the reference city's twelve monthly
 * exports in, then the §3 semantics one by one (duplicate, out of order, replacement,
 * conflict, new source, deletion), each checked on the stored table state and on the
 * rendered report. Steps run in order and build on each other.
 */
import { readFileSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Emulators, startEmulators } from '../../support/emulators';
import { withoutNumberSpans } from '../../support/page-text';
import { PipelineWorld } from '../../support/pipeline-world';
import { partitionItems } from '../../support/table-dump';

const EXAMPLES = new URL('../../../examples/lechang-2021/', import.meta.url);
const HEADER =
  '年度,月份,单位编码,单位名称,项目编码,项目名称,项目级次,资金性质,功能科目编码,支出类型,全年预算数,本月支出,累计支出';
const keyOf = (month: number) => `incoming/lechang-2021/2021-${String(month).padStart(2, '0')}.csv`;
const example = (month: number) =>
  readFileSync(new URL(`2021-${String(month).padStart(2, '0')}.csv`, EXAMPLES), 'utf8');

const money = z.string().regex(/^-?\d+\.\d{2}$/);
const reportSchema = z.object({
  schemaVersion: z.literal(2),
  period: z.object({ year: z.number(), month: z.number() }),
  sources: z.array(z.object({ key: z.string(), rows: z.number(), sha256: z.string() })),
  totals: z.object({
    budget: money,
    spentThisMonth: money,
    spentToDate: money,
    executionRate: z.number().nullable(),
  }),
  byFundType: z.array(z.object({ fundType: z.string(), budget: money, spentToDate: money })),
  byProject: z.array(
    z.object({ projectName: z.string(), budget: money, spentToDate: money, summaryZh: z.string() }),
  ),
  lineCount: z.number(),
  linePages: z.array(z.object({ json: z.string(), html: z.string(), lineCount: z.number() })),
});
const linePageSchema = z.object({
  lines: z.array(
    z.object({ sourceKey: z.string(), unitCode: z.string(), projectCode: z.string(), budget: money }),
  ),
});
const indexSchema = z.object({
  periods: z.array(
    z.object({ id: z.string(), totals: z.object({ budget: money, executionRate: z.number().nullable() }) }),
  ),
});

let emulators: Emulators;
let pipeline: PipelineWorld;

/** report.json, with the lines of its line pages (docs/contract.md §5) read back beside it. */
async function report(period: string) {
  const figures = reportSchema.parse(await pipeline.siteJson(`reports/${period}/report.json`));
  const lines = [];
  for (const page of figures.linePages)
    lines.push(...linePageSchema.parse(await pipeline.siteJson(`reports/${period}/${page.json}`)).lines);
  expect(lines).toHaveLength(figures.lineCount);
  return { ...figures, lines };
}
const fen = (yuan: string) => BigInt(yuan.replace('.', ''));
const byName = <T extends { projectName: string }>(rows: T[], name: string) =>
  rows.find((r) => r.projectName === name);
const byFund = <T extends { fundType: string }>(rows: T[], fund: string) =>
  rows.find((r) => r.fundType === fund);

/** Everything stored for a period: its lines and its lease (absent unless a file is mid-commit), as raw items. */
async function periodState(period: string) {
  const { dynamodb } = emulators;
  return {
    lines: await partitionItems(dynamodb, pipeline.tableName, `PERIOD#${period}`),
    lease: await partitionItems(dynamodb, pipeline.tableName, `LEASE#${period}`),
  };
}

beforeAll(async () => {
  emulators = await startEmulators({ buckets: [], tableName: 'unused' });
  pipeline = await PipelineWorld.create(emulators);
  for (let month = 1; month <= 12; month++) {
    const delivery = await pipeline.upload(keyOf(month), example(month));
    expect(delivery.ingest.batchItemFailures).toEqual([]);
    expect(delivery.render.batchItemFailures).toEqual([]);
  }
});

afterAll(async () => {
  await pipeline?.dispose();
  await emulators?.close();
});

describe('the Lechang 2021 exports through the pipeline', () => {
  it('accepts all twelve months and records their status objects', async () => {
    for (let month = 1; month <= 12; month++) {
      const status = await pipeline.status(keyOf(month));
      expect(status).toMatchObject({
        status: 'accepted',
        period: `2021-${String(month).padStart(2, '0')}`,
        rows: 23,
        errors: [],
      });
      expect(status?.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    const heads = await pipeline.store.listHeads();
    expect(heads.filter((h) => h.status === 'accepted')).toHaveLength(12);
  });

  it('publishes the seed figures for December', async () => {
    const december = await report('2021-12');
    expect(december.totals).toMatchObject({
      budget: '129653700.00',
      spentToDate: '129653700.00',
      executionRate: 1,
    });
    expect(byFund(december.byFundType, '一般公共预算')?.budget).toBe('127574900.00');
    expect(byFund(december.byFundType, '政府性基金预算')?.budget).toBe('2078800.00');
    expect(byName(december.byProject, '最低生活保障')).toMatchObject({
      budget: '46233300.00',
      spentToDate: '46233300.00',
    });
    expect(byName(december.byProject, '残疾人补贴')?.budget).toBe('21558900.00');
    expect(byName(december.byProject, '临时救助')?.budget).toBe('2103700.00');
    expect(byName(december.byProject, '特困人员救助供养')?.budget).toBe('12705700.00');
    expect(december.sources.map((s) => s.key)).toEqual([keyOf(12)]);

    const html = await pipeline.siteObject('reports/2021-12/index.html');
    expect(html?.contentType).toBe('text/html; charset=utf-8');
    expect(withoutNumberSpans(html?.body ?? '')).toContain(
      '最低生活保障项目：全年预算数为4623.33万元，执行数为4623.33万元，完成预算数的100%。',
    );
    const csv = await pipeline.siteObject('reports/2021-12/lines.csv');
    expect(csv?.contentType).toBe('text/csv; charset=utf-8');
    expect(csv?.body.startsWith('\uFEFF')).toBe(true);
  });

  it('indexes the twelve periods latest first and links them from the site and uploads pages', async () => {
    const index = indexSchema.parse(await pipeline.siteJson('reports/index.json'));
    expect(index.periods.map((p) => p.id)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2021-${String(12 - i).padStart(2, '0')}`),
    );
    expect(await pipeline.siteText('index.html')).toContain('href="reports/2021-12/index.html"');
    const uploads = await pipeline.siteText('uploads.html');
    for (let month = 1; month <= 12; month++) expect(uploads).toContain(keyOf(month));
  });

  it("publishes each month's 通报 with bulletin.docx, counting 连续N个月 on from the month before's summary", async () => {
    const streaks: number[] = [];
    for (let month = 1; month <= 12; month++) {
      const id = `2021-${String(month).padStart(2, '0')}`;
      const html = withoutNumberSpans((await pipeline.siteText(`reports/${id}/bulletin.html`)) ?? '');
      expect(html).toContain(`关于2021年${month}月预算执行进度情况的通报`);
      const months = [...html.matchAll(/连续(\d+)个月<\/span>/g)].map((m) => Number(m[1]));
      // a streak never runs longer than the months of the year so far
      expect(Math.max(0, ...months)).toBeLessThanOrEqual(month);
      streaks.push(Math.max(0, ...months));
      const docx = await pipeline.siteBytes(`reports/${id}/bulletin.docx`);
      expect(
        Buffer.from(docx ?? new Uint8Array())
          .subarray(0, 2)
          .toString('latin1'),
      ).toBe('PK');
    }
    // some unit or project lags in consecutive months, and the count carries across them
    expect(Math.max(...streaks)).toBeGreaterThan(1);
    // the streaks live in render's records, not in the published index
    expect(await pipeline.siteText('reports/index.json')).not.toContain('streaks');
  });

  it('changes nothing when the same event is delivered twice more', async () => {
    const key = keyOf(12);
    const head = await pipeline.store.getHead(key);
    const sequencer = head?.sequencer?.replace(/0+$/, '') ?? '';
    const stateBefore = await periodState('2021-12');
    const reportBefore = await pipeline.siteText('reports/2021-12/report.json');
    const htmlBefore = await pipeline.siteText('reports/2021-12/index.html');

    const event = pipeline.createdEvent({
      key,
      sequencer: sequencer.padEnd(18, '0'),
      eTag: head?.etag ?? null,
    });
    expect(await pipeline.deliver([event, event])).toEqual({ batchItemFailures: [] });
    await pipeline.renderKeys([key]);

    expect(await pipeline.store.getHead(key)).toEqual(head);
    expect(await periodState('2021-12')).toEqual(stateBefore);
    expect(await pipeline.siteText('reports/2021-12/report.json')).toBe(reportBefore);
    expect(await pipeline.siteText('reports/2021-12/index.html')).toBe(htmlBefore);
  });

  it('ignores an older version delivered after a newer one', async () => {
    const key = keyOf(11);
    const older = example(11).replace('46233300.00,3837363.90', '46233301.00,3837363.90');
    const newer = example(11).replace('46233300.00,3837363.90', '46233302.00,3837363.90');
    const a = await pipeline.put(key, older);
    const b = await pipeline.put(key, newer);

    await pipeline.deliver([pipeline.createdEvent(b)]);
    await pipeline.deliver([pipeline.createdEvent(a)]);
    await pipeline.renderKeys([key]);

    const head = await pipeline.store.getHead(key);
    expect(head?.active?.gen.startsWith(b.sequencer)).toBe(true);
    expect((await pipeline.status(key))?.sequencer.startsWith(b.sequencer)).toBe(true);
    const lines = (await periodState('2021-11')).lines;
    expect(new Set(lines.map((l) => l.gen?.S))).toEqual(new Set([head?.active?.gen]));
    expect(byName((await report('2021-11')).byProject, '最低生活保障')?.budget).toBe('46233302.00');
  });

  it('converges on the newest version when two versions of a key are ingested at the same time', async () => {
    const key = keyOf(10);
    const first = await pipeline.put(key, example(10).replace('46233300.00,', '46233310.00,'));
    const second = await pipeline.put(key, example(10).replace('46233300.00,', '46233320.00,'));
    const responses = await Promise.all([
      pipeline.deliver([pipeline.createdEvent(first)]),
      pipeline.deliver([pipeline.createdEvent(second)]),
    ]);
    expect(responses).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    await pipeline.renderKeys([key]);

    const head = await pipeline.store.getHead(key);
    expect(head?.active?.gen.startsWith(second.sequencer)).toBe(true);
    const { lines } = await periodState('2021-10');
    expect(new Set(lines.map((l) => l.gen?.S))).toEqual(new Set([head?.active?.gen]));
    expect(byName((await report('2021-10')).byProject, '最低生活保障')?.budget).toBe('46233320.00');
  });

  it('replaces a source when a corrected file is uploaded at the same key', async () => {
    const key = keyOf(12);
    const before = await report('2021-12');
    const corrected = example(12).replace(
      '46233300.00,3929830.50,46233300.00',
      '46243300.00,3939830.50,46243300.00',
    );
    const delivery = await pipeline.upload(key, corrected);
    expect(delivery.ingest.batchItemFailures).toEqual([]);

    const after = await report('2021-12');
    expect(fen(after.totals.budget) - fen(before.totals.budget)).toBe(1_000_000n);
    expect(after.totals.budget).toBe('129663700.00');
    expect(byName(after.byProject, '最低生活保障')?.budget).toBe('46243300.00');
    // Only the new generation is stored; the old one was cleaned up.
    const { lines } = await periodState('2021-12');
    expect(lines).toHaveLength(after.lines.length);
    expect(new Set(lines.map((l) => l.gen?.S))).toEqual(
      new Set([(await pipeline.store.getHead(key))?.active?.gen]),
    );
  });

  it('rejects a second source claiming a December group, naming the holder, and leaves the report unchanged', async () => {
    const before = await pipeline.siteText('reports/2021-12/report.json');
    const stateBefore = await periodState('2021-12');
    const key = 'incoming/units/second-source-2021-12.csv';
    const rival = `${HEADER}\n2021,12,101001,乐昌市民政局,44028121A000001,最低生活保障,一级,一般公共预算,2081901,项目支出,100.00,0.00,100.00\n`;
    await pipeline.upload(key, rival);

    const status = await pipeline.status(key);
    expect(status?.status).toBe('rejected');
    expect(status?.errors).toHaveLength(1);
    expect(status?.errors[0]?.message).toContain(`已由 ${keyOf(12)} 提交`);
    expect(status?.errors[0]?.message).toContain(`already held by ${keyOf(12)}`);

    expect(await periodState('2021-12')).toEqual(stateBefore);
    expect((await periodState('2021-12')).lines.some((l) => l.sourceKey?.S === key)).toBe(false);
    expect((await pipeline.store.getHead(key))?.generations).toEqual([]);
    const after = JSON.parse((await pipeline.siteText('reports/2021-12/report.json')) ?? 'null');
    const previous = JSON.parse(before ?? 'null');
    expect(after).toEqual(previous);
    expect(await pipeline.siteText('uploads.html')).toContain(`already held by ${keyOf(12)}`);
  });

  const newSourceKey = 'incoming/units/marriage-registry 2021-06.csv';
  let juneBefore: z.infer<typeof reportSchema>;

  it('adds a new source with new groups to June: totals grow by exactly its amounts', async () => {
    juneBefore = await report('2021-06');
    const extra =
      `${HEADER}\n` +
      '2021,6,101005,乐昌市婚姻登记处,44028121C000001,婚姻登记服务,一级,一般公共预算,2080299,项目支出,300000.00,25000.00,150000.00\n' +
      '2021,6,101005,乐昌市婚姻登记处,44028121C000002,婚姻登记设施,一级,政府性基金预算,2296002,项目支出,80000.00,0.00,20000.00\n';
    const delivery = await pipeline.upload(newSourceKey, extra);
    expect(delivery.ingest.batchItemFailures).toEqual([]);
    expect((await pipeline.status(newSourceKey))?.status).toBe('accepted');

    const june = await report('2021-06');
    expect(fen(june.totals.budget) - fen(juneBefore.totals.budget)).toBe(38_000_000n);
    expect(fen(june.totals.spentToDate) - fen(juneBefore.totals.spentToDate)).toBe(17_000_000n);
    expect(june.sources.map((s) => s.key)).toEqual([keyOf(6), newSourceKey]);
    const { lines, lease } = await periodState('2021-06');
    expect(lines.filter((l) => l.sourceKey?.S === newSourceKey)).toHaveLength(2);
    expect(lease).toEqual([]);
  });

  it('retracts the new source when it is deleted: totals are back', async () => {
    const delivery = await pipeline.remove(newSourceKey);
    expect(delivery.ingest.batchItemFailures).toEqual([]);

    const june = await report('2021-06');
    expect(june.totals).toEqual(juneBefore.totals);
    expect(june.sources.map((s) => s.key)).toEqual([keyOf(6)]);
    const { lines } = await periodState('2021-06');
    expect(lines.some((l) => l.sourceKey?.S === newSourceKey)).toBe(false);
    expect((await pipeline.store.getHead(newSourceKey))?.generations).toEqual([]);
    expect(await pipeline.status(newSourceKey)).toMatchObject({ status: 'deleted', period: null, rows: 0 });
    expect((await pipeline.store.getHead(newSourceKey))?.active).toBeNull();
  });

  it('rejects an invalid file with located errors on the status and the uploads page', async () => {
    const key = 'incoming/bad/2021-12-typo.csv';
    await pipeline.upload(
      key,
      `${HEADER}\n2021,12,101009,乐昌市某单位,P9,某项目,一级,一般公共预算,2080299,项目支出,1.001,0.00,0.00\n`,
    );
    const status = await pipeline.status(key);
    expect(status?.status).toBe('rejected');
    expect(status?.errors[0]).toMatchObject({ line: 2, column: '全年预算数', value: '1.001' });
    const uploads = await pipeline.siteText('uploads.html');
    expect(uploads).toContain('<td>全年预算数</td>');
    expect(uploads).toContain('<code>1.001</code>');
    expect((await report('2021-12')).totals.budget).toBe('129663700.00');
  });

  it('escapes CSV text in HTML and neutralises formulas in lines.csv', async () => {
    const key = 'incoming/2022-01 hostile.csv';
    const hostile =
      `${HEADER}\n` +
      '2022,1,X01,"=HYPERLINK(""http://x"",""y"")",XP1,<script>alert(1)</script>,一级,一般公共预算,2080299,项目支出,1000.00,-12.00,100.00\n';
    await pipeline.upload(key, hostile);
    expect((await pipeline.status(key))?.status).toBe('accepted');

    const html = (await pipeline.siteText('reports/2022-01/index.html')) ?? '';
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html.match(/<script>/g)).toHaveLength(1);

    const csv = (await pipeline.siteText('reports/2022-01/lines.csv')) ?? '';
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csv).toContain(',1000.00,-12.00,100.00,');
    const index = indexSchema.parse(await pipeline.siteJson('reports/index.json'));
    expect(index.periods[0]?.id).toBe('2022-01');
  });

  it('rebuilds everything on render-all and removes snapshots of periods without data', async () => {
    const { s3 } = emulators;
    await s3.send(
      new PutObjectCommand({ Bucket: pipeline.siteBucket, Key: 'reports/2019-01/index.html', Body: 'stale' }),
    );
    const summary = await pipeline.render({ kind: 'render-all' });
    expect(summary).toMatchObject({ removed: ['2019-01'] });
    expect(await pipeline.siteText('reports/2019-01/index.html')).toBeNull();
    expect('rendered' in summary ? summary.rendered : []).toHaveLength(13);
  });
});
