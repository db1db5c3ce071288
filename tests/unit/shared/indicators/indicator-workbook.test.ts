/**
 * Indicator files as Excel writes them (docs/contract.md §4.2): a met row's blank 偏差原因 is not
 * written at all, a percentage is a fraction with a percent format, and every problem names its
 * cell — in the result, in `--json` and in the human output of `budget validate`, which
 * recognises the workbook by its header. The workbooks are written by exceljs, a real writer.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { capIssue } from '../../../../functions/common/issue-bounds';
import { toIndicatorValidateJson } from '../../../../shared/indicators/indicator-validate-json';
import { isIndicatorFile } from '../../../../shared/indicators/is-indicator-file';
import { validateIndicators } from '../../../../shared/indicators/validate-indicators';
import { renderUploadsPage } from '../../../../shared/render/uploads-page';
import { withoutNumberSpans } from '../../../support/page-text';
import { chunksOf } from '../../../support/workbooks';
import { projectRoot } from '../csv/helpers';

const HEADER = [
  '年度',
  '项目编码',
  '项目名称',
  '一级指标',
  '二级指标',
  '三级指标',
  '指标性质',
  '度量单位',
  '年度指标值',
  '实际完成值',
  '分值',
  '偏差原因',
];

type Cell = string | number | { value: number; numFmt: string };

/** A sheet whose rows end where their last value is (Excel writes no trailing empty cell). */
async function indicatorWorkbook(rows: Cell[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('绩效指标');
  sheet.addRow(HEADER);
  rows.forEach((cells, r) => {
    const row = sheet.getRow(r + 2);
    cells.forEach((cell, c) => {
      const target = row.getCell(c + 1);
      if (typeof cell === 'object') {
        target.value = cell.value;
        target.numFmt = cell.numFmt;
      } else {
        target.value = cell;
      }
    });
    row.commit();
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const met = (indicator: string, weight: number): Cell[] => [
  2021,
  'P1',
  '养老服务',
  '产出指标',
  '数量指标',
  indicator,
  '≥',
  '人',
  100,
  120,
  weight,
];

describe('indicator workbooks', () => {
  it('accepts rows without their blank trailing cells, and reads a percent-formatted cell as a percentage', async () => {
    const bytes = await indicatorWorkbook([
      met('服务人数', 45),
      [
        2021,
        'P1',
        '养老服务',
        '满意度指标',
        '服务对象满意度指标',
        '满意度',
        '≥',
        '%',
        90,
        { value: 0.95, numFmt: '0%' },
        45,
      ],
    ]);
    const result = await validateIndicators(chunksOf(bytes), {}, 'xlsx');
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    const [count, satisfaction] = result.sets[0]?.indicators ?? [];
    expect(count?.reason).toBeNull();
    // 0.95 shown as 95% is 95, read as the CSV's `95%` is: the same value and the same text.
    const csv = await validateIndicators(
      (async function* () {
        yield Buffer.from(
          `${HEADER.join(',')}\n2021,P1,养老服务,产出指标,数量指标,服务人数,≥,人,100,120,45,\n2021,P1,养老服务,满意度指标,服务对象满意度指标,满意度,≥,%,90,95%,45,\n`,
        );
      })(),
    );
    const fromCsv = csv.sets[0]?.indicators[1];
    expect(satisfaction?.operator === '定性' ? null : satisfaction?.actualText).toBe('95');
    expect(fromCsv?.operator === '定性' ? null : fromCsv?.actualText).toBe('95');
    expect(satisfaction).toEqual({ ...fromCsv, line: satisfaction?.line });
  });

  it('names the cell of every problem, in the result, --json, the status record and the uploads page', async () => {
    const bytes = await indicatorWorkbook([
      met('服务人数', 45),
      [2021, 'P1', '养老服务', '产出指标', '数量指标', '时限', '≤', '天', 3, '很快', 45],
    ]);
    const result = await validateIndicators(chunksOf(bytes), {}, 'xlsx');
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([
      expect.objectContaining({ line: 3, column: '实际完成值', cell: 'J3', value: '很快' }),
    ]);
    const json = toIndicatorValidateJson(result);
    expect(json.errors[0]).toMatchObject({ line: 3, column: '实际完成值', cell: 'J3' });
    // The status record keeps it (issues are capped for storage, the cell survives).
    const stored = json.errors.map(capIssue);
    expect(stored[0]?.cell).toBe('J3');
    const page = withoutNumberSpans(
      renderUploadsPage({
        city: { id: 'lechang', name: '乐昌市民政局' },
        generatedAt: '2026-12-06T06:05:26.561Z',
        uploads: [
          {
            key: 'indicators/2021.xlsx',
            status: 'rejected',
            period: '2021',
            livePeriod: null,
            rows: 2,
            sha256: null,
            processedAt: '2026-12-06T06:05:00.000Z',
            errors: stored,
            errorCount: 1,
            warnings: [],
          },
        ],
      }),
    );
    expect(page).toContain('<td>J3</td>');
    // Times in the city's time zone (Asia/Shanghai by default), to the minute.
    expect(page).toContain('2026年12月6日 14:05');
    expect(page).not.toContain('>2026-12-06T06:05:00.000Z<');
  });

  it('is recognised by its header, and budget validate reads it as an indicator file, cell named', async () => {
    const good = await indicatorWorkbook([met('服务人数', 45), met('服务次数', 45)]);
    expect(await isIndicatorFile(chunksOf(good), 'xlsx')).toBe(true);
    const bad = await indicatorWorkbook([met('服务人数', 45), [...met('服务次数', 45).slice(0, 9), 'x', 45]]);
    const dir = mkdtempSync(join(tmpdir(), 'indicator-xlsx-'));
    const file = join(dir, '2021.xlsx');
    writeFileSync(file, bad);
    const run = async (...args: string[]) => {
      try {
        return (
          await promisify(execFile)(
            process.execPath,
            [join(projectRoot, 'bin', 'budget.mjs'), 'validate', file, ...args],
            { cwd: projectRoot },
          )
        ).stdout;
      } catch (error) {
        return (error as { stdout?: string }).stdout ?? '';
      }
    };
    const json = JSON.parse(await run('--json'));
    expect(json.kind).toBe('indicators');
    expect(json.errors[0]).toMatchObject({ line: 3, column: '实际完成值', cell: 'J3', value: 'x' });
    expect(await run()).toContain('实际完成值 (J3)');
  });
});
