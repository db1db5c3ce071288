/**
 * Indicator files through the pipeline on real s3rver + dynalite (docs/contract.md §4.2): uploaded under
 * indicators/, validated, stored as sets with the exports' versioning, and the year's
 * self-evaluation written to self-evaluation/<YYYY>/ — JSON, page, .xlsx and .docx — then
 * re-rendered when the year's periods or its indicators change. Steps build on each other.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SelfEvaluation } from '../../../shared/self-evaluation/self-evaluation';
import { type Emulators, startEmulators } from '../../support/emulators';
import { withoutNumberSpans } from '../../support/page-text';
import { PipelineWorld } from '../../support/pipeline-world';

const ROOT = new URL('../../../examples/', import.meta.url);
const exportKey = (month: number) => `incoming/lechang-2021/2021-${String(month).padStart(2, '0')}.csv`;
const exportFile = (month: number) =>
  readFileSync(new URL(`lechang-2021/2021-${String(month).padStart(2, '0')}.csv`, ROOT), 'utf8');
const INDICATORS = readFileSync(new URL('indicators/lechang-2021.csv', ROOT), 'utf8');
const KEY = 'indicators/lechang-2021.csv';
const PREFIX = 'self-evaluation/2021/';
/** A second file claiming 最低生活保障's set. */
const OTHER = 'indicators/another.csv';
const OTHER_TEXT = INDICATORS.split('\n')
  .filter((line, i) => i === 0 || line.startsWith('2021,44028121A000001,'))
  .join('\n');

let emulators: Emulators;
let pipeline: PipelineWorld;

async function evaluation(): Promise<SelfEvaluation> {
  return (await pipeline.siteJson(`${PREFIX}self-evaluation.json`)) as SelfEvaluation;
}

function documentText(bytes: Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), 'se-docx-')), 'report.docx');
  writeFileSync(file, bytes);
  return execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' }).replace(
    /<[^>]+>/g,
    '',
  );
}

beforeAll(async () => {
  emulators = await startEmulators({ buckets: [], tableName: 'unused' });
  pipeline = await PipelineWorld.create(emulators);
  const june = await pipeline.upload(exportKey(6), exportFile(6));
  expect(june.ingest.batchItemFailures).toEqual([]);
});

afterAll(async () => {
  await pipeline?.dispose();
  await emulators?.close();
});

describe('the Lechang 2021 indicator file through the pipeline', () => {
  it('is accepted under indicators/ with a status record whose period is the year', async () => {
    const delivery = await pipeline.upload(KEY, INDICATORS);
    expect(delivery.ingest.batchItemFailures).toEqual([]);
    expect(delivery.render.batchItemFailures).toEqual([]);
    const status = await pipeline.status(KEY);
    expect(status).toMatchObject({ key: KEY, status: 'accepted', period: '2021', rows: 34, errors: [] });
  });

  it('before year end, the self-evaluation uses the latest period and says 截至6月', async () => {
    const json = await evaluation();
    expect(json.asOf).toEqual({ year: 2021, month: 6 });
    const page = await pipeline.siteObject(`${PREFIX}index.html`);
    expect(page?.contentType).toBe('text/html; charset=utf-8');
    expect(withoutNumberSpans(page?.body ?? '')).toContain('截至6月');
  });

  it('once December is in, department and every scored project score 100 (优), with the seed sentences in report.docx', async () => {
    for (const month of [7, 8, 9, 10, 11, 12]) await pipeline.upload(exportKey(month), exportFile(month));
    const json = await evaluation();
    expect(json).toMatchObject({
      schemaVersion: 1,
      year: 2021,
      asOf: { year: 2021, month: 12 },
      executionWeight: 10,
    });
    expect(json.department).toMatchObject({
      budget: '129653700.00',
      spentToDate: '129653700.00',
      executionRate: 1,
      executionPoints: 10,
      indicatorPoints: 90,
      score: 100,
      grade: '优',
    });
    const scored = json.projects.filter((p) => p.score !== null);
    expect(scored.map((p) => p.projectName)).toEqual([
      '最低生活保障',
      '残疾人补贴',
      '临时救助',
      '特困人员救助供养',
    ]);
    // Lechang's sets weigh 产出/效益/满意度 45/30/15 (the department's too), not the form's 50/30/10,
    // and 临时救助's approval took 2 days against ≤ 3 (beyond the 1.2 factor): that is all there is to say
    for (const project of scored) {
      expect(project).toMatchObject({ score: 100, grade: '优' });
      expect(project.warnings.map((w) => w.code)).toEqual(
        project.projectCode === '44028121A000003'
          ? ['WEIGHTS_NOT_STANDARD', 'OVER_ACHIEVEMENT']
          : ['WEIGHTS_NOT_STANDARD'],
      );
    }
    expect(new Set(json.warnings.map((w) => w.code))).toEqual(
      new Set(['WEIGHTS_NOT_STANDARD', 'OVER_ACHIEVEMENT']),
    );

    // Saved under the department's and the year's name, the Chinese kept (RFC 5987 filename*).
    for (const [file, name] of [
      ['self-evaluation.xlsx', '乐昌市民政局-2021-绩效自评表.xlsx'],
      ['report.docx', '乐昌市民政局-2021-绩效自评报告.docx'],
    ] as const) {
      const head = await emulators.s3.send(
        new HeadObjectCommand({ Bucket: pipeline.siteBucket, Key: `${PREFIX}${file}` }),
      );
      expect(head.ContentDisposition).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
    }

    const docx = await pipeline.siteBytes(`${PREFIX}report.docx`);
    const text = documentText(docx ?? new Uint8Array());
    expect(text).toContain(
      '部门整体支出绩效自评得分为100分。全年预算数12965.37万元，执行数12965.37万元，完成预算的100%。',
    );
    expect(text).toContain(
      '最低生活保障项目绩效自评综述：全年预算数为4623.33万元，执行数为4623.33万元，完成预算数的100%。',
    );

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      Buffer.from(
        (await pipeline.siteBytes(`${PREFIX}self-evaluation.xlsx`)) ?? [],
      ) as unknown as ArrayBuffer,
    );
    const summary = workbook.worksheets[0];
    const values: unknown[][] = [];
    summary?.eachRow((row) => {
      values.push((row.values as unknown[]).slice(1));
    });
    expect(values.find((row) => row[0] === '部门整体支出')).toEqual([
      '部门整体支出',
      '部门整体',
      12965.37, // 万元, every 分 kept
      12965.37,
      1,
      100,
      '优',
    ]);
  });

  it('the site index and the year-end report link to it', async () => {
    expect(await pipeline.siteText('index.html')).toContain('self-evaluation/2021/');
    expect(await pipeline.siteText('reports/2021-12/index.html')).toContain('../../self-evaluation/2021/');
  });

  it('a second file claiming a set is rejected, naming the holder; nothing of it counts', async () => {
    await pipeline.upload(OTHER, OTHER_TEXT);
    const status = await pipeline.status(OTHER);
    expect(status?.status).toBe('rejected');
    expect(status?.errors[0]?.message).toContain(KEY);
    expect((await evaluation()).projects.find((p) => p.projectCode === '44028121A000001')?.score).toBe(100);
  });

  it('a corrected file replaces the sets: a missed indicator lowers the score exactly and asks for the reason', async () => {
    const corrected = INDICATORS.replace(
      '2021,44028121A000001,最低生活保障,产出指标,数量指标,城乡低保保障人数,≥,人,12000,12356,20,',
      '2021,44028121A000001,最低生活保障,产出指标,数量指标,城乡低保保障人数,≥,人,12000,11000,20,',
    ).replace(
      '2021,44028121A000003,临时救助,效益指标,社会效益指标,防止因突发性困难致贫返贫,定性,,有效防止,达成,20,',
      '2021,44028121A000003,临时救助,效益指标,社会效益指标,防止因突发性困难致贫返贫,定性,,有效防止,基本达成,20,部分镇街报送不及时',
    );
    expect(corrected).not.toBe(INDICATORS);
    // s3rver keeps no versions, so an overwrite starts the key's run anew (holder rule, contract
    // §3): indicators/another.csv, uploaded before it, would then hold 最低生活保障's set. It goes first.
    await pipeline.remove(OTHER);
    await pipeline.upload(KEY, corrected);
    const json = await evaluation();
    const byCode = (code: string) => json.projects.find((p) => p.projectCode === code);
    // 20 × 11000 / 12000 = 18.333… → 18.33
    expect(byCode('44028121A000001')).toMatchObject({ indicatorPoints: 88.33, score: 98.33, grade: '优' });
    const notWeights = (w: { code: string }) =>
      w.code !== 'WEIGHTS_NOT_STANDARD' && w.code !== 'OVER_ACHIEVEMENT';
    expect(
      byCode('44028121A000001')
        ?.warnings.filter(notWeights)
        .map((w) => w.messageZh),
    ).toEqual([expect.stringContaining('需说明偏差原因')]);
    // 基本达成: 80% of 20, a reason given, so no warning
    expect(byCode('44028121A000003')).toMatchObject({ indicatorPoints: 86, score: 96 });
    expect(byCode('44028121A000003')?.warnings.filter(notWeights)).toEqual([]);
    expect(json.warnings.filter(notWeights).map((w) => w.code)).toEqual(['REASON_REQUIRED']);
  });

  it('a file whose weights do not make 100 is rejected with the sum; the previous sets stay live', async () => {
    const bad = INDICATORS.replace(',服务对象满意度,≥,%,90,95,15,', ',服务对象满意度,≥,%,90,95,5,');
    await pipeline.upload(KEY, bad);
    const status = await pipeline.status(KEY);
    expect(status?.status).toBe('rejected');
    expect(status?.errors[0]).toMatchObject({ line: 2, column: '分值', value: '80' });
    expect((await evaluation()).department.score).toBe(100);
  });

  it('deleting the file retracts its sets; the file it kept out is re-checked and now holds its set', async () => {
    // In a later second than the file's last upload: within one second the smaller key would hold.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await pipeline.upload(OTHER, OTHER_TEXT);
    expect((await pipeline.status(OTHER))?.status).toBe('rejected');
    await pipeline.remove(KEY);
    const json = await evaluation();
    expect(json.department).toMatchObject({ score: null, grade: null, indicators: [] });
    // indicators/another.csv was rejected while this file held 最低生活保障's set (contract §3.1: moves converge)
    expect((await pipeline.status('indicators/another.csv'))?.status).toBe('accepted');
    expect(json.projects.filter((p) => p.score !== null).map((p) => [p.projectCode, p.score])).toEqual([
      ['44028121A000001', 100],
    ]);
    expect(json.warnings.map((w) => w.code)).toEqual(['NO_DEPARTMENT_SET', 'WEIGHTS_NOT_STANDARD']);
  });

  it('when the year has no period left, its self-evaluation is removed', async () => {
    for (const month of [6, 7, 8, 9, 10, 11, 12]) await pipeline.remove(exportKey(month));
    expect(await pipeline.siteText(`${PREFIX}self-evaluation.json`)).toBeNull();
    expect(await pipeline.siteText(`${PREFIX}index.html`)).toBeNull();
  });
});
