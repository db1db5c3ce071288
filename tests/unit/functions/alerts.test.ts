/**
 * The alert edge: the exact SNS call, and a delivery failure that is logged and counted but
 * never thrown (contract §5.1).
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverAlert } from '../../../functions/alerts/deliver-alert';
import { SnsAlertSink } from '../../../functions/alerts/sns-alert-sink';
import type { Telemetry } from '../../../functions/common/telemetry';
import { uploadRejectedAlert } from '../../../shared/alerts/upload-rejected-alert';

const sns = mockClient(SNSClient);
afterEach(() => sns.reset());

const TOPIC = 'arn:aws:sns:ap-east-1:123456789012:BudgetPipeline-lechang-alerts';
const alert = uploadRejectedAlert({
  city: { id: 'lechang', name: '乐昌市民政局' },
  upload: { key: 'incoming/x.csv', period: '2021-06', errorCount: 1, errors: [] },
  siteUrl: 'https://budget.example.org',
});

function recordingTelemetry() {
  const errors: { message: string; attributes: unknown }[] = [];
  const counts: [string, number][] = [];
  const telemetry: Telemetry = {
    logger: {
      debug() {},
      info() {},
      warn() {},
      error: (message, attributes) => errors.push({ message, attributes }),
    },
    metrics: { count: (name, value) => counts.push([name, value]), milliseconds() {}, flush() {} },
  };
  return { telemetry, errors, counts };
}

describe('SNS alert sink', () => {
  it('publishes the subject, the text and the kind to the topic', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm1' });
    const { telemetry, counts } = recordingTelemetry();
    expect(
      await deliverAlert(new SnsAlertSink(new SNSClient({ region: 'ap-east-1' }), TOPIC), telemetry, alert),
    ).toBe(true);
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input)).toEqual([
      {
        TopicArn: TOPIC,
        Subject: '【乐昌市民政局】上传被拒收 / Upload rejected: incoming/x.csv',
        Message: alert.text,
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'upload-rejected' },
          city: { DataType: 'String', StringValue: 'lechang' },
        },
      },
    ]);
    expect(counts).toEqual([]);
  });

  it('logs and counts a failed delivery instead of throwing', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' }));
    const { telemetry, errors, counts } = recordingTelemetry();
    expect(
      await deliverAlert(new SnsAlertSink(new SNSClient({ region: 'ap-east-1' }), TOPIC), telemetry, alert),
    ).toBe(false);
    expect(counts).toEqual([['AlertsFailed', 1]]);
    expect(errors).toEqual([
      {
        message: 'alert not delivered',
        attributes: {
          kind: 'upload-rejected',
          subject: alert.subject,
          error: { name: 'ThrottledException', message: 'Rate exceeded' },
        },
      },
    ]);
  });
});
