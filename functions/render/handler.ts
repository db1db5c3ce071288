/**
 * Lambda entry point of render. Configuration and clients are created once per cold start;
 * the logic lives in `createRenderHandler` (see docs/pipeline.md).
 */
import { renderConfigFromEnv } from '../common/env';
import { buildRenderDeps } from './build-render-deps';
import { createRenderHandler } from './create-render-handler';

export const handler = createRenderHandler(buildRenderDeps(renderConfigFromEnv(process.env)));
