/**
 * 项目支出 and 基本支出 apart, as the report and the bulletin state them after the whole
 * (docs/contract.md §4): 「其中，项目支出全年预算数11580.80万元，执行数5427.75万元，执行率46.87%；
 * 基本支出全年预算数1384.57万元，执行数685.62万元，执行率49.52%。」 The parts' 万元 add up in print
 * to the whole as printed beside them (formatWanParts), and each rate is its published rate.
 */
import type { ExpenditureType } from '../domain-types';
import { formatWanParts, percent, yuanToFen } from '../format';

export interface ExpenditurePart {
  expenditureType: ExpenditureType;
  budget: string;
  spentToDate: string;
  executionRate: number | null;
}

const EN: Record<ExpenditureType, string> = {
  基本支出: 'basic expenditure',
  项目支出: 'project expenditure',
};

/** Project expenditure first (it is what the reviews are about), then basic; null when only one kind exists. */
export function expenditureSplitSentence(
  parts: readonly ExpenditurePart[],
): { zh: string; en: string } | null {
  if (parts.length < 2) return null;
  const ordered = [...parts].sort((a, b) =>
    a.expenditureType === '项目支出' ? -1 : b.expenditureType === '项目支出' ? 1 : 0,
  );
  const budgets = formatWanParts(ordered.map((p) => yuanToFen(p.budget))).parts;
  const spent = formatWanParts(ordered.map((p) => yuanToFen(p.spentToDate))).parts;
  const zh = ordered.map(
    (p, i) =>
      `${p.expenditureType}全年预算数${budgets[i]}万元，执行数${spent[i]}万元，执行率${percent(p.executionRate)}`,
  );
  const en = ordered.map(
    (p, i) =>
      `${EN[p.expenditureType]}: budget ${budgets[i]}, spent ${spent[i]} (10k yuan), ${percent(p.executionRate)}`,
  );
  return { zh: `其中，${zh.join('；')}。`, en: `Of which ${en.join('; ')}.` };
}
