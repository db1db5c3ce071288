/**
 * Lambda entry point of ingest. Configuration and clients are created once per cold start;
 * the logic lives in `createIngestHandler` (see docs/pipeline.md).
 */
import { ingestConfigFromEnv } from '../common/env';
import { buildIngestDeps } from './build-ingest-deps';
import { createIngestHandler } from './create-ingest-handler';

export const handler = createIngestHandler(buildIngestDeps(ingestConfigFromEnv(process.env)));
