/** The period report page: content per docs/contract.md §5, escaping, accessibility and print basics. */
import { describe, expect, it } from 'vitest';
import {
  hasProjectsPage,
  PROJECTS_PAGE,
  renderProjectsPage,
  renderReportPage,
} from '../../../shared/render/report-page';
import { withoutNumberSpans } from '../../support/page-text';
import { samplePageContext, sampleReport } from '../../support/sample-report';
import { amounts, line, report } from '../shared/report/helpers';

const trend = [
  { month: 6, executionRate: 0.5 },
  { month: 12, executionRate: 0.9785 },
];

describe('renderReportPage', () => {
  const page = withoutNumberSpans(renderReportPage(sampleReport(), samplePageContext(sampleReport(), trend)));

  it('declares UTF-8 and Chinese, and reads like the seed', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="zh-CN" class="show-zh">')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain(
      '最低生活保障项目：全年预算数为4623.33万元，执行数为4623.33万元，完成预算数的100%。',
    );
    expect(page).toContain('2021年12月预算执行情况');
    expect(page).toContain('Budget execution, December 2021');
  });

  it('has both languages and a real, keyboard-operable language link', () => {
    expect(page).toContain(
      '<span class="zh" lang="zh-CN">按资金性质</span><span class="en" lang="en">By fund type</span>',
    );
    expect(page).toMatch(
      /<a class="lang" id="lang-toggle" href="\?lang=en" hreflang="en" lang="en" hidden>English<\/a>/,
    );
    expect(page).toContain('.show-zh .en,.show-en .zh{display:none}');
  });

  it('uses semantic tables with captions and scoped headers', () => {
    const tables = page.match(/<table>/g)?.length ?? 0;
    expect(tables).toBeGreaterThanOrEqual(6);
    expect(page.match(/<caption>/g)?.length).toBe(tables);
    expect(page).toContain('<th scope="col">');
    expect(page).toContain('<th scope="row">');
    expect(page).toContain('46,233,300.00');
  });

  it('shows warnings, flags, shares and the year-end score', () => {
    expect(page).toContain('执行滞后');
    expect(page).toContain('乐昌市民政局“养老服务设施建设”执行率50%');
    expect(page).toContain('95.70%');
    expect(page).toContain('预算执行率指标得分9.79分');
  });

  it('draws labelled inline SVG charts', () => {
    expect(page.match(/<svg /g)?.length).toBe(2);
    expect(page).toContain('aria-labelledby="chart-projects-title chart-projects-desc"');
    expect(page).toContain('<title id="chart-trend-title">');
    expect(page).toContain('role="img"');
  });

  it('makes no external request and links relatively', () => {
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(page).not.toContain('@import');
    expect(page).not.toContain('url(');
    expect(page).toContain('href="../../index.html"');
    expect(page).toContain('href="lines.csv"');
  });

  it('prints on A4 landscape with page numbers', () => {
    expect(page).toContain('@page{size:A4 landscape');
    expect(page).toContain('@bottom-center{content:counter(page) " / " counter(pages)');
    expect(page).toContain('@media print');
  });

  it('escapes text from the CSV everywhere it appears', () => {
    const hostileReport = sampleReport({
      projectName: '<script>alert(1)</script>',
      unitName: '<img src=x onerror=alert(2)>',
    });
    const hostile = renderReportPage(hostileReport, samplePageContext(hostileReport, trend));
    expect(hostile).not.toContain('<script>alert(1)</script>');
    expect(hostile).not.toContain('<img src=x');
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(hostile.match(/<script>/g)?.length).toBe(1); // the language toggle only
  });

  it('omits the score section before year end', () => {
    expect(
      renderReportPage(sampleReport({ month: 6 }), samplePageContext(sampleReport({ month: 6 }), trend)),
    ).not.toContain('id="score"');
  });
});

describe('a period with many projects', () => {
  // 200 units × 1,000 projects would be 200,000 lines; the page depends on the units, the
  // projects and the line pages, so 200 units × 5 projects + 995 one-unit projects stand for it.
  const lines = [
    ...Array.from({ length: 200 }, (_, u) => Array.from({ length: 5 }, (_, p) => ({ u, p }))).flat(),
    ...Array.from({ length: 995 }, (_, i) => ({ u: i % 200, p: 5 + i })),
  ].map(({ u, p }) =>
    line({
      unitCode: `1${String(u).padStart(5, '0')}`,
      unitName: `乐昌市第${u}民政办`,
      projectCode: `440281A${String(p).padStart(6, '0')}`,
      projectName: `最低生活保障（第${p}批）`,
      amounts: amounts(BigInt(100_000 + p), 0n, BigInt(50_000 + u)),
    }),
  );
  const built = report(12, lines);
  const linePages = Array.from({ length: 400 }, (_, i) => ({
    ...samplePageContext(built).linePages[0],
    page: i + 1,
    html: `lines/${String(i + 1).padStart(4, '0')}.html`,
  })) as ReturnType<typeof samplePageContext>['linePages'];
  const page = renderReportPage(built, { trend, linePages, firstWarnings: built.warnings.slice(0, 100) });

  it('stays under 1 MB and puts the projects on a page of their own', () => {
    expect(built.byProject).toHaveLength(1_000);
    expect(hasProjectsPage(built)).toBe(true);
    expect(Buffer.byteLength(page)).toBeLessThan(1_000_000);
    expect(page).toContain(`href="${PROJECTS_PAGE}"`);
    expect(page).not.toContain('项目执行进度排名');
    expect(page).toContain('单位执行进度排名');
    expect(page).toContain('href="lines/0400.html"');
    const projects = renderProjectsPage(built);
    expect(projects).toContain('项目执行进度排名');
    expect(projects).toContain('各项目预算执行率得分');
    expect(projects).toContain('最低生活保障（第999批）项目：');
  });

  it('keeps a few projects on the period page itself', () => {
    expect(hasProjectsPage(sampleReport())).toBe(false);
    const small = renderReportPage(sampleReport(), samplePageContext(sampleReport(), trend));
    expect(small).toContain('项目执行进度排名');
    expect(small).not.toContain(PROJECTS_PAGE);
  });
});
