/**
 * The fixed vocabularies of the export contract and the money type: imported by the field
 * table and the row rules as well as by everything downstream, so it imports nothing.
 */

/** Money as integer fen (0.01 yuan). Never a float. */
export type Fen = bigint;

export const FUND_TYPES = [
  '一般公共预算',
  '政府性基金预算',
  '国有资本经营预算',
  '社会保险基金预算',
  '财政专户管理资金',
  '其他资金',
] as const;
export type FundType = (typeof FUND_TYPES)[number];

export const PROJECT_LEVELS = ['一级', '二级'] as const;
export type ProjectLevel = (typeof PROJECT_LEVELS)[number];

export const EXPENDITURE_TYPES = ['基本支出', '项目支出'] as const;
export type ExpenditureType = (typeof EXPENDITURE_TYPES)[number];

export interface Amounts {
  /**
   * 年初预算数, when the export states it (docs/contract.md §2.2). The rate always uses `budget`, the
   * adjusted full-year budget; this is shown beside it.
   */
  budgetInitial?: Fen;
  budget: Fen;
  spentThisMonth: Fen;
  spentToDate: Fen;
}
