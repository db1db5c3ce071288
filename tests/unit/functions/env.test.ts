import { describe, expect, it } from 'vitest';
import { ConfigurationError, ingestConfigFromEnv, renderConfigFromEnv } from '../../../functions/common/env';

describe('function configuration', () => {
  it('applies defaults for the report options and treats empty strings as unset', () => {
    expect(
      renderConfigFromEnv({
        TABLE_NAME: 'lechang-budget',
        SITE_BUCKET: 'lechang-site',
        CITY_ID: 'lechang',
        CITY_NAME: '乐昌市民政局',
        LAG_THRESHOLD: '',
      }),
    ).toEqual({
      tableName: 'lechang-budget',
      siteBucket: 'lechang-site',
      city: expect.objectContaining({
        id: 'lechang',
        displayName: '乐昌市民政局',
        lagThreshold: 0.1,
        scoreWeight: 10,
      }),
      alerts: { topicArn: null, siteUrl: null },
      connection: { region: 'us-east-1' },
    });
  });

  it('reads where alerts go: the SNS topic and the site root for links', () => {
    const config = renderConfigFromEnv({
      TABLE_NAME: 't12',
      SITE_BUCKET: 's12',
      CITY_ID: 'x1',
      ALERT_TOPIC_ARN: 'arn:aws-cn:sns:cn-north-1:123456789012:x1-alerts',
      SITE_URL: 'https://budget.example.org',
    });
    expect(config.alerts).toEqual({
      topicArn: 'arn:aws-cn:sns:cn-north-1:123456789012:x1-alerts',
      siteUrl: 'https://budget.example.org',
    });
    expect(() =>
      ingestConfigFromEnv({ TABLE_NAME: 't12', UPLOAD_BUCKET: 'u12', ALERT_TOPIC_ARN: 'x1-alerts' }),
    ).toThrow(/ALERT_TOPIC_ARN/);
  });

  it('points the clients at emulators when endpoints are set', () => {
    expect(
      ingestConfigFromEnv({
        TABLE_NAME: 'lechang-budget',
        UPLOAD_BUCKET: 'lechang-uploads',
        S3_ENDPOINT: 'http://127.0.0.1:4569',
        DYNAMODB_ENDPOINT: 'http://127.0.0.1:4567',
        AWS_REGION: 'ap-east-1',
      }).connection,
    ).toEqual({
      region: 'ap-east-1',
      s3Endpoint: 'http://127.0.0.1:4569',
      dynamodbEndpoint: 'http://127.0.0.1:4567',
    });
  });

  it('names what is missing or wrong', () => {
    expect(() => ingestConfigFromEnv({ TABLE_NAME: 'lechang-budget' })).toThrow(/UPLOAD_BUCKET/);
    expect(() =>
      renderConfigFromEnv({ TABLE_NAME: 't12', SITE_BUCKET: 's12', CITY_ID: 'x', LAG_THRESHOLD: 'ten' }),
    ).toThrow(ConfigurationError);
  });
});
