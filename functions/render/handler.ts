/**
 * Lambda entry point of render. Configuration and clients are created once per cold start;
 * the logic lives in `createRenderHandler` (see docs/pipeline.md). Every log line carries the
 * invocation's request id and cold-start flag (`withLambdaContext`).
 */
import { renderConfigFromEnv } from '../common/env';
import { withLambdaContext } from '../common/telemetry';
import { buildRenderDeps } from './build-render-deps';
import { createRenderHandler } from './create-render-handler';

const deps = buildRenderDeps(renderConfigFromEnv(process.env));

export const handler = withLambdaContext(deps.telemetry, createRenderHandler(deps));
