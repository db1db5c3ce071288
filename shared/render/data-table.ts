/**
 * The one table builder of the site's pages. A table is a list of columns, each declaring its
 * header, whether it is numeric, how it draws a row's cell and (optionally) its footer cell:
 * header, rows and footer come from the same list, so a column can never be drawn in one and
 * missed in another (a misaligned table cannot be written).
 *
 * Semantic tables: a caption, column headers with `scope="col"`, the first cell of each row
 * a row header with `scope="row"`, numbers right-aligned. Wide tables scroll on their own
 * instead of the page, in a frame that keyboard users can focus and scroll.
 */
import { type Bilingual, bi, both } from './bilingual';
import { type HtmlValue, html, type SafeHtml } from './html';

export interface Column<R> {
  label: Bilingual;
  numeric?: boolean;
  /** This column's cell in a row. */
  cell: (row: R) => HtmlValue;
  /** This column's cell in the footer row; the footer is drawn when any column has one. */
  total?: HtmlValue;
}

/** A column shown only under a condition: `withInitial && column`. */
export type MaybeColumn<R> = Column<R> | false | null | undefined;

export interface DataTableInput<R> {
  caption: Bilingual;
  columns: readonly MaybeColumn<R>[];
  rows: readonly R[];
}

function isColumn<R>(column: MaybeColumn<R>): column is Column<R> {
  return column !== false && column !== null && column !== undefined;
}

function cells<R>(columns: readonly Column<R>[], cellOf: (column: Column<R>) => HtmlValue): SafeHtml[] {
  return columns.map((column, i) => {
    const cell = cellOf(column);
    const numeric = column.numeric === true;
    if (i === 0) return html`<th scope="row"${numeric ? html` class="num"` : ''}>${cell}</th>`;
    return numeric ? html`<td class="num">${cell}</td>` : html`<td>${cell}</td>`;
  });
}

export function dataTable<R>(input: DataTableInput<R>): SafeHtml {
  const columns = input.columns.filter(isColumn);
  const head = columns.map(
    (column) =>
      html`<th scope="col"${column.numeric === true ? html` class="num"` : ''}>${bi(column.label.zh, column.label.en)}</th>`,
  );
  const body = input.rows.map((row) => html`<tr>${cells(columns, (column) => column.cell(row))}</tr>\n`);
  const foot = columns.some((column) => column.total !== undefined)
    ? html`<tfoot><tr>${cells(columns, (column) => column.total ?? '')}</tr></tfoot>`
    : '';
  // A frame that may scroll sideways (a phone, a wide table) takes keyboard focus so it can be
  // scrolled without a mouse; named by its caption.
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="${both(input.caption)}"><table>
<caption>${bi(input.caption.zh, input.caption.en)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}</tbody>
${foot}
</table></div>`;
}
