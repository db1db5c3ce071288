import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface QueueWithDeadLetterProps {
  /**
   * Timeout of the function consuming the queue. The visibility timeout is six times this plus
   * the batching window (AWS's guidance for Lambda event sources), so a message is never handed
   * to a second poller while the first invocation, including its retries, may still run.
   */
  readonly consumerTimeout: Duration;
  /**
   * Batching window of the event source, added to the visibility timeout.
   * @default Duration.seconds(0)
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * Receives before a message moves to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
}

/**
 * An SQS queue and its dead-letter queue, both with SQS-managed encryption (SSE-SQS: S3 event
 * notifications can publish to it without a KMS key policy) and TLS-only access.
 */
export class QueueWithDeadLetter extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: QueueWithDeadLetterProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows. Retention counts from the message's first enqueue, not from its
      // move to this queue, so it must outlast the source queue's retention by the time needed to
      // find the cause and re-drive.
      retentionPeriod: Duration.days(14),
    });

    const batchingWindow = props.maxBatchingWindow ?? Duration.seconds(0);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6 + batchingWindow.toSeconds()),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
  }
}
