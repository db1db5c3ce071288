/**
 * The ingest Lambda handler, built from its dependencies. It accepts what AWS delivers (an
 * SQS batch whose bodies are S3 notifications; the answer names the failed messages) and
 * what local mode sends (a plain S3 event; a failure throws so the caller retries).
 */
import type { SQSBatchResponse } from 'aws-lambda';
import { describe } from '../common/describe-error';
import { parseS3Notification, parseS3NotificationBody } from '../common/s3-notification';
import { isSqsEvent, parseSqsEvent, processSqsMessages } from '../common/sqs-batch';
import type { FileResult, IngestDeps } from './ingest-deps';
import { processObjectEvent } from './process-object-event';

/** The answer to a plain S3 event: what became of each record. */
export interface IngestReport {
  results: FileResult[];
}

export class IngestFailedError extends Error {
  override name = 'IngestFailedError';
}

export type IngestHandler = (event: unknown, context?: unknown) => Promise<SQSBatchResponse | IngestReport>;

export function createIngestHandler(deps: IngestDeps): IngestHandler {
  const { logger, metrics } = deps.telemetry;

  const runNotification = async (
    notification: ReturnType<typeof parseS3Notification>,
  ): Promise<FileResult[]> => {
    const results: FileResult[] = [];
    for (const event of notification) results.push(await processObjectEvent(deps, event));
    return results;
  };

  return async (event) => {
    try {
      if (isSqsEvent(event)) {
        return await processSqsMessages(
          parseSqsEvent(event),
          async (message) => {
            await runNotification(parseS3NotificationBody(message.body));
          },
          (message, error) =>
            logger.error('message failed; left for retry', {
              messageId: message.messageId,
              error: describe(error),
            }),
        );
      }
      try {
        return { results: await runNotification(parseS3Notification(event)) };
      } catch (error) {
        logger.error('event failed', { error: describe(error) });
        throw new IngestFailedError('ingest failed; retry the event', { cause: error });
      }
    } finally {
      metrics.flush();
    }
  };
}
