/**
 * The workbook and the draft report as a user gets them: the .xlsx read back with exceljs, the
 * .docx unzipped and its word/document.xml read, each checked for the model's figures.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../../../../shared/self-evaluation/exact-ratio';
import { renderSelfEvaluationReport } from '../../../../shared/self-evaluation/self-evaluation-report';
import {
  DEPARTMENT_SHEET,
  renderSelfEvaluationWorkbook,
  SUMMARY_SHEET,
} from '../../../../shared/self-evaluation/self-evaluation-workbook';
import { lechangEvaluation } from './lechang-evaluation';

/** The text of word/document.xml, paragraphs on their own lines, tags dropped. */
function documentText(docx: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'report-docx-'));
  const file = join(dir, 'report.docx');
  writeFileSync(file, docx);
  const xml = execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' });
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&');
}

async function readWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

function rowValues(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

describe('report.docx (Lechang 2021, everything met)', () => {
  it("reads like the seed: the department's score and execution, each project's 综述, in the seed's order of sections", async () => {
    const text = documentText(await renderSelfEvaluationReport(await lechangEvaluation()));
    expect(text).toContain(
      '部门整体支出绩效自评得分为100分。全年预算数12965.37万元，执行数12965.37万元，完成预算的100%。',
    );
    expect(text).toContain(
      '最低生活保障项目绩效自评综述：全年预算数为4623.33万元，执行数为4623.33万元，完成预算数的100%。',
    );
    expect(text).toContain(
      '残疾人补贴项目绩效自评综述：全年预算数为2155.89万元，执行数为2155.89万元，完成预算数的100%。',
    );
    expect(text).toContain('今年开展了部门整体支出及4个项目绩效自评。');
    expect(text).toContain('组织整体支出绩效自评（含下属单位3个）');
    expect(text).toContain('其中一级项目7个，二级项目0个，共涉及资金11580.8万元');
    const order = [
      '绩效管理工作总体情况',
      '绩效自评结果',
      '部门整体支出绩效自评综述',
      '最低生活保障项目绩效自评综述',
      '发现的问题及原因',
      '下一步改进措施',
    ];
    const positions = order.map((heading) => text.indexOf(heading));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toMatch(/【待填写：[^】]+】/);
  });

  it('with indicators missed, gives the lower score and asks for the reasons', async () => {
    const evaluation = await lechangEvaluation((sets) =>
      sets.map((set) =>
        set.projectCode !== '44028121A000001'
          ? set
          : {
              ...set,
              indicators: set.indicators.map((row, i) =>
                i === 0 && row.operator === '≥'
                  ? { ...row, actual: parseDecimal('9000') ?? row.actual, actualText: '9000' }
                  : row,
              ),
            },
      ),
    );
    const project = evaluation.projects.find((p) => p.projectCode === '44028121A000001');
    expect(project?.score).toBe(95); // 20 × 9000/12000 = 15: 5 points lost
    const text = documentText(await renderSelfEvaluationReport(evaluation));
    expect(text).toContain('项目绩效自评得分为95分，等级为“优”。');
    expect(text).toContain(
      '城乡低保保障人数：年度指标值≥12000人，实际完成值9000人，得分15分（分值20分）；偏差原因：【待填写：需说明偏差原因】',
    );
    expect(text).toContain('需说明偏差原因');
  });
});

describe('self-evaluation.xlsx', () => {
  it('has one sheet per table with the figures of the JSON, as numbers', async () => {
    const evaluation = await lechangEvaluation();
    const workbook = await readWorkbook(
      await renderSelfEvaluationWorkbook(evaluation, '2022-01-05T00:00:00.000Z'),
    );
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect(names).toEqual([
      SUMMARY_SHEET,
      DEPARTMENT_SHEET,
      '最低生活保障',
      '残疾人补贴',
      '临时救助',
      '特困人员救助供养',
    ]);

    const summary = rowValues(workbook.getWorksheet(SUMMARY_SHEET) as ExcelJS.Worksheet);
    const department = summary.find((row) => row[0] === '部门整体支出');
    expect(department).toEqual(['部门整体支出', '部门整体', 129653700, 129653700, 1, 100, '优']);
    for (const project of evaluation.projects.filter((p) => p.scored)) {
      const row = summary.find((r) => r[1] === project.projectCode);
      expect(row).toEqual([
        project.projectName,
        project.projectCode,
        Number(project.budget),
        Number(project.spentToDate),
        project.executionRate,
        project.score,
        project.grade,
      ]);
    }

    const form = rowValues(workbook.getWorksheet('最低生活保障') as ExcelJS.Worksheet);
    expect(form[0]?.[0]).toBe('项目支出绩效自评表');
    expect(form.find((row) => row[0] === '年度资金总额')).toEqual([
      '年度资金总额',
      undefined,
      46233300,
      46233300,
      10,
      1,
      10,
    ]);
    const indicators = evaluation.projects.find((p) => p.projectCode === '44028121A000001')?.indicators ?? [];
    for (const indicator of indicators) {
      const row = form.find((r) => r[2] === indicator.indicator);
      expect(row?.slice(5, 7)).toEqual([indicator.weight, indicator.points]);
    }
    expect(form.find((row) => row[0] === '总分')?.slice(5, 8)).toEqual([100, 100, '等级：优']);
  });
});
