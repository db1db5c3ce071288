/**
 * The money columns every roll-up table (and the line pages) shares, declared once: a table
 * names the ones it shows (`shared/report/rollup.ts`'s `FigureColumnName`) in its order.
 */
import { percent, groupedYuan as yuan } from '../format';
import type { MoneyFigures } from '../report/period-report';
import type { MaybeColumn } from './data-table';

type Figures = MoneyFigures;

export const figureColumn = {
  /**
   * 年初预算数 beside the adjusted budget, in periods whose exports state it (`shown`); the
   * rate stays on the adjusted budget (docs/contract.md §2.2).
   */
  initial: (shown: boolean): MaybeColumn<Pick<Figures, 'budgetInitial'>> =>
    shown && {
      label: { zh: '年初预算数（元）', en: 'Initial budget (yuan)' },
      numeric: true,
      cell: (row) => yuan(row.budgetInitial ?? '0.00'),
    },
  budget: {
    label: { zh: '全年预算数（元）', en: 'Annual budget (yuan)' },
    numeric: true,
    cell: (row: Pick<Figures, 'budget'>) => yuan(row.budget),
  },
  month: {
    label: { zh: '本月支出（元）', en: 'This month (yuan)' },
    numeric: true,
    cell: (row: Pick<Figures, 'spentThisMonth'>) => yuan(row.spentThisMonth),
  },
  spent: {
    label: { zh: '累计执行数（元）', en: 'Spent to date (yuan)' },
    numeric: true,
    cell: (row: Pick<Figures, 'spentToDate'>) => yuan(row.spentToDate),
  },
  rate: {
    label: { zh: '执行率', en: 'Execution rate' },
    numeric: true,
    cell: (row: Pick<Figures, 'executionRate'>) => percent(row.executionRate),
  },
};
