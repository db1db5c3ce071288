import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface PipelineAlarmsProps {
  /** Name prefix for the alarms, so a console full of cities stays readable. */
  readonly alarmNamePrefix: string;
  /** Dead-letter queues by a short name (`ingest`, `render`); any message in one raises its alarm. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  /** Functions by a short name; any error raises its alarm. */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /**
   * E-mail address subscribed to an SNS topic that every alarm notifies (and notifies again when
   * it clears).
   * @default - no topic: the alarms show in the CloudWatch console only
   */
  readonly alarmEmail?: string;
}

/**
 * The alarms an operator needs: a message in a dead-letter queue means an upload or a render
 * gave up after its retries; a function error means retries are happening now. A rejected file is
 * not an error (the handler records it as a status), so neither alarm fires for bad CSVs.
 */
export class PipelineAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly topic?: sns.Topic;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.alarms.push(
        new cloudwatch.Alarm(this, `${name}DeadLetters`, {
          alarmName: `${props.alarmNamePrefix}-${name}-dead-letters`,
          alarmDescription: `Messages in the ${name} dead-letter queue: processing gave up after retries. Fix the cause, then re-drive the queue.`,
          metric: queue.metricApproximateNumberOfMessagesVisible({
            period: Duration.minutes(5),
            statistic: cloudwatch.Stats.MAXIMUM,
          }),
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          // An idle, deleted or new queue reports nothing; that is fine, not an alarm.
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarms.push(
        new cloudwatch.Alarm(this, `${name}Errors`, {
          alarmName: `${props.alarmNamePrefix}-${name}-errors`,
          alarmDescription: `The ${name} function failed; its messages are retried and end in the dead-letter queue if failures persist. See the function's log group.`,
          metric: fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    if (props.alarmEmail !== undefined) {
      // No KMS key: CloudWatch cannot publish to a topic under the AWS-managed aws/sns key, and
      // these messages carry alarm names and states only, no budget data.
      this.topic = new sns.Topic(this, 'Topic', {
        displayName: `${props.alarmNamePrefix} alarms`,
        enforceSSL: true,
      });
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
      const action = new actions.SnsAction(this.topic);
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }
}
