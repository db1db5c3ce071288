/**
 * The workbook and the draft report as a user gets them: the .xlsx read back with exceljs, the
 * .docx unzipped and its word/document.xml read, each checked for the model's figures.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { validateExport } from '../../../../shared/export/validate-export';
import { parseDecimal } from '../../../../shared/rational';
import { renderSelfEvaluationPage } from '../../../../shared/render/self-evaluation-page';
import { buildSelfEvaluation } from '../../../../shared/self-evaluation/build-self-evaluation';
import { tallyExecution } from '../../../../shared/self-evaluation/execution-tally';
import { renderSelfEvaluationReport } from '../../../../shared/self-evaluation/self-evaluation-report';
import {
  DEPARTMENT_SHEET,
  renderSelfEvaluationWorkbook,
  SUMMARY_SHEET,
} from '../../../../shared/self-evaluation/self-evaluation-workbook';
import { projectRoot } from '../csv/helpers';
import { lechangEvaluation, lechangIndicatorSets } from './lechang-evaluation';

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
    // a blank cell reads as null, whether the file holds it empty or not at all
    rows.push(Array.from((row.values as unknown[]).slice(1), (value) => value ?? null));
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
    // Coverage from the data: 4 of the 7 一般公共预算 projects have indicator sets, none of the 4 基金 ones.
    expect(text).toContain(
      '组织对2021年一般公共预算项目支出开展绩效自评，其中一级项目4个，二级项目0个，共涉及资金8260.16万元，占一般公共预算项目支出总额的71.33%；未开展绩效自评的项目3个：孤儿和事实无人抚养儿童基本生活保障、“双百工程”社会工作服务站建设、养老服务及敬老院运营，共3320.64万元（一般公共预算项目支出合计11580.80万元）。',
    );
    expect(text).toContain(
      '2021年政府性基金预算项目支出4个项目均未开展绩效自评，占政府性基金预算项目支出总额的0.00%：养老服务设施建设、未保中心建设、“双百镇”社工、儿童福利，共207.88万元（政府性基金预算项目支出合计207.88万元）。',
    );
    expect(text).not.toContain('总额的100%');
    // 基本支出 apart, adding up to the whole.
    expect(text).toContain(
      '其中，项目支出全年预算数11788.68万元，执行数11788.68万元，执行率100.00%；基本支出全年预算数1176.69万元，执行数1176.69万元，执行率100.00%。',
    );
    // the seed's order, after the 部门基本情况 Guangdong's 部门整体 reports open with; the
    // department's 完成情况与效益 / 问题 / 措施 inside its 综述, before the projects'
    const order = [
      '一、部门基本情况',
      '（一）部门职能',
      '【待填写：部门主要职能职责】',
      '（二）机构及人员',
      '编制【待填写：编制数】人，实有人数【待填写：实有人数】人。',
      '（三）年度总体目标',
      '巩固拓展脱贫攻坚兜底保障成果同乡村振兴有效衔接', // the department's 预期目标, from the file
      '二、绩效管理工作总体情况',
      '三、绩效自评结果',
      '（一）部门整体支出绩效自评综述',
      '部门整体支出绩效目标完成情况与效益主要是：困难群众保障标准全面提标', // its 实际完成情况
      '发现的问题及原因主要是：【待填写：部门整体支出发现的问题及原因，逐条写明】',
      '下一步改进措施主要是：【待填写：部门整体支出下一步改进措施，逐条写明】',
      '最低生活保障项目绩效自评综述',
      '项目绩效目标完成情况与效益主要是：12356人纳入城乡低保',
      '残疾人补贴项目绩效自评综述',
      '项目绩效目标完成情况与效益主要是：【待填写：项目绩效目标完成情况与效益】', // no 年度总体目标 row
    ];
    const positions = order.map((heading) => text.indexOf(heading));
    expect(positions.filter((p) => p < 0)).toEqual([]);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain('纳入本次自评的单位4个（含下属单位3个）');
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
  it('has one sheet per evaluated object with the figures of the JSON, as numbers (万元 keeping every 分)', async () => {
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
    expect(department).toEqual(['部门整体支出', '部门整体', 12965.37, 12965.37, 1, 100, '优']);
    for (const project of evaluation.projects.filter((p) => p.scored)) {
      const row = summary.find((r) => r[1] === project.projectCode);
      expect(row).toEqual([
        project.projectName,
        project.projectCode,
        Number(project.budget) / 10_000,
        Number(project.spentToDate) / 10_000,
        project.executionRate,
        project.score,
        project.grade,
      ]);
    }
  });

  it('lays each form out as the national 项目支出绩效自评表: heading, 项目资金, 年度总体目标, indicators with subtotals, closing rows; A4 with print titles', async () => {
    const evaluation = await lechangEvaluation();
    const workbook = await readWorkbook(
      await renderSelfEvaluationWorkbook(evaluation, '2022-01-05T00:00:00.000Z'),
    );
    const sheet = workbook.getWorksheet('最低生活保障') as ExcelJS.Worksheet;
    expect(sheet.pageSetup.paperSize).toBe(9); // A4
    expect(sheet.pageSetup.orientation).toBe('portrait');
    expect(sheet.pageSetup.printTitlesRow).toBe('1:2');
    const form = rowValues(sheet);
    const first = (label: string) => form.find((row) => row[0] === label || row[1] === label);
    const at = (label: string) => form.findIndex((row) => row[0] === label || row[1] === label);
    expect(form[0]?.[0]).toBe('项目支出绩效自评表');
    expect(form[1]?.[0]).toBe('（2021年度）');
    expect(first('项目名称')?.[1]).toBe('最低生活保障');
    expect(first('主管部门')?.slice(0, 6)).toEqual([
      '主管部门',
      '乐昌市民政局',
      '乐昌市民政局',
      '乐昌市民政局',
      '实施单位',
      evaluation.projects.find((p) => p.projectCode === '44028121A000001')?.units.join('、'),
    ]);
    // 项目资金（万元）: 年初预算数 blank (the exports do not state it), 分值 10, 执行率, 得分
    expect(first('年度资金总额')?.slice(0, 9)).toEqual([
      '项目资金（万元）',
      '年度资金总额',
      '年度资金总额',
      null,
      4623.33,
      4623.33,
      10,
      1,
      10,
    ]);
    expect(first('其中：一般公共预算')?.slice(4, 6)).toEqual([4623.33, 4623.33]);
    // 年度总体目标 from the indicator file's 年度总体目标 row
    const goal = form[at('预期目标') + 1];
    expect(goal?.[0]).toBe('年度总体目标');
    expect(goal?.[1]).toBe('城乡低保对象应保尽保、应兜尽兜，低保金按月足额发放');
    expect(goal?.[5]).toContain('12356人纳入城乡低保');
    // indicators, then a subtotal after each 一级指标
    const head = at('一级指标');
    expect(form[head]?.slice(1, 9).join(' ')).toBe(
      '一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施',
    );
    expect(form[head + 1]?.slice(0, 8)).toEqual([
      '绩效指标',
      '产出指标',
      '数量指标',
      '城乡低保保障人数',
      '≥12000人',
      '12356人',
      20,
      20,
    ]);
    const subtotals = form
      .filter((row) => String(row[1]).endsWith('小计'))
      .map((row) => [row[1], row[6], row[7]]);
    expect(subtotals).toEqual([
      ['产出指标小计', 45, 45],
      ['效益指标小计', 30, 30],
      ['满意度指标小计', 15, 15],
    ]);
    expect(first('总分')?.slice(6, 8)).toEqual([100, 100]);
    expect(first('自评等级')?.[6]).toBe('优');
    // closing rows, blank where the file says nothing
    for (const label of ['评价结论', '存在问题', '改进措施']) expect(first(label)?.[1]).toBeNull();
    expect(first('项目负责人')?.filter((cell) => typeof cell === 'string')).toEqual([
      '项目负责人',
      '财务负责人',
      '填报人',
      '填报日期',
    ]);
    // Lechang's 45/30/15 departs from the form's 50/30/10: a note under the form
    expect(form.at(-1)?.[0]).toBe(
      '注：最低生活保障项目：一级指标分值为产出45/效益30/满意度15/预算执行10，与自评表规定的产出50/效益30/满意度10/预算执行10不同，请在评价结论中说明理由',
    );
  });

  it('with a 资金来源 column in the exports, the 其中： rows are 本年财政拨款 / 上年结转资金 / 其他资金 (and what states none)', async () => {
    const csv = readFileSync(join(projectRoot, 'examples', 'lechang-2021', '2021-12.csv'), 'utf8')
      .trimEnd()
      .split(/\r?\n/);
    const sources = ['本年财政拨款', '上年结转', '其他', ''];
    const header = csv[0]?.split(',') ?? [];
    const budgetColumn = header.indexOf('全年预算数');
    const expected = new Map<string, bigint>();
    const withSource = [
      `${csv[0]},资金来源`,
      ...csv.slice(1).map((row, i) => {
        const source = sources[i % sources.length] ?? '';
        const fen = BigInt((row.split(',')[budgetColumn] ?? '0').replace('.', ''));
        expected.set(source, (expected.get(source) ?? 0n) + fen);
        return `${row},${source}`;
      }),
    ].join('\n');
    async function* bytes() {
      yield Buffer.from(withSource, 'utf8');
    }
    const exported = await validateExport(bytes());
    expect(exported.errors).toEqual([]);
    const evaluation = buildSelfEvaluation({
      city: { id: 'lechang', name: '乐昌市民政局' },
      asOf: { year: 2021, month: 12 },
      execution: tallyExecution(exported.groups),
      sets: await lechangIndicatorSets(),
      executionWeight: 10,
    });
    const wan = (fen: bigint | undefined) => Number(fen ?? 0n) / 1_000_000;
    expect(evaluation.department.byFundSource?.map((f) => [f.fundSource, Number(f.budget) / 10_000])).toEqual(
      [
        ['本年财政拨款', wan(expected.get('本年财政拨款'))],
        ['上年结转资金', wan(expected.get('上年结转'))],
        ['其他资金', wan(expected.get('其他'))],
        ['未注明', wan(expected.get(''))],
      ],
    );
    const workbook = await readWorkbook(
      await renderSelfEvaluationWorkbook(evaluation, '2022-01-05T00:00:00.000Z'),
    );
    const form = rowValues(workbook.getWorksheet(DEPARTMENT_SHEET) as ExcelJS.Worksheet);
    const rows = form.filter((row) => String(row[1]).startsWith('其中：')).map((row) => [row[1], row[4]]);
    expect(rows).toEqual([
      ['其中：本年财政拨款', wan(expected.get('本年财政拨款'))],
      ['其中：上年结转资金', wan(expected.get('上年结转'))],
      ['其中：其他资金', wan(expected.get('其他'))],
      ['其中：未注明资金来源', wan(expected.get(''))],
    ]);
    // without the column, the rows are by 资金性质, as before
    expect((await lechangEvaluation()).department.byFundSource).toBeNull();
  });
});

describe('self-evaluation page (Lechang 2021)', () => {
  it('states the coverage from the data and shows no escaped markup', async () => {
    const page = renderSelfEvaluationPage(await lechangEvaluation(), '2026-12-06T06:05:26.561Z');
    const caption = page.indexOf('自评覆盖情况');
    expect(caption).toBeGreaterThan(0);
    const table = page.slice(caption, page.indexOf('</table>', caption));
    const rows = [...table.matchAll(/<tr><th scope="row">([\s\S]*?)<\/tr>/g)].map((m) =>
      (m[1] ?? '').replace(/<span class="en"[^>]*>.*?<\/span>/g, '').replace(/<[^>]+>/g, '|'),
    );
    expect(rows[0]).toContain('一般公共预算');
    expect(rows[0]).toContain('11580.80');
    expect(rows[0]).toContain('8260.16');
    expect(rows[0]).toContain('71.33%');
    expect(rows[0]).toContain('养老服务及敬老院运营');
    expect(rows[1]).toContain('政府性基金');
    expect(rows[1]).toContain('207.88');
    expect(rows[1]).toContain('0.00%');
    expect(page).toContain('占政府性基金预算项目支出总额的0.00%');
    // The English view once read `grade &lt;span class="zh"…`: a bilingual fragment escaped twice.
    expect(page).not.toMatch(/&lt;span/);
    expect(page).toContain('self-evaluation score 100, grade excellent.');
  });
});
