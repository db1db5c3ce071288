/**
 * Alerts to the city's SNS topic (`ALERT_TOPIC_ARN`), whose e-mail subscribers are the city's
 * `alertEmails`. The subject is the e-mail subject; `kind` and `city` ride along as message
 * attributes so a subscription filter policy can pick one kind.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Alert } from '../../shared/alerts/alert';
import type { AlertSink } from './alert-sink';

/** SNS refuses messages over 256 KB; alerts are summaries, but names can be long. */
const MAX_MESSAGE_BYTES = 200_000;

function capped(text: string): string {
  if (Buffer.byteLength(text, 'utf8') <= MAX_MESSAGE_BYTES) return text;
  let cut = text.slice(0, MAX_MESSAGE_BYTES / 3);
  while (Buffer.byteLength(cut, 'utf8') > MAX_MESSAGE_BYTES - 16) cut = cut.slice(0, -1024);
  return `${cut}\n…`;
}

export class SnsAlertSink implements AlertSink {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(alert: Alert): Promise<void> {
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: alert.subject,
        Message: capped(alert.text),
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: alert.kind },
          city: { DataType: 'String', StringValue: alert.city.id },
        },
      }),
    );
  }
}
