import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv } from '../../../local/config';

const dir = mkdtempSync(path.join(tmpdir(), 'local-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('local mode city settings', () => {
  it('runs lechang from the project city config by default', () => {
    const config = configFromEnv({}, dir);
    expect(config.city).toMatchObject({ id: 'lechang', displayName: '乐昌市民政局', lagThreshold: 0.1 });
    expect(config.uploadBucket).toBe('lechang-uploads');
  });

  it('picks the entry CITY_ID names, with its own settings', () => {
    const config = configFromEnv({ CITY_ID: 'renhua' }, dir);
    expect(config.city).toMatchObject({ id: 'renhua', displayName: '仁化县民政局', lagThreshold: 0.15 });
    expect(config.siteBucket).toBe('renhua-site');
  });

  it('refuses an unknown CITY_ID naming the known ones, unless CITY_NAME names an ad-hoc city', () => {
    expect(() => configFromEnv({ CITY_ID: 'lechan' }, dir)).toThrow(ConfigError);
    expect(() => configFromEnv({ CITY_ID: 'lechan' }, dir)).toThrow(/known cities: lechang, renhua/);
    expect(configFromEnv({ CITY_ID: 'office2', CITY_NAME: '二号办公室' }, dir).city).toMatchObject({
      id: 'office2',
      displayName: '二号办公室',
    });
  });

  it('reads one city file from CITY_CONFIG, with the shorthands on top', () => {
    const file = path.join(dir, 'city.json');
    writeFileSync(
      file,
      JSON.stringify({
        id: 'shaoguan',
        displayName: '韶关市民政局',
        site: { mode: 'off' },
        timeProgress: 'day',
        warningLevels: [{ level: 'red', lagPoints: 15 }],
      }),
    );
    const config = configFromEnv({ CITY_CONFIG: 'city.json', SCORE_WEIGHT: '20' }, dir);
    expect(config.city).toMatchObject({
      id: 'shaoguan',
      timeProgress: 'day',
      lagThreshold: 0.15,
      scoreWeight: 20,
    });
    expect(config.tableName).toBe('shaoguan-budget');
  });

  it('says which setting of which source is wrong', () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ id: 'bad', displayName: 'x', site: { mode: 'off' }, scoreWeight: 0 }),
    );
    expect(() => configFromEnv({ CITY_CONFIG: file }, dir)).toThrow(
      /CITY_CONFIG=.*bad\.json[\s\S]*scoreWeight/,
    );
    expect(() => configFromEnv({ CITY_CONFIG: 'missing.json' }, dir)).toThrow(/cannot read/);
    expect(() => configFromEnv({ LAG_THRESHOLD: '2' }, dir)).toThrow(/lagThreshold/);
  });
});
