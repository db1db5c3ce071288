/**
 * A roll-up's table (docs/contract.md §5), drawn from its declaration (`shared/report/rollup.ts`)
 * by the one table builder: its caption, its columns in their order (each kind drawn one way,
 * the money columns shared), a footer with the department total where declared, and its note.
 */
import { displayName } from '../display-name';
import { percent } from '../format';
import type { MoneyFigures, PeriodFigures } from '../report/period-report';
import type { Rollup, RollupColumn, RowOf } from '../report/rollup';
import { type Bilingual, bi } from './bilingual';
import { type Column, dataTable, type MaybeColumn } from './data-table';
import { figureColumn } from './figure-columns';
import { flagList } from './flag-list';
import { type HtmlValue, html, type SafeHtml } from './html';

type Row = RowOf<Rollup['property']>;

const term = (label: Bilingual): SafeHtml => bi(label.zh, label.en);

/** Whether the period's exports state 年初预算数: the initial-budget column is shown then. */
export const statesInitial = (report: PeriodFigures): boolean => report.totals.budgetInitial !== undefined;

function figure(name: Exclude<RollupColumn<Row>, object>, report: PeriodFigures): MaybeColumn<MoneyFigures> {
  return name === 'initial' ? figureColumn.initial(statesInitial(report)) : figureColumn[name];
}

function column(
  spec: RollupColumn<Row>,
  report: PeriodFigures,
  footer: boolean,
  first: boolean,
): MaybeColumn<Row> {
  if (typeof spec === 'string') {
    const money = figure(spec, report);
    if (!money) return money;
    return footer ? { ...money, total: money.cell(report.totals) } : money;
  }
  const drawn = ((): Column<Row> => {
    switch (spec.kind) {
      case 'code':
        return {
          label: spec.label,
          cell: (row) => {
            const code = spec.value(row);
            if (code !== null) return html`<span class="mono">${code}</span>`;
            return spec.none === undefined ? '—' : term(spec.none);
          },
        };
      case 'name':
        return { label: spec.label, cell: (row) => displayName(spec.value(row) ?? '—') };
      case 'term':
        return {
          label: spec.label,
          cell: (row): HtmlValue => {
            const value = spec.value(row);
            if (value === null) return '—';
            if (!Array.isArray(value)) return term(value as Bilingual);
            return (value as readonly Bilingual[]).map(
              (label, i) => html`${i > 0 ? '、' : ''}${term(label)}`,
            );
          },
        };
      case 'count':
        return { label: spec.label, numeric: true, cell: (row) => spec.value(row), total: '' };
      case 'share':
        return {
          label: spec.label,
          numeric: true,
          cell: (row) => percent(spec.value(row)),
          total: percent(report.totals[spec.of] === '0.00' ? null : 1),
        };
      case 'flags':
        return { label: spec.label, cell: (row) => flagList(spec.value(row)) };
    }
  })();
  if (!footer) {
    const { total: _total, ...column } = drawn;
    return column;
  }
  return first ? { ...drawn, total: bi('合计', 'Total') } : { total: '', ...drawn };
}

/** The roll-up's table, or null when report.json has no rows for it (the period lacks the column). */
export function rollupTable(rollup: Rollup, report: PeriodFigures): SafeHtml | null {
  const rows = report[rollup.property] as readonly Row[] | undefined;
  if (rows === undefined) return null;
  const footer = rollup.table.footer === true;
  const table = dataTable<Row>({
    caption: rollup.caption,
    columns: rollup.table.columns.map((spec, i) => column(spec, report, footer, i === 0)),
    rows,
  });
  const note = rollup.table.note;
  return note === undefined
    ? table
    : html`${table}
<p class="meta">${bi(note.zh, note.en)}</p>`;
}
