/** Hand-built group lines for store tests that do not go through CSV validation. */
import type { FundType, GroupLine } from '../../shared/domain-types';

export function groupLine(
  unitCode: string,
  projectCode: string,
  budgetFen: bigint,
  spentFen: bigint = budgetFen,
  fundType: FundType = '一般公共预算',
): GroupLine {
  const amounts = { budget: budgetFen, spentThisMonth: spentFen / 12n, spentToDate: spentFen };
  return {
    unitCode,
    unitName: `单位${unitCode}`,
    projectCode,
    projectName: `项目${projectCode}`,
    projectLevel: '一级',
    fundType,
    functionCodes: ['2081901'],
    amounts,
    byExpenditureType: { 项目支出: amounts },
    lineCount: 1,
  };
}
