/**
 * Small valid exports written from a list of group lines, for pipeline tests that need many
 * distinct files (versions of a key, several sources, several periods) with known figures.
 */
import type { ExpenditureType, FundType } from '../../shared/domain-types';

export const EXPORT_HEADER =
  '年度,月份,单位编码,单位名称,项目编码,项目名称,项目级次,资金性质,功能科目编码,支出类型,全年预算数,本月支出,累计支出';

export interface ExportLine {
  unitCode: string;
  projectCode: string;
  fundType?: FundType;
  expenditureType?: ExpenditureType;
  budgetFen: bigint;
  spentThisMonthFen: bigint;
  spentToDateFen: bigint;
}

/** Integer fen as the yuan text an export carries: `-12.05`, `46233300.00`. */
export function fenText(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const text = `${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

export function exportCsv(period: { year: number; month: number }, lines: ExportLine[]): string {
  const rows = lines.map((line) =>
    [
      String(period.year),
      String(period.month),
      line.unitCode,
      `单位${line.unitCode}`,
      line.projectCode,
      `项目${line.projectCode}`,
      '一级',
      line.fundType ?? '一般公共预算',
      '2081901',
      line.expenditureType ?? '项目支出',
      fenText(line.budgetFen),
      fenText(line.spentThisMonthFen),
      fenText(line.spentToDateFen),
    ].join(','),
  );
  return `${[EXPORT_HEADER, ...rows].join('\r\n')}\r\n`;
}

/** mulberry32: small, fast, the same sequence on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
