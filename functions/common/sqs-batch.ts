/**
 * SQS deliveries to Lambda. With `ReportBatchItemFailures` on the event source mapping, the
 * function names the messages that failed and only those return to the queue (and, after
 * maxReceiveCount, to the dead-letter queue); the rest are deleted as done.
 */
import type { SQSBatchResponse } from 'aws-lambda';
import * as z from 'zod';

const sqsRecordSchema = z.object({
  messageId: z.string(),
  body: z.string(),
  eventSource: z.literal('aws:sqs'),
});

export const sqsEventSchema = z.object({ Records: z.array(sqsRecordSchema).min(1) });
export type SqsMessage = z.infer<typeof sqsRecordSchema>;

export function isSqsEvent(event: unknown): boolean {
  return sqsEventSchema.safeParse(event).success;
}

export function parseSqsEvent(event: unknown): SqsMessage[] {
  return sqsEventSchema.parse(event).Records;
}

/** Runs each message, in order, and reports the ones that threw. */
export async function processSqsMessages(
  messages: SqsMessage[],
  handle: (message: SqsMessage) => Promise<void>,
  onError: (message: SqsMessage, error: unknown) => void,
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const message of messages) {
    try {
      await handle(message);
    } catch (error) {
      onError(message, error);
      batchItemFailures.push({ itemIdentifier: message.messageId });
    }
  }
  return { batchItemFailures };
}
