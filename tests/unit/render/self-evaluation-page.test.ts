/** The 自评表 page (docs/contract.md §4.2): each form's blocks in the national layout, read back from the HTML. */
import { describe, expect, it } from 'vitest';
import { renderSelfEvaluationPage } from '../../../shared/render/self-evaluation-page';
import { lechangEvaluation } from '../shared/self-evaluation/lechang-evaluation';

/** The page as text: tags gone, the English spans dropped, whitespace collapsed. */
function chineseText(page: string): string {
  return page
    .replace(/<span class="en" lang="en">[^<]*<\/span>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

describe('self-evaluation page', async () => {
  const evaluation = await lechangEvaluation();
  const page = renderSelfEvaluationPage(evaluation, '2022-01-05T00:00:00.000Z');
  const text = chineseText(page);
  const project = text.slice(
    text.indexOf('项目支出绩效自评表：最低生活保障'),
    text.indexOf('项目支出绩效自评表：残疾人补贴'),
  );

  it('draws each form block by block: heading rows, 项目资金, 年度总体目标, indicators with subtotals, 总分, closing rows', () => {
    const blocks = [
      '项目名称 最低生活保障',
      '主管部门 乐昌市民政局',
      '实施单位',
      '项目资金（万元） 资金 年初预算数 全年预算数 全年执行数 分值 执行率 得分',
      '年度资金总额 — 4623.33 4623.33 10 100.00% 10',
      '年度总体目标 预期目标 实际完成情况 城乡低保对象应保尽保、应兜尽兜，低保金按月足额发放',
      '偏差原因分析及改进措施',
      '城乡低保保障人数 ≥12000人 12356人 20 20',
      '产出指标小计 45 45',
      '效益指标小计 30 30',
      '满意度指标小计 15 15',
      '总分',
      // blank where the indicator file says nothing
      '自评等级 优 评价结论 存在问题 改进措施 项目负责人 财务负责人 填报人 填报日期',
    ];
    const positions = blocks.map((block) => project.indexOf(block));
    expect(positions.filter((p) => p < 0)).toEqual([]);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('notes a departure from the form weights 50/30/10 (+10) under the form', () => {
    expect(project).toContain(
      '一级指标分值为产出45/效益30/满意度15/预算执行10，与自评表规定的产出50/效益30/满意度10/预算执行10不同',
    );
  });

  it('has the department form too, with its 年度总体目标', () => {
    const department = text.slice(text.indexOf('部门整体支出绩效自评表'));
    expect(department).toContain('部门名称 乐昌市民政局');
    expect(department).toContain('巩固拓展脱贫攻坚兜底保障成果同乡村振兴有效衔接');
  });
});
