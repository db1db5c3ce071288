import type { Amounts, GroupLine } from '../../../../shared/domain-types';
import { buildPeriodReport } from '../../../../shared/report';
import type {
  BuildPeriodReportInput,
  PeriodReport,
  ReportOptions,
  SourcedGroupLine,
} from '../../../../shared/report/period-report';
import { DEFAULT_OPTIONS } from '../../../support/sample-report';
import { examplePath, validateFile } from '../csv/helpers';

export { DEFAULT_OPTIONS };

export async function lechangLines(month: number): Promise<SourcedGroupLine[]> {
  const result = await validateFile(examplePath(month));
  if (!result.valid) throw new Error(`example ${month} should be valid`);
  return result.groups.map((group) => ({ ...group, sourceKey: `incoming/lechang/2021-${month}.csv` }));
}

export function report(
  month: number,
  lines: SourcedGroupLine[],
  previousLines: SourcedGroupLine[] | null = null,
  options: ReportOptions = DEFAULT_OPTIONS,
  previousYear: BuildPeriodReportInput['previousYear'] = null,
): PeriodReport {
  return buildPeriodReport({
    city: { id: 'lechang', name: '乐昌市' },
    period: { year: 2021, month },
    sources: [{ key: `incoming/lechang/2021-${month}.csv`, rows: lines.length, sha256: 'ab'.repeat(32) }],
    lines,
    previousLines,
    previousYear,
    options,
    generatedAt: '2022-01-05T08:00:00.000Z',
  });
}

export function amounts(budget: bigint, spentThisMonth: bigint, spentToDate: bigint): Amounts {
  return { budget, spentThisMonth, spentToDate };
}

/** A one-line group with the given amounts (in fen), as the validator would produce it. */
export function line(overrides: Partial<SourcedGroupLine> & { amounts: Amounts }): SourcedGroupLine {
  const base: GroupLine = {
    unitCode: '101001',
    unitName: '乐昌市民政局',
    projectCode: 'P001',
    projectName: '最低生活保障',
    projectLevel: '一级',
    fundType: '一般公共预算',
    functionCodes: ['2081901'],
    amounts: overrides.amounts,
    byExpenditureType: { 项目支出: overrides.amounts },
    lineCount: 1,
  };
  return { ...base, sourceKey: 'incoming/a.csv', ...overrides };
}
