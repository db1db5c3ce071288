/**
 * Local-mode settings (DESIGN §6): every default can be overridden by an environment
 * variable so several instances (tests, a second office) can run side by side.
 */
import path from 'node:path';
import * as z from 'zod';

/** The emulators accept only these credentials; any S3 client pointed at s3rver must use them. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
export const LOCAL_HOST = '127.0.0.1';
export const LOCAL_REGION = 'us-east-1';

const port = z.coerce.number().int().min(0).max(65535);

const envSchema = z.object({
  CITY_ID: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes')
    .default('lechang'),
  CITY_NAME: z.string().min(1).optional(),
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

/** Names of the reference city; other city ids get their id as name unless CITY_NAME is set. */
const KNOWN_CITY_NAMES: Record<string, string> = { lechang: '乐昌市民政局' };

export interface LocalConfig {
  cityId: string;
  cityName: string;
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
  /** Passed through to the handlers untouched: they own the parsing and the defaults. */
  lagThreshold: string | undefined;
  scoreWeight: string | undefined;
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
  return {
    cityId: e.CITY_ID,
    cityName: e.CITY_NAME ?? KNOWN_CITY_NAMES[e.CITY_ID] ?? e.CITY_ID,
    uploadBucket: e.UPLOAD_BUCKET ?? `${e.CITY_ID}-uploads`,
    siteBucket: e.SITE_BUCKET ?? `${e.CITY_ID}-site`,
    tableName: e.TABLE_NAME ?? `${e.CITY_ID}-budget`,
    sitePort: e.PORT,
    s3Port: e.S3_PORT,
    dynamodbPort: e.DYNAMODB_PORT,
    dataDir: path.resolve(cwd, e.DATA_DIR),
    loadDemo: ['1', 'true', 'yes'].includes(e.DEMO),
    lagThreshold: e.LAG_THRESHOLD,
    scoreWeight: e.SCORE_WEIGHT,
  };
}

export function s3Endpoint(s3Port: number): string {
  return `http://${LOCAL_HOST}:${s3Port}`;
}

export function dynamodbEndpoint(dynamodbPort: number): string {
  return `http://${LOCAL_HOST}:${dynamodbPort}`;
}
