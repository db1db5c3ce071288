/**
 * The render Lambda handler, built from its dependencies. Accepts an SQS batch of status
 * notifications (AWS; one render for the whole batch), a plain S3 event (local mode), or
 * `{"kind":"render-all"}` (rebuild). Renders run one at a time (reserved concurrency 1 in
 * the stack) but would also be safe side by side: each writes what the table says.
 */
import type { SQSBatchResponse } from 'aws-lambda';
import { describe } from '../common/describe-error';
import { isSqsEvent, parseSqsEvent } from '../common/sqs-batch';
import type { RenderDeps, RenderSummary } from './render-deps';
import {
  keysOfBody,
  keysOfS3Event,
  type RenderRequest,
  renderAllEventSchema,
  resolveStatusKeys,
} from './render-request';
import { renderSite } from './render-site';

export class RenderFailedError extends Error {
  override name = 'RenderFailedError';
}

export type RenderHandler = (event: unknown, context?: unknown) => Promise<SQSBatchResponse | RenderSummary>;

export function createRenderHandler(deps: RenderDeps): RenderHandler {
  const { logger, metrics } = deps.telemetry;

  const run = async (asked: RenderRequest, trigger: string): Promise<RenderSummary> => {
    const request: RenderRequest =
      asked.kind === 'keys' ? { kind: 'keys', keys: await resolveStatusKeys(deps.store, asked.keys) } : asked;
    const summary = await renderSite(deps, request);
    logger.info('site rendered', {
      trigger,
      keys: request.kind === 'keys' ? request.keys.length : null,
      rendered: summary.rendered,
      removed: summary.removed,
      durationMs: summary.durationMs,
    });
    metrics.milliseconds('RenderDurationMs', summary.durationMs);
    metrics.count('PeriodsRendered', summary.rendered.length);
    return summary;
  };

  return async (event) => {
    try {
      if (isSqsEvent(event)) {
        const messages = parseSqsEvent(event);
        const keys: string[] = [];
        const failed: string[] = [];
        const good: string[] = [];
        for (const message of messages) {
          try {
            keys.push(...keysOfBody(message.body));
            good.push(message.messageId);
          } catch (error) {
            logger.error('unreadable render message', {
              messageId: message.messageId,
              error: describe(error),
            });
            failed.push(message.messageId);
          }
        }
        if (good.length > 0) {
          try {
            await run({ kind: 'keys', keys: [...new Set(keys)] }, 'sqs');
          } catch (error) {
            logger.error('render failed; batch left for retry', { error: describe(error) });
            failed.push(...good);
          }
        }
        return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
      }
      try {
        if (renderAllEventSchema.safeParse(event).success) return await run({ kind: 'all' }, 'render-all');
        return await run({ kind: 'keys', keys: [...new Set(keysOfS3Event(event))] }, 's3');
      } catch (error) {
        logger.error('render failed', { error: describe(error) });
        throw new RenderFailedError('render failed; retry the event', { cause: error });
      }
    } finally {
      metrics.flush();
    }
  };
}
