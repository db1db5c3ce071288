/**
 * `reports/<YYYY-MM>/index.html` when that period's report could not be rendered: the period
 * has accepted data, so the page exists and says so, with the reason, instead of a missing or
 * stale report. Every other period renders as usual (docs/contract.md §3.1).
 */

import { periodLabel } from '../format';
import { bi } from './bilingual';
import { html } from './html';
import { renderPage } from './page-layout';
import type { UnrenderedPeriod } from './period-index';

export function renderPeriodFailurePage(
  cityName: string,
  failure: UnrenderedPeriod,
  timeZone?: string,
): string {
  const name = periodLabel(failure);
  return renderPage({
    title: { zh: `${name.zh}预算执行情况`, en: `Budget execution, ${name.en}` },
    cityName,
    root: '../../',
    body: html`<section aria-labelledby="failure" class="failure">
<h2 id="failure">${bi('本期报告未能生成', 'This period’s report could not be rendered')}</h2>
<p>${bi(
      '本期已有接收的数据，但生成报告时出错。其他期间不受影响。请把下面的原因告知系统管理员；修正后重新上传本期文件或运行 budget rebuild 即可重新生成。',
      'This period has accepted data, but rendering its report failed. Other periods are not affected. Pass the reason below to the administrator; re-uploading this period’s file after a fix, or running budget rebuild, renders it again.',
    )}</p>
<p>${bi('原因：', 'Reason: ')}<code>${failure.reason}</code></p>
</section>`,
    generatedAt: failure.generatedAt,
    timeZone,
  });
}
