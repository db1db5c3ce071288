import { describe, expect, it } from 'vitest';
import type { GroupLine } from '../../../../shared/domain-types';
import { parseDecimal } from '../../../../shared/rational';
import { buildSelfEvaluation } from '../../../../shared/self-evaluation/build-self-evaluation';
import { tallyExecution } from '../../../../shared/self-evaluation/execution-tally';
import { emptyFormTexts } from '../../../../shared/self-evaluation/form-texts';
import type { IndicatorRow, IndicatorSet } from '../../../../shared/self-evaluation/indicator-set';
import { groupLine } from '../../../support/group-lines';

const dec = (text: string) => {
  const value = parseDecimal(text);
  if (value === null) throw new Error(text);
  return value;
};

function row(
  indicator: string,
  operator: '≥' | '≤' | '=',
  target: string,
  actual: string,
  weight: string,
  reason: string | null = null,
): IndicatorRow {
  return {
    level1: '产出指标',
    level2: '数量指标',
    indicator,
    operator,
    unit: '人',
    target: dec(target),
    actual: dec(actual),
    targetText: target,
    actualText: actual,
    weight: dec(weight),
    weightText: weight,
    reason,
    line: 2,
  };
}

function qualitative(
  indicator: string,
  actual: '达成' | '基本达成' | '部分达成' | '未达成',
  weight: string,
): IndicatorRow {
  return {
    level1: '效益指标',
    level2: '社会效益指标',
    indicator,
    operator: '定性',
    unit: null,
    target: '有效保障',
    actual,
    rating: actual,
    score: null,
    weight: dec(weight),
    weightText: weight,
    reason: null,
    line: 3,
  };
}

const set = (projectCode: string, indicators: IndicatorRow[], year = 2021): IndicatorSet => ({
  year,
  projectCode,
  projectName: '',
  indicators,
  form: emptyFormTexts(),
});

const city = { id: 'lechang', name: '乐昌市民政局' };

function build(lines: GroupLine[], sets: IndicatorSet[], month = 12, executionWeight = 10) {
  return buildSelfEvaluation({
    city,
    asOf: { year: 2021, month },
    execution: tallyExecution(lines),
    sets,
    executionWeight,
  });
}

describe('buildSelfEvaluation (docs/contract.md §4.2)', () => {
  it('all met and fully executed: department and project score 100, 优, no warnings', () => {
    const lines = [groupLine('101001', 'P1', 100_000_00n), groupLine('101002', 'P1', 50_000_00n)];
    // the form's weights: 产出 50, 效益 30, 满意度 10 (+ 预算执行 10)
    const satisfaction = { ...row('s', '≥', '90', '95', '10'), level1: '满意度指标' } as const;
    const evaluation = build(lines, [
      set('部门整体', [row('a', '≥', '10', '10', '50'), qualitative('d', '达成', '30'), satisfaction]),
      set('P1', [row('b', '≥', '10', '12', '50'), qualitative('c', '达成', '30'), satisfaction]),
    ]);
    expect(evaluation.department).toMatchObject({
      executionPoints: 10,
      indicatorPoints: 90,
      score: 100,
      grade: '优',
    });
    expect(evaluation.projects).toHaveLength(1);
    expect(evaluation.projects[0]).toMatchObject({
      projectCode: 'P1',
      budget: '150000.00',
      spentToDate: '150000.00',
      executionRate: 1,
      score: 100,
      grade: '优',
      warnings: [],
    });
    expect(evaluation.warnings).toEqual([]);
  });

  it('scores a partly missed set exactly: execution 10 × 0.85, ≥ missed, 定性 基本达成; warns where reasons are missing', () => {
    // P1 spent 85% across two units and two fund types
    const lines = [
      groupLine('101001', 'P1', 600_00n, 510_00n),
      groupLine('101002', 'P1', 400_00n, 340_00n, '政府性基金预算'),
    ];
    const evaluation = build(lines, [
      set('P1', [
        row('人数', '≥', '3', '2', '30'), // 20 points, no reason → warning
        row('时限', '≤', '3', '4', '20', '审批流程调整'), // 15 points, reason given
        qualitative('保障', '基本达成', '40'), // 32 points, no reason → warning
      ]),
    ]);
    const project = evaluation.projects[0];
    expect(project?.executionRate).toBe(0.85);
    expect(project?.executionPoints).toBe(8.5);
    expect(project?.indicators.map((i) => [i.points, i.met])).toEqual([
      [20, false],
      [15, false],
      [32, false],
    ]);
    expect(project?.indicatorPoints).toBe(67);
    expect(project?.score).toBe(75.5);
    expect(project?.grade).toBe('中');
    expect(project?.byFundType.map((f) => [f.fundType, f.budget])).toEqual([
      ['一般公共预算', '600.00'],
      ['政府性基金预算', '400.00'],
    ]);
    const codes = project?.warnings.map((w) => [w.code, w.indicator]);
    expect(codes).toEqual([
      ['EXECUTION_REASON_REQUIRED', null],
      ['WEIGHTS_NOT_STANDARD', null], // 产出 50 and 效益 40, no 满意度
      ['REASON_REQUIRED', '人数'],
      ['REASON_REQUIRED', '保障'],
    ]);
    for (const warning of project?.warnings.filter((w) => w.code !== 'WEIGHTS_NOT_STANDARD') ?? [])
      expect(warning.messageZh).toContain('需说明偏差原因');
    expect(project?.warnings.find((w) => w.code === 'WEIGHTS_NOT_STANDARD')?.messageZh).toContain(
      '一级指标分值为产出50/效益40/满意度0/预算执行10，与自评表规定的产出50/效益30/满意度10/预算执行10不同',
    );
    // the top-level list has every warning, the department's first (its set is missing here)
    expect(evaluation.warnings.map((w) => w.code)).toEqual([
      'NO_DEPARTMENT_SET',
      'EXECUTION_REASON_REQUIRED',
      'WEIGHTS_NOT_STANDARD',
      'REASON_REQUIRED',
      'REASON_REQUIRED',
    ]);
  });

  it('sums points rounded once each: three thirds of 10 are 3.33 each, 9.99 in all', () => {
    const lines = [groupLine('101001', 'P1', 300n, 100n)]; // rate 1/3 → 3.33 execution points
    const evaluation = build(lines, [
      set('P1', [
        row('x', '≥', '3', '1', '10'),
        row('y', '≥', '3', '1', '10'),
        row('z', '≥', '3', '1', '70'),
      ]),
    ]);
    const project = evaluation.projects[0];
    expect(project?.indicators.map((i) => i.points)).toEqual([3.33, 3.33, 23.33]);
    expect(project?.indicatorPoints).toBe(29.99);
    expect(project?.executionPoints).toBe(3.33);
    expect(project?.score).toBe(33.32);
    expect(project?.grade).toBe('差');
  });

  it('a missing set gives nulls, not zeros; a set for a project without data counts its execution as 0', () => {
    const evaluation = build([groupLine('101001', 'P1', 100n)], [set('P9', [row('a', '≥', '1', '1', '90')])]);
    expect(evaluation.department).toMatchObject({
      indicatorPoints: null,
      score: null,
      grade: null,
      indicators: [],
    });
    const [p1, p9] = evaluation.projects;
    expect(p1).toMatchObject({
      projectCode: 'P1',
      scored: false,
      indicatorPoints: null,
      score: null,
      grade: null,
    });
    expect(p9).toMatchObject({
      projectCode: 'P9',
      scored: true,
      budget: '0.00',
      executionRate: null,
      executionPoints: 0,
      score: 90,
      grade: '优',
    });
    expect(p9?.warnings.map((w) => w.code)).toEqual(['NO_EXECUTION_DATA', 'WEIGHTS_NOT_STANDARD']);
  });

  it('over-execution is capped at the weight; the rate itself is not', () => {
    const evaluation = build(
      [groupLine('101001', 'P1', 100_00n, 130_00n)],
      [set('P1', [row('a', '≥', '1', '1', '90')])],
    );
    expect(evaluation.projects[0]).toMatchObject({ executionRate: 1.3, executionPoints: 10, score: 100 });
  });

  it('uses the city execution weight and the period it is given (截至M月 before year end)', () => {
    const evaluation = build(
      [groupLine('101001', 'P1', 100_00n, 50_00n)],
      [set('P1', [row('a', '≥', '1', '1', '80')])],
      6,
      20,
    );
    expect(evaluation.asOf).toEqual({ year: 2021, month: 6 });
    expect(evaluation.executionWeight).toBe(20);
    expect(evaluation.projects[0]).toMatchObject({ executionPoints: 10, score: 90, grade: '优' });
  });

  it('ignores sets of other years and lists basic-expenditure-only projects only when they have a set', () => {
    const basic = groupLine('101001', 'J1', 100n);
    basic.byExpenditureType = { 基本支出: basic.amounts };
    const evaluation = build(
      [groupLine('101001', 'P1', 100n), basic],
      [set('P1', [row('a', '≥', '1', '1', '90')], 2020)],
    );
    expect(evaluation.projects.map((p) => [p.projectCode, p.scored])).toEqual([['P1', false]]);
  });

  it('carries 年初预算数 when the exports state it, and null when they do not', () => {
    const stated = groupLine('101001', 'P1', 100_00n);
    stated.amounts = { ...stated.amounts, budgetInitial: 80_00n };
    stated.byExpenditureType = { 项目支出: stated.amounts };
    const evaluation = build([stated], []);
    expect(evaluation.department.budgetInitial).toBe('80.00');
    expect(evaluation.projects[0]?.budgetInitial).toBe('80.00');
    expect(evaluation.department.byFundType[0]?.budgetInitial).toBe('80.00');
    expect(build([groupLine('101001', 'P1', 100_00n)], []).department.budgetInitial).toBeNull();
  });
});
