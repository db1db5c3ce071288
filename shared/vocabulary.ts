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

/** 资金来源: the rows 其中：… of the 自评表's 项目资金 block (财预〔2020〕10号). */
export const FUND_SOURCES = ['本年财政拨款', '上年结转资金', '其他资金'] as const;
export type FundSource = (typeof FUND_SOURCES)[number];

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
