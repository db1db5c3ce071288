/**
 * The 通报 as a notice (docs/contract.md §4.1): bulletin.html and bulletin.docx from one model —
 * the opening computed exactly, 总体情况 in 万元 for the whole / 项目支出 / 基本支出, the units'
 * average, the change on the month before and the year before, the lists by level with 连续N个月,
 * the 约谈/督办 list, 工作要求 to fill, 落款 and date; the .docx read back from word/document.xml.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderBulletinDocx } from '../../../shared/render/bulletin-docx';
import { type BulletinInput, buildBulletin, chineseDate } from '../../../shared/render/bulletin-notice';
import { renderBulletinPage } from '../../../shared/render/bulletin-page';
import { progressSentence } from '../../../shared/render/progress-sentence';
import { renderReportPage } from '../../../shared/render/report-page';
import type { PeriodReport } from '../../../shared/report/period-report';
import { type WarningStreaks, warningStreaks } from '../../../shared/report/warning-streaks';
import { withoutNumberSpans } from '../../support/page-text';
import { samplePageContext } from '../../support/sample-report';
import { DEFAULT_OPTIONS, lechangLines, report } from '../shared/report/helpers';

const CHECKPOINTS = { checkpoints: { '3': 0.25, '6': 0.5, '9': 0.75, '11': 0.9, '12': 1 } };
const OPTIONS = { ...DEFAULT_OPTIONS, timeProgress: CHECKPOINTS };

function notice(period: PeriodReport, previous: { report: PeriodReport; streaks: WarningStreaks } | null) {
  const streaks = warningStreaks(period, previous?.streaks ?? null);
  const input: BulletinInput = {
    report: period,
    streaks,
    previousMonth:
      previous === null ? null : { period: previous.report.period, totals: previous.report.totals },
    issuer: '乐昌市民政局',
    interviewAfterMonths: 2,
  };
  return { bulletin: buildBulletin(input), streaks };
}

/** The text of word/document.xml, paragraphs on their own lines, tags dropped. */
function docxPart(docx: Uint8Array, part: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulletin-docx-'));
  const file = join(dir, 'bulletin.docx');
  writeFileSync(file, docx);
  return execFileSync('unzip', ['-p', file, part], { encoding: 'utf8' });
}

const textOf = (xml: string): string =>
  xml
    .replace(/<\/w:p><\/w:tc>/g, '\t')
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&');

describe('bulletin (通报)', async () => {
  const may = report(5, await lechangLines(5), null, OPTIONS);
  const mayNotice = notice(may, null);
  const june = report(6, await lechangLines(6), await lechangLines(5), OPTIONS);
  const { bulletin } = notice(june, { report: may, streaks: mayNotice.streaks });
  const page = withoutNumberSpans(renderBulletinPage(june, bulletin));

  it('opens with the rate and the gap to time progress, as circulars word it, under a notice title and 文号', () => {
    expect(page).toContain('截至2021年6月底，全部门预算执行率47.15%，低于序时进度2.85个百分点。');
    expect(page).toContain(
      'By the end of June 2021, the department as a whole had executed 47.15% of its budget, 2.85 points behind time progress.',
    );
    expect(page).toContain('乐昌市民政局关于2021年6月预算执行进度情况的通报');
    expect(bulletin.docNumber).toBe('【待填写：发文机关代字】〔2021〕【待填写：序号】号');
    expect(page).toContain(
      '按节点目标（3月底25%、6月底50%、9月底75%、11月底90%、12月底100%，其间按月线性推算）',
    );
  });

  it('gives 预算数, 累计支出 and 本月支出 in 万元 with rate and gap for the whole and each expenditure type', () => {
    const whole = bulletin.overall[0];
    expect(whole).toMatchObject({
      label: { zh: '全部门' },
      budget: june.totals.budget,
      spentToDate: june.totals.spentToDate,
      spentThisMonth: june.totals.spentThisMonth,
      executionRate: june.totals.executionRate,
      gapPoints: -2.85,
    });
    expect(new Set(june.byExpenditureType.map((t) => t.expenditureType))).toEqual(
      new Set(['项目支出', '基本支出']),
    );
    expect(bulletin.overall.map((row) => row.label.zh)).toEqual(['全部门', '项目支出', '基本支出']);
    const wan = (yuan: string) => (Number(yuan) / 10_000).toFixed(2);
    expect(bulletin.paragraphs[0]?.zh).toBe(
      `全部门预算数${wan(june.totals.budget)}万元，累计支出${wan(june.totals.spentToDate)}万元，` +
        `其中本月支出${wan(june.totals.spentThisMonth)}万元，执行率47.15%，低于序时进度2.85个百分点。`,
    );
  });

  it("states the units' average rate exactly and how many units are at or above it and below it", () => {
    // The average of the rates as printed in the table, and each unit compared with it as printed.
    const rates = june.rankings.units
      .filter((u) => Number(u.budget) > 0)
      .map((u) => Math.round((u.executionRate ?? 0) * 10_000));
    const average = Math.round(rates.reduce((a, b) => a + b, 0) / rates.length);
    const below = rates.filter((r) => r < average).length;
    const sentence = bulletin.paragraphs.find((s) => s.zh.startsWith('各单位平均执行率'));
    expect(sentence?.zh).toBe(
      `各单位平均执行率为${(average / 100).toFixed(2)}%，达到或高于平均执行率的单位${rates.length - below}个，低于平均执行率的单位${below}个。`,
    );
  });

  it('compares with the month before (its summary) and says by how much spending grew', () => {
    const spent = (Number(june.totals.spentToDate) - Number(may.totals.spentToDate)) / 10_000;
    const sentence = bulletin.paragraphs.find((s) => s.zh.startsWith('与上月'));
    expect(sentence?.zh).toContain('与上月（2021年5月底执行率');
    expect(sentence?.zh).toContain(`累计支出增加${spent.toFixed(2).replace(/\.?0+$/, '')}万元。`);
  });

  it('lists each level with 连续N个月, and puts those at red for 2 months or more on the 约谈/督办 list', () => {
    const redInMay = new Set(mayNotice.streaks.projects.filter((s) => s.level === 'red').map((s) => s.code));
    const red = bulletin.levels.find((l) => l.level === 'red');
    expect(red?.entries.length).toBeGreaterThan(0);
    for (const entry of red?.entries ?? []) {
      expect(entry.months).toBe(entry.kind === 'project' && redInMay.has(entry.code) ? 2 : entry.months);
    }
    const twice = (red?.entries ?? []).filter((e) => e.kind === 'project' && redInMay.has(e.code));
    expect(bulletin.interview.entries.map((e) => e.code)).toEqual(
      expect.arrayContaining(twice.map((e) => e.code)),
    );
    for (const entry of bulletin.interview.entries) expect(entry.severeMonths).toBeGreaterThanOrEqual(2);
    if (twice.length > 0) {
      expect(page).toContain('连续2个月');
      expect(bulletin.interview.sentence.zh).toBe(
        '以下单位和项目连续2个月及以上处于最高预警等级，列入约谈/督办名单：',
      );
    }
    // a first month has no streak behind it: nobody is listed
    expect(mayNotice.streaks.projects.every((s) => s.months === 1)).toBe(true);
  });

  it('counts the units ahead of and behind time progress', () => {
    const behind = june.rankings.units.filter((u) => (u.gapPoints ?? 0) < 0).length;
    expect(page).toContain(
      `纳入通报的4个单位中，${4 - behind}个单位执行进度快于或等于序时进度，${behind}个单位慢于序时进度。`,
    );
  });

  it('ends with 工作要求 to fill, the issuing office and the date of the data in China time', () => {
    expect(page).toContain('五、工作要求');
    expect(page).toContain('【待填写：工作要求');
    expect(bulletin.date).toBe('2022年1月5日'); // 08:00 UTC is 16:00 in Beijing
    expect(chineseDate('2021-07-31T17:00:00.000Z')).toBe('2021年8月1日');
    expect(chineseDate('2021-07-31T17:00:00.000Z', 'Europe/Berlin')).toBe('2021年7月31日');
    expect(page).toContain('乐昌市民政局<br>2022年1月5日');
  });

  it('is linked from the period page, which ranks units and projects, and links its .docx', () => {
    const periodPage = renderReportPage(june, samplePageContext(june));
    expect(periodPage).toContain('href="bulletin.html"');
    expect(periodPage).toContain('href="bulletin.docx"');
    expect(periodPage).toContain('单位执行进度排名');
    expect(periodPage).toContain('项目执行进度排名');
    expect(page).toContain('href="index.html"');
    expect(page).toContain('href="bulletin.docx"');
  });

  it('says when the department is ahead or level, and when it has no budget', () => {
    const base = { period: { year: 2021, month: 6 }, totals: { ...june.totals } };
    expect(progressSentence({ ...base, gapPoints: 1.5 }).zh).toContain('高于序时进度1.50个百分点');
    expect(progressSentence({ ...base, gapPoints: 0 }).zh).toContain('与序时进度持平');
    expect(
      progressSentence({ ...base, totals: { ...june.totals, executionRate: null }, gapPoints: null }).zh,
    ).toBe('截至2021年6月底，全部门未安排预算，不计算预算执行率。');
  });

  it('escapes names from the CSV', async () => {
    const lines = (await lechangLines(6)).map((l) => ({ ...l, unitName: '<b>x</b>' }));
    const hostile = report(6, lines, null, OPTIONS);
    const html = renderBulletinPage(hostile, notice(hostile, null).bulletin);
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('bulletin.docx: the same notice in 公文 form — A4, margins 37/35/28/26 mm, 仿宋 body, 小标宋 title, named fallbacks', async () => {
    const docx = await renderBulletinDocx(bulletin, '乐昌市民政局');
    const xml = docxPart(docx, 'word/document.xml');
    const text = textOf(xml);
    const order = [
      '〔2021〕',
      '乐昌市民政局关于2021年6月预算执行进度情况的通报',
      '各单位：',
      '一、总体情况',
      '截至2021年6月底，全部门预算执行率47.15%，低于序时进度2.85个百分点。',
      '类别\t预算数（万元）\t累计支出（万元）\t本月支出（万元）\t执行率\t差距（百分点）',
      '各单位平均执行率为',
      '二、预警情况',
      '（一）红色预警',
      '三、约谈/督办名单',
      '四、工作要求',
      '【待填写：工作要求',
      '乐昌市民政局\n2022年1月5日',
    ];
    const positions = order.map((part) => text.indexOf(part));
    expect(positions.filter((p) => p < 0)).toEqual([]);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // A4 (210 × 297 mm) and the margins, in twips
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(xml).toContain('w:eastAsia="方正小标宋简体"');
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toContain('w:highlight w:val="yellow"');
    const fonts = docxPart(docx, 'word/fontTable.xml');
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>');
  });
});
