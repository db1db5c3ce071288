/**
 * Local-mode settings (docs/contract.md §6): every default can be overridden by an environment
 * variable so several instances (tests, a second office) can run side by side. The city's
 * settings come from the same schema as a deployed stack's: `CITY_ID` picks an entry of
 * `infra/cities.ts` (default lechang), `CITY_CONFIG=file.json` gives one city's settings, and
 * `CITY_NAME`, `LAG_THRESHOLD`, `SCORE_WEIGHT` stay as shorthands on top.
 */
import path from 'node:path';
import * as z from 'zod';
import { ConfigurationError, withCityShorthands } from '../functions/common/env';
import { cityInputs } from '../infra/cities';
import { readCitySettingsJson } from '../infra/config/city-file';
import { type CitySettings, DEFAULT_CITY_ID } from '../shared/city-settings';
import { errorMessage } from './error-message';

/** The emulators accept only these credentials; any S3 client pointed at s3rver must use them. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
export const LOCAL_HOST = '127.0.0.1';
export const LOCAL_REGION = 'us-east-1';

const port = z.coerce.number().int().min(0).max(65535);

const envSchema = z.object({
  CITY_ID: z.string().optional(),
  CITY_CONFIG: z.string().min(1).optional(),
  CITY_NAME: z.string().optional(),
  UPLOAD_BUCKET: z.string().min(3).optional(),
  SITE_BUCKET: z.string().min(3).optional(),
  TABLE_NAME: z.string().min(3).optional(),
  PORT: port.default(3000),
  S3_PORT: port.default(4569),
  DYNAMODB_PORT: port.default(4567),
  DATA_DIR: z.string().min(1).default('.local'),
  DEMO: z.enum(['0', '1', 'false', 'true', 'no', 'yes']).default('1'),
  LAG_THRESHOLD: z.string().optional(),
  SCORE_WEIGHT: z.string().optional(),
});

export interface LocalConfig {
  /** Validated with the stack's schema (shared/city-settings.ts), defaults applied. */
  city: CitySettings;
  uploadBucket: string;
  siteBucket: string;
  tableName: string;
  /** 0 = pick a free port (tests). */
  sitePort: number;
  s3Port: number;
  dynamodbPort: number;
  /** Absolute. Holds the s3rver directory, the dynalite database, queues and dead letters. */
  dataDir: string;
  loadDemo: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the local settings from an environment (process.env by default). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LocalConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid environment / 环境变量无效: ${problems}`);
  }
  const e = parsed.data;
  const city = citySettingsOf(e, env, cwd);
  return {
    city,
    uploadBucket: e.UPLOAD_BUCKET ?? `${city.id}-uploads`,
    siteBucket: e.SITE_BUCKET ?? `${city.id}-site`,
    tableName: e.TABLE_NAME ?? `${city.id}-budget`,
    sitePort: e.PORT,
    s3Port: e.S3_PORT,
    dynamodbPort: e.DYNAMODB_PORT,
    dataDir: path.resolve(cwd, e.DATA_DIR),
    loadDemo: ['1', 'true', 'yes'].includes(e.DEMO),
  };
}

/**
 * The city's settings: the file of `CITY_CONFIG`, else the entry of `infra/cities.ts` that
 * `CITY_ID` names. An id that is not there runs as an ad-hoc city only when `CITY_NAME` says
 * what to call it, so a typo in `CITY_ID` is an error naming the known ids.
 */
function citySettingsOf(e: z.infer<typeof envSchema>, env: NodeJS.ProcessEnv, cwd: string): CitySettings {
  let input: object;
  let source: string;
  if (e.CITY_CONFIG !== undefined) {
    source = `CITY_CONFIG=${e.CITY_CONFIG}`;
    try {
      // The same reader as `cdk synth -c cityFile=`, so one file works for both.
      input = readCitySettingsJson(e.CITY_CONFIG, cwd) as object;
    } catch (err) {
      throw new ConfigError(
        `cannot read the city settings of ${source} / 无法读取城市配置文件: ${errorMessage(err)}`,
      );
    }
  } else {
    const id = e.CITY_ID === undefined || e.CITY_ID === '' ? DEFAULT_CITY_ID : e.CITY_ID;
    const known = cityInputs.find((city) => city.id === id);
    source = `infra/cities.ts (CITY_ID=${id})`;
    if (known !== undefined) input = known;
    else if (e.CITY_NAME !== undefined && e.CITY_NAME !== '') input = { id, site: { mode: 'off' } };
    else {
      throw new ConfigError(
        `unknown city "${id}" / 未知城市; known cities: ${cityInputs.map((city) => city.id).join(', ')}. ` +
          'Set CITY_NAME too to run an ad-hoc city, or CITY_CONFIG=file.json to give its settings.',
      );
    }
  }
  try {
    return withCityShorthands(input, env, source);
  } catch (err) {
    if (err instanceof ConfigurationError) throw new ConfigError(err.message);
    throw err;
  }
}

export function s3Endpoint(s3Port: number): string {
  return `http://${LOCAL_HOST}:${s3Port}`;
}

export function dynamodbEndpoint(dynamodbPort: number): string {
  return `http://${LOCAL_HOST}:${dynamodbPort}`;
}
