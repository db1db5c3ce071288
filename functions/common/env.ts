/**
 * Function configuration, parsed once at cold start. Lambda passes everything as strings, and
 * the local runtime forwards unset variables as empty strings, so '' counts as "not set".
 */
import * as z from 'zod';

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const envSchema = z.object({
  TABLE_NAME: optional(z.string().min(3)),
  UPLOAD_BUCKET: optional(z.string().min(3)),
  SITE_BUCKET: optional(z.string().min(3)),
  CITY_ID: optional(z.string().min(1)),
  CITY_NAME: optional(z.string().min(1)),
  LAG_THRESHOLD: optional(z.coerce.number().min(0).max(1)),
  SCORE_WEIGHT: optional(z.coerce.number().positive().max(100)),
  S3_ENDPOINT: optional(z.url()),
  DYNAMODB_ENDPOINT: optional(z.url()),
  AWS_REGION: optional(z.string().min(1)),
});

/** Where the SDK clients connect: AWS itself, or the emulators when endpoints are given. */
export interface ConnectionConfig {
  region: string;
  s3Endpoint?: string;
  dynamodbEndpoint?: string;
  /** For emulators only; by default AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, else S3RVER. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface IngestConfig {
  tableName: string;
  uploadBucket: string;
  /** Metric dimension only. */
  cityId: string | null;
  connection: ConnectionConfig;
}

export interface RenderConfig {
  tableName: string;
  siteBucket: string;
  city: { id: string; name: string };
  lagThreshold: number;
  scoreWeight: number;
  connection: ConnectionConfig;
}

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

type Env = Record<string, string | undefined>;
type ParsedEnv = z.infer<typeof envSchema>;

function parse(env: Env): ParsedEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigurationError(`invalid environment: ${problems}`);
  }
  return parsed.data;
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new ConfigurationError(`environment variable ${name} is required`);
  return value;
}

function connectionOf(e: ParsedEnv): ConnectionConfig {
  const connection: ConnectionConfig = { region: e.AWS_REGION ?? 'us-east-1' };
  if (e.S3_ENDPOINT !== undefined) connection.s3Endpoint = e.S3_ENDPOINT;
  if (e.DYNAMODB_ENDPOINT !== undefined) connection.dynamodbEndpoint = e.DYNAMODB_ENDPOINT;
  return connection;
}

export function ingestConfigFromEnv(env: Env): IngestConfig {
  const e = parse(env);
  return {
    tableName: required(e.TABLE_NAME, 'TABLE_NAME'),
    uploadBucket: required(e.UPLOAD_BUCKET, 'UPLOAD_BUCKET'),
    cityId: e.CITY_ID ?? null,
    connection: connectionOf(e),
  };
}

export function renderConfigFromEnv(env: Env): RenderConfig {
  const e = parse(env);
  const cityId = required(e.CITY_ID, 'CITY_ID');
  return {
    tableName: required(e.TABLE_NAME, 'TABLE_NAME'),
    siteBucket: required(e.SITE_BUCKET, 'SITE_BUCKET'),
    city: { id: cityId, name: e.CITY_NAME ?? cityId },
    lagThreshold: e.LAG_THRESHOLD ?? 0.1,
    scoreWeight: e.SCORE_WEIGHT ?? 10,
    connection: connectionOf(e),
  };
}
