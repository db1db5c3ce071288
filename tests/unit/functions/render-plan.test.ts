/** The render plan: what a render must draw, from the live versions and what it drew last. */
import { describe, expect, it } from 'vitest';
import { cityEnvironment, renderConfigFromEnv } from '../../../functions/common/env';
import { buildRenderDeps } from '../../../functions/render/build-render-deps';
import { dependenciesOf, dependentsOf } from '../../../functions/render/period-dependencies';
import { planRender, type RenderPlanInput } from '../../../functions/render/render-plan';
import type { ActiveVersion } from '../../../functions/store/source-head';
import { parseCitySettings } from '../../../shared/city-settings';

const version = (period: string, gen: string): ActiveVersion => ({
  gen,
  period,
  rows: 1,
  sha256: 'ab'.repeat(32),
  committedAt: '2022-01-05T00:00:00.000Z',
});

const active = (entries: [string, string, string][]) =>
  new Map(entries.map(([key, period, gen]) => [key, version(period, gen)] as const));

function recordedAfter(input: RenderPlanInput): Pick<RenderPlanInput, 'periodStates' | 'yearStates'> {
  const plan = planRender(input);
  return {
    periodStates: plan.periods.map((p) => ({ period: p.id, inputs: p.inputs, summary: '{}' })),
    yearStates: plan.years,
  };
}

const settings = { city: { id: 'lechang', name: '乐昌市民政局' } };
const base = active([
  ['a.csv', '2021-01', 'G1'],
  ['b.csv', '2021-02', 'G1'],
  ['c.csv', '2021-03', 'G1'],
  ['d.csv', '2022-02', 'G1'],
]);
const first: RenderPlanInput = {
  active: base,
  periodStates: [],
  yearStates: [],
  settings,
  everything: false,
};
const drawn = recordedAfter(first);

describe('period dependencies', () => {
  it('lists the month before, the earlier months and the same month a year before', () => {
    expect(dependenciesOf('2021-03')).toEqual({
      previousMonth: '2021-02',
      earlierMonths: ['2021-01', '2021-02'],
      sameMonthLastYear: '2020-03',
    });
    expect(dependenciesOf('2021-01').previousMonth).toBeNull();
  });

  it('inverts into dependents among the live periods', () => {
    expect(
      dependentsOf('2021-02', ['2021-01', '2021-02', '2021-03', '2021-12', '2022-02', '2022-03']),
    ).toEqual(['2021-03', '2021-12', '2022-02']);
  });
});

describe('render plan', () => {
  it('draws every live period and year the first time, and nothing when nothing changed', () => {
    expect(planRender(first).periods.map((p) => p.id)).toEqual(['2021-01', '2021-02', '2021-03', '2022-02']);
    expect(planRender(first).years.map((y) => y.year)).toEqual([2021, 2022]);
    const again = planRender({ ...first, ...drawn });
    expect(again).toMatchObject({ periods: [], removedPeriods: [], years: [], removedYears: [] });
  });

  it('draws a changed period, its dependents and its year', () => {
    const changed = active([
      ['a.csv', '2021-01', 'G1'],
      ['b.csv', '2021-02', 'G2'],
      ['c.csv', '2021-03', 'G1'],
      ['d.csv', '2022-02', 'G1'],
    ]);
    const plan = planRender({ ...first, ...drawn, active: changed });
    expect(plan.periods.map((p) => p.id)).toEqual(['2021-02', '2021-03', '2022-02']);
    expect(plan.years.map((y) => y.year)).toEqual([2021]);
  });

  it('removes a period the last key left, even after several changes, and redraws what used it', () => {
    // b.csv moved from 2021-02 to 2021-05, then to 2021-06, before this render.
    const moved = active([
      ['a.csv', '2021-01', 'G1'],
      ['b.csv', '2021-06', 'G3'],
      ['c.csv', '2021-03', 'G1'],
      ['d.csv', '2022-02', 'G1'],
    ]);
    const plan = planRender({ ...first, ...drawn, active: moved });
    expect(plan.removedPeriods).toEqual(['2021-02']);
    expect(plan.periods.map((p) => p.id)).toEqual(['2021-03', '2021-06', '2022-02']);
  });

  it('draws everything on render-all and when the settings change', () => {
    expect(planRender({ ...first, ...drawn, everything: true }).periods).toHaveLength(4);
    expect(planRender({ ...first, ...drawn, settings: { other: true } }).periods).toHaveLength(4);
  });

  it('fingerprints only the settings render uses: alert e-mails change nothing, a warning floor redraws', () => {
    // Through the real wiring: the settings as the function reads them from its environment.
    const settingsOf = (extra: object) => {
      const city = parseCitySettings(
        { id: 'lechang', displayName: '乐昌市民政局', site: { mode: 'off' }, ...extra },
        'test',
      );
      const deps = buildRenderDeps(
        renderConfigFromEnv({
          TABLE_NAME: 'lechang-budget',
          SITE_BUCKET: 'lechang-site',
          ...cityEnvironment(city),
        }),
      );
      return { city: deps.city, options: deps.options };
    };
    const before = { ...first, settings: settingsOf({}) };
    const recorded = recordedAfter(before);
    const withEmails = settingsOf({ alertEmails: ['finance@example.org'], limits: { maxRows: 5000 } });
    expect(planRender({ ...before, ...recorded, settings: withEmails }).periods).toEqual([]);
    expect(planRender({ ...before, ...recorded, settings: withEmails }).years).toEqual([]);
    const floor = settingsOf({ warningMinBudget: '1000.00' });
    expect(planRender({ ...before, ...recorded, settings: floor }).periods).toHaveLength(4);
  });
});
