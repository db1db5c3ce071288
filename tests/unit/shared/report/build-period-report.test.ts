import { describe, expect, it } from 'vitest';
import { amounts, DEFAULT_OPTIONS, lechangLines, line, report } from './helpers';

describe('buildPeriodReport on the Lechang 2021 examples', () => {
  it('has the seed figures at 2021-12', async () => {
    const december = report(12, await lechangLines(12));
    expect(december.totals).toEqual({
      budget: '129653700.00',
      spentThisMonth: '12354100.00',
      spentToDate: '129653700.00',
      executionRate: 1,
    });
    expect(december.timeProgress).toBe(1);
    expect(december.byFundType.map((f) => [f.fundType, f.budget, f.spentToDate, f.shareOfBudget])).toEqual([
      ['一般公共预算', '127574900.00', '127574900.00', 0.984],
      ['政府性基金预算', '2078800.00', '2078800.00', 0.016],
    ]);
  });

  it('writes each project summary exactly as the seed does', async () => {
    const december = report(12, await lechangLines(12));
    const byName = new Map(december.byProject.map((project) => [project.projectName, project]));
    const expected: [string, string, string][] = [
      [
        '最低生活保障',
        '46233300.00',
        '最低生活保障项目：全年预算数为4623.33万元，执行数为4623.33万元，完成预算数的100%。',
      ],
      [
        '残疾人补贴',
        '21558900.00',
        '残疾人补贴项目：全年预算数为2155.89万元，执行数为2155.89万元，完成预算数的100%。',
      ],
      [
        '临时救助',
        '2103700.00',
        '临时救助项目：全年预算数为210.37万元，执行数为210.37万元，完成预算数的100%。',
      ],
      [
        '特困人员救助供养',
        '12705700.00',
        '特困人员救助供养项目：全年预算数为1270.57万元，执行数为1270.57万元，完成预算数的100%。',
      ],
    ];
    for (const [name, yuan, sentence] of expected) {
      const project = byName.get(name);
      expect(project?.budget).toBe(yuan);
      expect(project?.spentToDate).toBe(yuan);
      expect(project?.summaryZh).toBe(sentence);
    }
    // 临时救助 is spent by two units but reported as one project.
    expect(byName.get('临时救助')?.unitCount).toBe(2);
  });

  it('rolls up by unit, expenditure type and level', async () => {
    const december = report(12, await lechangLines(12));
    expect(december.byUnit.map((unit) => unit.unitCode)).toEqual(['101001', '101002', '101003', '101004']);
    expect(december.byExpenditureType.map((type) => [type.expenditureType, type.budget])).toEqual([
      ['基本支出', '11766900.00'],
      ['项目支出', '117886800.00'],
    ]);
    expect(december.projectCounts).toEqual({ level1: 13, level2: 0 });
    expect(december.lines).toHaveLength(23);
  });

  it('scores the year end only', async () => {
    const december = report(12, await lechangLines(12));
    expect(december.score?.points).toBe(10);
    expect(december.score?.executionRate).toBe(1);
    // 13 project codes, of which 人员经费 and 公用经费 are 基本支出: not projects, not scored.
    expect(december.score?.byProject).toHaveLength(11);
    expect(december.score?.byProject.map((p) => p.projectName)).not.toContain('人员经费');
    expect(december.score?.byProject.map((p) => p.projectName)).not.toContain('公用经费');
    expect(report(11, await lechangLines(11)).score).toBeUndefined();
  });

  it('finds the months consistent with each other', async () => {
    for (let month = 2; month <= 12; month++) {
      const current = report(month, await lechangLines(month), await lechangLines(month - 1));
      expect(current.warnings.filter((warning) => warning.code === 'MONTH_OVER_MONTH')).toEqual([]);
    }
  });

  it('flags a month whose spending does not match the growth of the year-to-date figure', async () => {
    const november = await lechangLines(11);
    const december = (await lechangLines(12)).map((group) =>
      group.projectName === '临时救助' && group.unitCode === '101004'
        ? { ...group, amounts: { ...group.amounts, spentThisMonth: group.amounts.spentThisMonth + 100n } }
        : group,
    );
    const warnings = report(12, december, november).warnings.filter(
      (warning) => warning.code === 'MONTH_OVER_MONTH',
    );
    expect(warnings.map((warning) => [warning.unitCode, warning.projectName])).toEqual([
      ['101004', '临时救助'],
    ]);
    expect(warnings[0]?.messageZh).toContain('本月支出51,001.00元');
  });

  it('is the same whatever the order of its input lines', async () => {
    const lines = await lechangLines(6);
    const reversed = [...lines].reverse();
    expect(JSON.stringify(report(6, reversed))).toBe(JSON.stringify(report(6, lines)));
  });
});

describe('buildPeriodReport flags and warnings', () => {
  it('flags lagging, over-executed and zero-budget lines and explains each', () => {
    const june = report(6, [
      line({ projectCode: 'P001', amounts: amounts(1_000_000n, 0n, 300_000n) }), // 30% at 50%: lagging
      line({ projectCode: 'P002', projectName: '临时救助', amounts: amounts(1_000_000n, 0n, 1_300_000n) }),
      line({ projectCode: 'P003', projectName: '儿童福利', amounts: amounts(0n, 0n, 50_000n) }),
      line({ projectCode: 'P004', projectName: '殡葬改革', amounts: amounts(1_000_000n, 0n, 450_000n) }),
    ]);
    expect(june.lines.map((l) => [l.projectCode, l.executionRate, l.lag, l.flags])).toEqual([
      ['P001', 0.3, 0.2, ['lagging']],
      ['P002', 1.3, -0.8, ['overExecuted']],
      ['P003', null, null, ['zeroBudgetSpending']],
      ['P004', 0.45, 0.05, []],
    ]);
    expect(june.warnings.map((w) => [w.code, w.projectCode])).toEqual([
      ['LAGGING', 'P001'],
      ['OVER_EXECUTION', 'P002'],
      ['ZERO_BUDGET_SPENDING', 'P003'],
    ]);
    expect(june.warnings[0]?.messageZh).toBe(
      '乐昌市民政局“最低生活保障”（一般公共预算）执行率30.00%，时间进度50.00%，落后20.00个百分点，执行滞后。',
    );
    expect(june.byProject.find((p) => p.projectCode === 'P002')?.flags).toEqual(['overExecuted']);
  });

  it('uses the configured warning levels and score weight', () => {
    const lines = [line({ amounts: amounts(1_000_000n, 0n, 300_000n) })];
    const oneLevelAt25 = { ...DEFAULT_OPTIONS, warningLevels: [{ level: 'yellow', lagPoints: 25 }] };
    expect(report(6, lines, null, oneLevelAt25).lines[0]?.flags).toEqual([]);
    const december = report(12, lines, null, { ...DEFAULT_OPTIONS, scoreWeight: 20 });
    expect(december.score).toEqual({
      weight: 20,
      executionRate: 0.3,
      points: 6,
      byProject: [{ projectCode: 'P001', projectName: '最低生活保障', executionRate: 0.3, points: 6 }],
    });
  });

  it('gives null rates and shares for an empty period', () => {
    const empty = report(3, []);
    expect(empty.totals).toEqual({
      budget: '0.00',
      spentThisMonth: '0.00',
      spentToDate: '0.00',
      executionRate: null,
    });
    expect(empty.byFundType).toEqual([]);
    expect(empty.projectCounts).toEqual({ level1: 0, level2: 0 });
  });
});
