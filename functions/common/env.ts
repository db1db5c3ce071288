/**
 * Function configuration, parsed once at cold start. Lambda passes everything as strings, and
 * the local runtime forwards unset variables as empty strings, so '' counts as "not set".
 *
 * A city's settings travel as one JSON variable, `CITY_SETTINGS`: the whole validated object,
 * parsed again with the same schema here. The stack and the local runtime write it with
 * `cityEnvironment`, the handlers read it with `citySettingsFromEnv`, so a setting added to
 * `shared/city-settings.ts` needs no plumbing of its own.
 */
import * as z from 'zod';
import {
  type CitySettings,
  CitySettingsError,
  type CitySettingsInput,
  parseCitySettings,
} from '../../shared/city-settings';

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const envSchema = z.object({
  TABLE_NAME: optional(z.string().min(3)),
  UPLOAD_BUCKET: optional(z.string().min(3)),
  SITE_BUCKET: optional(z.string().min(3)),
  S3_ENDPOINT: optional(z.url()),
  DYNAMODB_ENDPOINT: optional(z.url()),
  AWS_REGION: optional(z.string().min(1)),
  /** SNS topic for alerts (§5.1), set by the stack where the city lists alert e-mails; unset = alerts are only logged. */
  ALERT_TOPIC_ARN: optional(z.string().regex(/^arn:aws[a-z-]*:sns:/, 'an SNS topic ARN')),
  /** The site's root URL, for the links in alerts; unset = links relative to the site root. */
  SITE_URL: optional(z.url()),
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
  /** Null when the environment names no city (tests, benchmarks): the schema's defaults apply. */
  city: CitySettings | null;
  alerts: AlertConfig;
  connection: ConnectionConfig;
}

export interface RenderConfig {
  tableName: string;
  siteBucket: string;
  city: CitySettings;
  alerts: AlertConfig;
  connection: ConnectionConfig;
}

/** Where alerts go (§5.1). */
export interface AlertConfig {
  topicArn: string | null;
  siteUrl: string | null;
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

function alertsOf(e: ParsedEnv): AlertConfig {
  return { topicArn: e.ALERT_TOPIC_ARN ?? null, siteUrl: e.SITE_URL ?? null };
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
    city: citySettingsFromEnv(env),
    alerts: alertsOf(e),
    connection: connectionOf(e),
  };
}

export function renderConfigFromEnv(env: Env): RenderConfig {
  const e = parse(env);
  return {
    tableName: required(e.TABLE_NAME, 'TABLE_NAME'),
    siteBucket: required(e.SITE_BUCKET, 'SITE_BUCKET'),
    city: required(citySettingsFromEnv(env) ?? undefined, 'CITY_SETTINGS (or CITY_ID)'),
    alerts: alertsOf(e),
    connection: connectionOf(e),
  };
}

/**
 * Lambda allows 4 KB for all of a function's variables together; the settings may take most of
 * it, the rest is for bucket and table names and Powertools' variables.
 */
export const MAX_CITY_SETTINGS_BYTES = 3_072;

/** The variables a function needs to know its city; `CITY_ID` is for people reading the console. */
export function cityEnvironment(settings: CitySettings): { CITY_ID: string; CITY_SETTINGS: string } {
  const json = JSON.stringify(settings);
  const bytes = new TextEncoder().encode(json).length;
  if (bytes > MAX_CITY_SETTINGS_BYTES) {
    throw new ConfigurationError(
      `the settings of city "${settings.id}" take ${bytes} bytes as JSON, more than the ${MAX_CITY_SETTINGS_BYTES} a Lambda environment can hold next to its other variables; shorten the column mapping or the alert list`,
    );
  }
  return { CITY_ID: settings.id, CITY_SETTINGS: json };
}

const isSet = (value: string | undefined): value is string => value !== undefined && value !== '';

function numberVariable(name: string, value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) {
    throw new ConfigurationError(
      `environment variable ${name} must be a number, not ${JSON.stringify(value)}`,
    );
  }
  return number;
}

/**
 * The city's settings from `CITY_SETTINGS`, with the single variables of earlier versions as
 * shorthands on top (`CITY_ID`, `CITY_NAME`, `LAG_THRESHOLD`, `SCORE_WEIGHT`). Null when the
 * environment names no city at all.
 */
export function citySettingsFromEnv(env: Env): CitySettings | null {
  let input: Record<string, unknown> = {};
  if (isSet(env.CITY_SETTINGS)) {
    try {
      input = JSON.parse(env.CITY_SETTINGS) as Record<string, unknown>;
    } catch (cause) {
      throw new ConfigurationError('environment variable CITY_SETTINGS is not JSON', { cause });
    }
  } else if (!isSet(env.CITY_ID)) {
    return null;
  }
  return withCityShorthands(input, env, 'the function environment (CITY_SETTINGS)');
}

/**
 * Settings (as written, e.g. a city file) with the shorthand variables applied on top, then
 * validated. Local mode uses it too, so both read the shorthands the same way.
 */
export function withCityShorthands(input: object, env: Env, source: string): CitySettings {
  const shorthand: Partial<CitySettingsInput> = {};
  if (isSet(env.CITY_ID)) shorthand.id = env.CITY_ID;
  if (isSet(env.CITY_NAME)) shorthand.displayName = env.CITY_NAME;
  if (isSet(env.SCORE_WEIGHT)) shorthand.scoreWeight = numberVariable('SCORE_WEIGHT', env.SCORE_WEIGHT);
  const merged: Record<string, unknown> = { ...input, ...shorthand };
  if (isSet(env.LAG_THRESHOLD)) {
    // The shorthand restates the lowest warning level; the levels follow from it.
    merged.lagThreshold = numberVariable('LAG_THRESHOLD', env.LAG_THRESHOLD);
    delete merged.warningLevels;
  }
  merged.displayName ??= merged.id;
  merged.site ??= { mode: 'off' };
  try {
    return parseCitySettings(merged, source);
  } catch (err) {
    if (err instanceof CitySettingsError) throw new ConfigurationError(err.message, { cause: err });
    throw err;
  }
}
