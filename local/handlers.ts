/**
 * The handler code Lambda runs, for the local runtime and the CLI: the same factories and
 * environment parsing as the entry points, with this runtime's endpoints.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { cityEnvironment, ingestConfigFromEnv, renderConfigFromEnv } from '../functions/common/env';
import { buildIngestDeps } from '../functions/ingest/build-ingest-deps';
import { createIngestHandler } from '../functions/ingest/create-ingest-handler';
import { buildRenderDeps } from '../functions/render/build-render-deps';
import { createRenderHandler } from '../functions/render/create-render-handler';
import type { CitySettings } from '../shared/city-settings';
import {
  dynamodbEndpoint,
  LOCAL_CREDENTIALS,
  LOCAL_HOST,
  LOCAL_REGION,
  type LocalConfig,
  s3Endpoint,
} from './config';
import { OutboxAlertSink } from './outbox-alert-sink';

export interface HandlerEnvironment {
  tableName: string;
  uploadBucket: string;
  siteBucket: string;
  city: CitySettings;
  /** Unset for a real AWS account (standard endpoints and credential chain). */
  s3Endpoint: string | undefined;
  dynamodbEndpoint: string | undefined;
  /** Where alerts are written (`<DATA_DIR>/outbox`); unset = the function's own delivery. */
  outboxDirectory?: string;
  /** The local site's root, for the links in alerts. */
  siteUrl?: string;
}

/** The handlers' environment for this runtime's config, pointed at emulators on these ports. */
export function localHandlerEnvironment(
  config: LocalConfig,
  ports: { s3: number; dynamodb: number },
): HandlerEnvironment {
  return {
    tableName: config.tableName,
    uploadBucket: config.uploadBucket,
    siteBucket: config.siteBucket,
    city: config.city,
    s3Endpoint: s3Endpoint(ports.s3),
    dynamodbEndpoint: dynamodbEndpoint(ports.dynamodb),
    outboxDirectory: path.join(config.dataDir, 'outbox'),
    ...(config.sitePort === 0 ? {} : { siteUrl: `http://${LOCAL_HOST}:${config.sitePort}` }),
  };
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
    ...cityEnvironment(settings.city),
  };
  if (settings.s3Endpoint !== undefined) env.S3_ENDPOINT = settings.s3Endpoint;
  if (settings.dynamodbEndpoint !== undefined) env.DYNAMODB_ENDPOINT = settings.dynamodbEndpoint;
  if (settings.siteUrl !== undefined) env.SITE_URL = settings.siteUrl;
  if (settings.s3Endpoint !== undefined || settings.dynamodbEndpoint !== undefined)
    env.AWS_REGION = LOCAL_REGION;
  return env;
}

/**
 * Builds the handlers exactly as their Lambda entry points (`functions/<name>/handler.ts`)
 * do at cold start (`create…Handler(build…Deps(…ConfigFromEnv(env)))`), from an environment
 * record instead of process.env, so every runtime gets clients aimed at its own ports.
 */
export async function loadHandlers(
  settings: HandlerEnvironment,
  options: { log?: (line: string) => void } = {},
): Promise<PipelineHandlers> {
  const env = handlerEnv(settings);
  // On a terminal the handlers' per-invocation JSON logs and EMF metric blobs drown the
  // one-line results printed by the runtime; values set by the user win.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.POWERTOOLS_LOG_LEVEL ??= process.env.LOG_LEVEL ?? 'WARN';
  const ingestConfig = ingestConfigFromEnv(env);
  const renderConfig = renderConfigFromEnv(env);
  if (settings.s3Endpoint !== undefined || settings.dynamodbEndpoint !== undefined) {
    // Explicit, so a developer's own AWS keys in the environment are never sent to the emulators.
    ingestConfig.connection.credentials = { ...LOCAL_CREDENTIALS };
    renderConfig.connection.credentials = { ...LOCAL_CREDENTIALS };
  }
  const alertSink =
    settings.outboxDirectory === undefined
      ? undefined
      : new OutboxAlertSink(settings.outboxDirectory, options.log);
  return {
    ingest: createIngestHandler(buildIngestDeps(ingestConfig, { alertSink })),
    render: createRenderHandler(buildRenderDeps(renderConfig, { alertSink })),
  };
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
