/** A row's line flags (执行滞后, 超预算执行, …) as pages show them: one labelled span each. */
import type { LineFlag } from '../report/period-report';
import { bi } from './bilingual';
import { type HtmlValue, html } from './html';
import { FLAG_LABELS } from './labels';

export function flagList(list: readonly LineFlag[]): HtmlValue {
  return list.map(
    (flag) => html`<span class="flag">${bi(FLAG_LABELS[flag].zh, FLAG_LABELS[flag].en)}</span>`,
  );
}
