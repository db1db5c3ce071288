/**
 * Loads the very handler modules Lambda runs. They read their configuration from the
 * environment and create SDK clients at module scope (as on Lambda, once per cold start),
 * so the environment is set before the first import. Node caches modules: one process
 * gets one set of handlers, bound to the endpoints of the first call.
 */
import { randomUUID } from 'node:crypto';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './config';

export interface HandlerEnvironment {
  tableName: string;
  uploadBucket: string;
  siteBucket: string;
  cityId: string;
  cityName: string;
  lagThreshold: string | undefined;
  scoreWeight: string | undefined;
  /** Unset for a real AWS account (standard endpoints and credential chain). */
  s3Endpoint: string | undefined;
  dynamodbEndpoint: string | undefined;
}

/** The part of the Lambda context object handlers commonly read. */
export interface LambdaContextLike {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
  done(): void;
  fail(): void;
  succeed(): void;
}

export type Handler = (event: unknown, context: LambdaContextLike) => Promise<unknown>;

export interface PipelineHandlers {
  ingest: Handler;
  render: Handler;
}

export function handlerEnv(settings: HandlerEnvironment): Record<string, string> {
  const env: Record<string, string> = {
    TABLE_NAME: settings.tableName,
    UPLOAD_BUCKET: settings.uploadBucket,
    SITE_BUCKET: settings.siteBucket,
    CITY_ID: settings.cityId,
    CITY_NAME: settings.cityName,
  };
  if (settings.lagThreshold !== undefined) env.LAG_THRESHOLD = settings.lagThreshold;
  if (settings.scoreWeight !== undefined) env.SCORE_WEIGHT = settings.scoreWeight;
  if (settings.s3Endpoint !== undefined) env.S3_ENDPOINT = settings.s3Endpoint;
  if (settings.dynamodbEndpoint !== undefined) env.DYNAMODB_ENDPOINT = settings.dynamodbEndpoint;
  if (settings.s3Endpoint !== undefined || settings.dynamodbEndpoint !== undefined) {
    env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
    env.AWS_REGION = LOCAL_REGION;
  }
  return env;
}

let loadedWith: string | undefined;

export async function loadHandlers(settings: HandlerEnvironment): Promise<PipelineHandlers> {
  const env = handlerEnv(settings);
  const fingerprint = JSON.stringify(env);
  // The modules (and their clients) exist once per process: a second runtime with other
  // endpoints would silently talk to the first one's emulators.
  if (loadedWith !== undefined && loadedWith !== fingerprint) {
    throw new Error('the handlers of this process are bound to another configuration (ports, names)');
  }
  loadedWith = fingerprint;
  if (env.AWS_ACCESS_KEY_ID !== undefined) {
    // A developer's own session token would be sent alongside the emulator keys.
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
  }
  Object.assign(process.env, env);
  // On a terminal the handlers' per-invocation JSON logs and EMF metric blobs drown the
  // one-line results printed by the runtime; LOG_LEVEL / POWERTOOLS_* set by the user win.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.POWERTOOLS_LOG_LEVEL ??= process.env.LOG_LEVEL ?? 'WARN';
  const ingest = (await import('../functions/ingest/handler')) as { handler: Handler };
  const render = (await import('../functions/render/handler')) as { handler: Handler };
  return { ingest: ingest.handler, render: render.handler };
}

/** A fresh context per invocation, with a deadline like a function's timeout. */
export function lambdaContext(functionName: string, timeoutMs = 15 * 60_000): LambdaContextLike {
  const deadline = Date.now() + timeoutMs;
  const noop = () => {};
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: noop,
    fail: noop,
    succeed: noop,
  };
}
