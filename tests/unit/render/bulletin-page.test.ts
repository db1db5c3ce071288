/** The 通报 (docs/contract.md §4.1): its opening sentence computed exactly, the unit counts, the lists by level. */
import { describe, expect, it } from 'vitest';
import { renderBulletinPage } from '../../../shared/render/bulletin-page';
import { progressSentence } from '../../../shared/render/progress-sentence';
import { renderReportPage } from '../../../shared/render/report-page';
import { DEFAULT_OPTIONS, lechangLines, report } from '../shared/report/helpers';

const CHECKPOINTS = { checkpoints: { '3': 0.25, '6': 0.5, '9': 0.75, '11': 0.9, '12': 1 } };

describe('bulletin page', async () => {
  const june = report(6, await lechangLines(6), null, { ...DEFAULT_OPTIONS, timeProgress: CHECKPOINTS });
  const page = renderBulletinPage(june);

  it('opens with the rate and the gap to time progress, as circulars word it', () => {
    expect(page).toContain('截至2021年6月底，全部门预算执行率47.15%，低于序时进度2.85个百分点。');
    expect(page).toContain(
      'By the end of June 2021, the department as a whole had executed 47.15% of its budget, 2.85 points behind time progress.',
    );
    expect(page).toContain('2021年6月预算执行进度通报');
    expect(page).toContain(
      '按节点目标（3月底25%、6月底50%、9月底75%、11月底90%、12月底100%，其间按月线性推算）',
    );
  });

  it('counts the units ahead of and behind time progress', () => {
    const behind = june.rankings.units.filter((u) => (u.gapPoints ?? 0) < 0).length;
    expect(page).toContain(
      `纳入通报的4个单位中，${4 - behind}个单位执行进度快于或等于序时进度，${behind}个单位慢于序时进度。`,
    );
  });

  it('lists the lagging units and projects level by level, most severe first', () => {
    const red = page.indexOf('一、红色预警');
    const yellow = page.indexOf('二、黄色预警');
    expect(red).toBeGreaterThan(0);
    expect(yellow).toBeGreaterThan(red);
    expect(page).toContain('落后序时进度10个百分点及以上、不足20个百分点');
    for (const project of june.rankings.projects.filter((p) => p.level === 'red')) {
      const at = page.indexOf(`<th scope="row">${project.projectName}</th>`, red);
      expect(at).toBeGreaterThan(red);
      expect(at).toBeLessThan(yellow);
    }
  });

  it('says when the department is ahead or level, and when it has no budget', () => {
    const base = { period: { year: 2021, month: 6 }, totals: { ...june.totals } };
    expect(progressSentence({ ...base, gapPoints: 1.5 }).zh).toContain('高于序时进度1.5个百分点');
    expect(progressSentence({ ...base, gapPoints: 0 }).zh).toContain('与序时进度持平');
    expect(
      progressSentence({ ...base, totals: { ...june.totals, executionRate: null }, gapPoints: null }).zh,
    ).toBe('截至2021年6月底，全部门未安排预算，不计算预算执行率。');
  });

  it('is linked from the period page, which ranks units and projects', () => {
    const periodPage = renderReportPage(june, { trend: [] });
    expect(periodPage).toContain('href="bulletin.html"');
    expect(periodPage).toContain('单位执行进度排名');
    expect(periodPage).toContain('项目执行进度排名');
    expect(page).toContain('href="index.html"');
  });

  it('escapes names from the CSV', async () => {
    const lines = (await lechangLines(6)).map((l) => ({ ...l, unitName: '<b>x</b>' }));
    const hostile = renderBulletinPage(report(6, lines));
    expect(hostile).not.toContain('<b>x</b>');
    expect(hostile).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});
