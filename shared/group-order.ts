/**
 * The one order of group lines used everywhere (validation result, report lines, DynamoDB
 * writes, CSV downloads): unit code, project code, then fund type in the contract's list order.
 * Code-unit comparison, not locale collation, so every runtime sorts identically.
 */
import { FUND_TYPES, type GroupLine } from './domain-types';

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareGroupKeys(
  a: Pick<GroupLine, 'unitCode' | 'projectCode' | 'fundType'>,
  b: Pick<GroupLine, 'unitCode' | 'projectCode' | 'fundType'>,
): number {
  return (
    compareText(a.unitCode, b.unitCode) ||
    compareText(a.projectCode, b.projectCode) ||
    FUND_TYPES.indexOf(a.fundType) - FUND_TYPES.indexOf(b.fundType)
  );
}
