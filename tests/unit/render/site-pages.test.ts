import { describe, expect, it } from 'vitest';
import { buildPeriodIndex, renderPeriodIndexJson } from '../../../shared/render/period-index';
import { renderSiteIndexPage } from '../../../shared/render/site-index-page';
import { renderUploadsPage } from '../../../shared/render/uploads-page';
import { withoutNumberSpans } from '../../support/page-text';
import { sampleReport } from '../../support/sample-report';

const city = { id: 'lechang', name: '乐昌市民政局' };

describe('site index', () => {
  const index = buildPeriodIndex(
    city,
    [sampleReport({ month: 6 }), sampleReport({ month: 12 })],
    '2022-01-05T00:00:00.000Z',
    'month',
  );

  it('lists periods latest first with totals and rates', () => {
    expect(index.periods.map((p) => p.id)).toEqual(['2021-12', '2021-06']);
    expect(index.periods[0]).toMatchObject({
      href: 'reports/2021-12/index.html',
      timeProgress: 1,
      warningCount: 1,
    });
    expect(JSON.parse(renderPeriodIndexJson(index))).toMatchObject({ schemaVersion: 1, city });
  });

  it('links each period relatively and draws the year trend', () => {
    const page = renderSiteIndexPage(index);
    expect(page.indexOf('reports/2021-12/index.html')).toBeLessThan(
      page.indexOf('reports/2021-06/index.html'),
    );
    expect(page).toContain('<svg ');
    expect(page).toContain('class="line-time"');
    expect(page).toContain('class="line-rate"');
  });

  it('says what to do when there is nothing yet', () => {
    expect(renderSiteIndexPage(buildPeriodIndex(city, [], '2022-01-05T00:00:00.000Z', 'month'))).toContain(
      '还没有报告',
    );
  });
});

describe('uploads page', () => {
  const page = withoutNumberSpans(
    renderUploadsPage({
      city,
      generatedAt: '2022-01-05T00:00:00.000Z',
      uploads: [
        {
          key: 'incoming/<b>bad</b>.csv',
          status: 'rejected',
          period: '2021-12',
          livePeriod: null,
          rows: 2,
          sha256: 'cd'.repeat(32),
          processedAt: '2022-01-05T00:00:02.000Z',
          errors: [
            {
              line: 7,
              column: '累计支出',
              value: '<script>alert(1)</script>',
              message: '金额无效 / invalid amount',
            },
          ],
          errorCount: 3,
          warnings: [],
        },
        {
          key: 'incoming/2021-12.csv',
          status: 'accepted',
          period: '2021-12',
          livePeriod: '2021-12',
          rows: 23,
          sha256: 'ab'.repeat(32),
          processedAt: '2022-01-05T00:00:01.000Z',
          errors: [],
          errorCount: 0,
          warnings: [],
        },
      ],
    }),
  );

  it('shows every upload with status, period, rows, sha256 prefix and time', () => {
    expect(page).toContain('已拒绝');
    expect(page).toContain('已接收');
    expect(page).toContain(
      'title="abababababababababababababababababababababababababababababababab">abababababab<',
    );
    expect(page).toContain('<a href="reports/2021-12/index.html">2021-12</a>');
  });

  it('lists each error with line, column, value and message, escaped', () => {
    expect(page).toContain('<td>累计支出</td>');
    expect(page).toContain('<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>');
    expect(page).toContain('金额无效 / invalid amount');
    expect(page).toContain('另有2个错误未列出');
    expect(page).not.toContain('<b>bad</b>');
  });
});
