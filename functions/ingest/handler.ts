/**
 * Lambda entry point of ingest. Configuration and clients are created once per cold start;
 * the logic lives in `createIngestHandler` (see docs/pipeline.md). Every log line carries the
 * invocation's request id and cold-start flag (`withLambdaContext`).
 */
import { ingestConfigFromEnv } from '../common/env';
import { withLambdaContext } from '../common/telemetry';
import { buildIngestDeps } from './build-ingest-deps';
import { createIngestHandler } from './create-ingest-handler';

const deps = buildIngestDeps(ingestConfigFromEnv(process.env));

export const handler = withLambdaContext(deps.telemetry, createIngestHandler(deps));
