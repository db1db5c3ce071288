/**
 * Semantic tables: a caption, column headers with `scope="col"`, the first cell of each row
 * a row header with `scope="row"`, numbers right-aligned. Wide tables scroll on their own
 * instead of the page.
 */
import { type Bilingual, bi } from './bilingual';
import { type HtmlValue, html, type SafeHtml } from './html';

export interface Column {
  label: Bilingual;
  numeric?: boolean;
}

export interface DataTableInput {
  caption: Bilingual;
  columns: Column[];
  rows: HtmlValue[][];
  footer?: HtmlValue[];
}

function cells(row: HtmlValue[], columns: Column[]): SafeHtml[] {
  return row.map((cell, i) => {
    const numeric = columns[i]?.numeric === true;
    if (i === 0) return html`<th scope="row"${numeric ? html` class="num"` : ''}>${cell}</th>`;
    return numeric ? html`<td class="num">${cell}</td>` : html`<td>${cell}</td>`;
  });
}

export function dataTable(input: DataTableInput): SafeHtml {
  const head = input.columns.map(
    (column) =>
      html`<th scope="col"${column.numeric === true ? html` class="num"` : ''}>${bi(column.label.zh, column.label.en)}</th>`,
  );
  const body = input.rows.map((row) => html`<tr>${cells(row, input.columns)}</tr>\n`);
  const foot =
    input.footer === undefined ? '' : html`<tfoot><tr>${cells(input.footer, input.columns)}</tr></tfoot>`;
  return html`<div class="table-wrap"><table>
<caption>${bi(input.caption.zh, input.caption.en)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}</tbody>
${foot}
</table></div>`;
}
