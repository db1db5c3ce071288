/**
 * The 其中： rows under 年度资金总额 in the 项目资金 block of the 自评表: by 资金来源 (本年财政拨款,
 * 上年结转资金, 其他资金, as the national form has them) when the exports carry that column, else
 * by 资金性质. One home for the page and the workbook.
 */
import { FUND_TYPE_LABELS } from '../render/labels';
import type { DepartmentEvaluation, FundSourceExecution, ProjectEvaluation } from './self-evaluation';

export interface FundRow {
  label: { zh: string; en: string };
  budgetInitial: string | null;
  budget: string;
  spentToDate: string;
  executionRate: number | null;
}

const FUND_SOURCE_EN: Readonly<Record<FundSourceExecution['fundSource'], string>> = {
  本年财政拨款: 'appropriated this year',
  上年结转资金: 'carried over from last year',
  其他资金: 'other funds',
  未注明: 'source not stated',
};

export function fundRows(block: DepartmentEvaluation | ProjectEvaluation): FundRow[] {
  if (block.byFundSource !== null) {
    return block.byFundSource.map((f) => ({
      ...f,
      label: {
        zh: `其中：${f.fundSource === '未注明' ? '未注明资金来源' : f.fundSource}`,
        en: `of which ${FUND_SOURCE_EN[f.fundSource]}`,
      },
    }));
  }
  return block.byFundType.map((f) => ({
    ...f,
    label: { zh: `其中：${f.fundType}`, en: `of which ${FUND_TYPE_LABELS[f.fundType].en.toLowerCase()}` },
  }));
}
