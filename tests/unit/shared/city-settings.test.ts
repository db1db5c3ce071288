import { describe, expect, it } from 'vitest';
import { ConfigurationError, cityEnvironment, citySettingsFromEnv } from '../../../functions/common/env';
import { citySettingsSchema, parseCitySettings } from '../../../shared/city-settings';

const base = { id: 'testcounty', displayName: '测试县民政局', site: { mode: 'off' } };

/** `path: message` for each problem, or [] when valid. */
function problemsOf(input: unknown): string[] {
  const result = citySettingsSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('the city settings schema', () => {
  it('parses the example city file of the contract (docs/contract.md §6)', () => {
    const file =
      JSON.parse(`{"id": "lechang", "displayName": "乐昌市民政局", "scoreWeight": 10, "site": {"mode": "off"},
      "timeProgress": {"checkpoints": {"3": 0.25, "6": 0.5, "9": 0.75, "11": 0.9, "12": 1}},
      "warningLevels": [{"level": "red", "lagPoints": 20}, {"level": "yellow", "lagPoints": 10}],
      "warningMinBudget": "0.00", "alertEmails": []}`);
    const settings = parseCitySettings(file, 'the example');
    expect(settings).toMatchObject({
      id: 'lechang',
      timeProgress: { checkpoints: { '3': 0.25, '12': 1 } },
      warningLevels: [
        { level: 'red', lagPoints: 20 },
        { level: 'yellow', lagPoints: 10 },
      ],
      // The lowest warning level is the 执行滞后 threshold.
      lagThreshold: 0.1,
      warningMinBudget: '0.00',
    });
  });

  it('gives back what it parsed when parsed again (the functions re-parse the stack’s output)', () => {
    for (const input of [
      base,
      { ...base, lagThreshold: 0.15 },
      { ...base, lagThreshold: 0.3 },
      { ...base, warningLevels: [{ level: 'orange', lagPoints: 5 }] },
      { ...base, timeProgress: 'day', warningMinBudget: '5000', alertEmails: ['caiwu@example.org'] },
      { ...base, columns: { budget: ['可用指标'] }, limits: { maxRows: 1000 } },
      { ...base, site: { mode: 'cloudfront', access: { allowCidrs: ['203.0.113.0/24', '2001:db8::/32'] } } },
    ]) {
      const once = citySettingsSchema.parse(input);
      expect(citySettingsSchema.parse(once)).toEqual(once);
    }
  });

  it('derives the warning levels from a lagThreshold given alone, and the reverse', () => {
    expect(citySettingsSchema.parse({ ...base, lagThreshold: 0.15 }).warningLevels).toEqual([
      { level: 'red', lagPoints: 20 },
      { level: 'yellow', lagPoints: 15 },
    ]);
    expect(citySettingsSchema.parse({ ...base, lagThreshold: 0.25 }).warningLevels).toEqual([
      { level: 'red', lagPoints: 25 },
    ]);
    expect(
      citySettingsSchema.parse({
        ...base,
        warningLevels: [
          { level: 'red', lagPoints: 30 },
          { level: 'yellow', lagPoints: 12.5 },
        ],
      }).lagThreshold,
    ).toBe(0.125);
  });

  it('normalises the minimum budget to yuan with two decimals', () => {
    expect(citySettingsSchema.parse({ ...base, warningMinBudget: '5000' }).warningMinBudget).toBe('5000.00');
    expect(citySettingsSchema.parse({ ...base, warningMinBudget: '0012.5' }).warningMinBudget).toBe('12.50');
  });

  it.each([
    [
      'a lagThreshold that contradicts the lowest level',
      { lagThreshold: 0.2, warningLevels: [{ level: 'y', lagPoints: 10 }] },
      /^lagThreshold: .*lowest warning level/,
    ],
    ['an unknown time progress rule', { timeProgress: 'week' }, /^timeProgress: /],
    ['a checkpoint month 13', { timeProgress: { checkpoints: { '13': 1 } } }, /^timeProgress/],
    [
      'decreasing checkpoints',
      { timeProgress: { checkpoints: { '6': 0.6, '9': 0.5 } } },
      /must not decrease/,
    ],
    ['a checkpoint fraction above 1', { timeProgress: { checkpoints: { '12': 1.2 } } }, /^timeProgress/],
    ['no warning level', { warningLevels: [] }, /^warningLevels: /],
    [
      'two levels of one name',
      {
        warningLevels: [
          { level: 'red', lagPoints: 20 },
          { level: 'red', lagPoints: 10 },
        ],
      },
      /level names must differ/,
    ],
    [
      'a lag of 0 points',
      { warningLevels: [{ level: 'red', lagPoints: 0 }] },
      /^warningLevels\.0\.lagPoints: /,
    ],
    ['a minimum budget as a number', { warningMinBudget: 5000 }, /^warningMinBudget: /],
    ['a negative minimum budget', { warningMinBudget: '-1.00' }, /^warningMinBudget: /],
    ['fen below 0.01', { warningMinBudget: '1.001' }, /^warningMinBudget: /],
    ['a malformed alert address', { alertEmails: ['caiwu at example'] }, /^alertEmails\.0: /],
    [
      'a mapping for a field the contract does not have',
      { columns: { amount: ['金额'] } },
      /^columns: .*amount/,
    ],
    ['an empty header list', { columns: { budget: [] } }, /^columns\.budget: /],
    ['a file limit of 0', { limits: { maxFileBytes: 0 } }, /^limits\.maxFileBytes: /],
    [
      'a field limit above the record limit',
      { limits: { maxFieldBytes: 4096, maxRecordBytes: 1024 } },
      /^limits\.maxFieldBytes: .*maxRecordBytes/,
    ],
    ['an unknown limit (typo)', { limits: { maxRow: 5 } }, /maxRow/],
    ['fractional groups', { limits: { maxGroupsPerFile: 1.5 } }, /^limits\.maxGroupsPerFile: /],
    [
      'an allow-list with a host name',
      { site: { mode: 'cloudfront', access: { allowCidrs: ['example.org'] } } },
      /^site\.access/,
    ],
    ['an empty allow-list', { site: { mode: 'cloudfront', access: { allowCidrs: [] } } }, /^site\.access/],
    [
      'access neither public nor an allow-list',
      { site: { mode: 'cloudfront', access: 'private' } },
      /^site\.access/,
    ],
  ])('refuses %s, naming the field', (_name, change, problem) => {
    const problems = problemsOf({ ...base, ...change });
    expect(
      problems.some((p) => problem.test(p)),
      problems.join('\n'),
    ).toBe(true);
  });

  it('suggests the setting a mistyped name was meant to be, at every level of the file', () => {
    const message = (input: object) => {
      try {
        parseCitySettings(input, 'city file city.json');
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    const typos = message({
      ...base,
      alertEmail: ['finance@example.cn'],
      lagTreshold: 0.1,
      site: { mode: 'off', acess: 'public' },
      limits: { maxFileByte: 4096 },
    });
    expect(typos).toContain('invalid city settings in city file city.json');
    expect(typos).toContain('unknown setting "alertEmail" / 未知设置: did you mean "alertEmails"?');
    expect(typos).toContain('unknown setting "lagTreshold" / 未知设置: did you mean "lagThreshold"?');
    expect(typos).toMatch(/site: unknown setting "acess" .*did you mean "access"\?/);
    expect(typos).toMatch(/limits: unknown setting "maxFileByte" .*did you mean "maxFileBytes"\?/);
    // Nothing close: the names allowed there instead.
    expect(message({ ...base, colour: 'red' })).toMatch(
      /unknown setting "colour" \/ 未知设置; allowed here \/ 可用设置: id, displayName, .*alertEmails/,
    );
  });
});

describe('settings through the function environment', () => {
  it('round-trips through one JSON variable', () => {
    const settings = citySettingsSchema.parse({
      ...base,
      timeProgress: { checkpoints: { '6': 0.5, '12': 1 } },
      alertEmails: ['caiwu@example.org'],
      columns: { spentToDate: ['累计支付'] },
    });
    const env = cityEnvironment(settings);
    expect(env.CITY_ID).toBe('testcounty');
    expect(citySettingsFromEnv(env)).toEqual(settings);
  });

  it('applies the single-variable shorthands on top', () => {
    const env = cityEnvironment(citySettingsSchema.parse(base));
    expect(
      citySettingsFromEnv({ ...env, CITY_NAME: '别名', LAG_THRESHOLD: '0.15', SCORE_WEIGHT: '20' }),
    ).toMatchObject({
      displayName: '别名',
      lagThreshold: 0.15,
      scoreWeight: 20,
      warningLevels: [
        { level: 'red', lagPoints: 20 },
        { level: 'yellow', lagPoints: 15 },
      ],
    });
    expect(citySettingsFromEnv({})).toBeNull();
    expect(citySettingsFromEnv({ CITY_ID: 'lechang' })).toMatchObject({
      id: 'lechang',
      displayName: 'lechang',
    });
  });

  it('refuses settings a Lambda environment cannot hold, and bad values, with the reason', () => {
    const huge = citySettingsSchema.parse({
      ...base,
      columns: { budget: Array.from({ length: 50 }, (_, i) => `${'预算列标题'.repeat(4)}${i}`) },
    });
    expect(() => cityEnvironment(huge)).toThrow(/Lambda environment/);
    expect(() => citySettingsFromEnv({ CITY_SETTINGS: '{' })).toThrow(ConfigurationError);
    expect(() => citySettingsFromEnv({ CITY_ID: 'x1', LAG_THRESHOLD: 'ten' })).toThrow(/LAG_THRESHOLD/);
    expect(() => citySettingsFromEnv({ CITY_ID: 'x1', SCORE_WEIGHT: '500' })).toThrow(/scoreWeight/);
  });
});
