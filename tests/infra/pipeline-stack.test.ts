import { Duration } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { citySettingsFromEnv } from '../../functions/common/env';
import type { BudgetPipelineStack } from '../../infra/budget-pipeline-stack';
import { TABLE_ACTIONS } from '../../infra/constructs/pipeline-function';
import { SITE_CONTENT_SECURITY_POLICY } from '../../infra/constructs/site-distribution';
import { asList, flatten, grantsOfRole, identityStatements, normalizeGrants } from './support/iam-grants';
import { logicalIdOf, synthCity } from './support/synth-city';

/** Logical ids of the resources the assertions refer to. */
function logicalIds(stack: BudgetPipelineStack) {
  const distribution = stack.site?.distribution;
  if (distribution === undefined) throw new Error('lechang is configured with a CloudFront site');
  return {
    uploadBucket: logicalIdOf(stack, stack.uploadBucket),
    siteBucket: logicalIdOf(stack, stack.siteBucket),
    table: logicalIdOf(stack, stack.table),
    ingestFn: logicalIdOf(stack, stack.ingest.function),
    renderFn: logicalIdOf(stack, stack.render.function),
    ingestLogGroup: logicalIdOf(stack, stack.ingest.logGroup),
    renderLogGroup: logicalIdOf(stack, stack.render.logGroup),
    ingestQueue: logicalIdOf(stack, stack.ingestQueue.queue),
    ingestDlq: logicalIdOf(stack, stack.ingestQueue.deadLetterQueue),
    renderQueue: logicalIdOf(stack, stack.renderQueue.queue),
    renderDlq: logicalIdOf(stack, stack.renderQueue.deadLetterQueue),
    distribution: logicalIdOf(stack, distribution),
  };
}

// One synth of the reference city (bundling skipped), shared by every assertion in this file.
let stack: BudgetPipelineStack;
let template: Template;
let ids: ReturnType<typeof logicalIds>;

beforeAll(() => {
  ({ stack, template } = synthCity('lechang'));
  ids = logicalIds(stack);
});

const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });
const resource = (id: string) => {
  const found = template.toJSON().Resources[id];
  expect(found, `resource ${id}`).toBeDefined();
  return found as {
    Type: string;
    Properties: Record<string, unknown>;
    DeletionPolicy?: string;
    UpdateReplacePolicy?: string;
  };
};

type PolicyStatementLike = { Action: unknown; Principal: unknown };

/** A bucket policy statement denying every request that is not over TLS. */
const denyInsecureTransport = Match.objectLike({
  Effect: 'Deny',
  Action: 's3:*',
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

describe('upload bucket', () => {
  it('is versioned, SSE-S3 encrypted, private, ACL-free and retained', () => {
    expect(resource(ids.uploadBucket)).toMatchObject({
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('keeps noncurrent versions (contract §3.1: the record) and aborts stale multipart uploads', () => {
    const lifecycle = resource(ids.uploadBucket).Properties.LifecycleConfiguration as {
      Rules: Record<string, unknown>[];
    };
    const rules = lifecycle.Rules;
    expect(rules).toEqual([
      expect.objectContaining({
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        Status: 'Enabled',
      }),
    ]);
    expect(rules.some((rule) => 'NoncurrentVersionExpiration' in rule || 'ExpirationInDays' in rule)).toBe(
      false,
    );
  });

  it('writes server access logs to the log bucket', () => {
    expect(resource(ids.uploadBucket).Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: expect.stringMatching(/^AccessLogBucket/) },
      LogFilePrefix: 'uploads/',
    });
  });

  it('refuses requests without TLS 1.2', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: ids.uploadBucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          denyInsecureTransport,
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });
});

describe('site bucket', () => {
  it('is private, encrypted, unversioned, logged and retained', () => {
    const site = resource(ids.siteBucket);
    expect(site.DeletionPolicy).toBe('Retain');
    expect(site.Properties.VersioningConfiguration).toBeUndefined();
    expect(site.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { LogFilePrefix: 'site/' },
    });
  });

  it('is readable by this distribution only, through origin access control', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: ids.siteBucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          denyInsecureTransport,
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: {
              StringEquals: {
                'AWS:SourceArn': {
                  'Fn::Join': ['', Match.arrayWith([':distribution/', { Ref: ids.distribution }])],
                },
              },
            },
          }),
        ]),
      },
    });
  });
});

describe('access log bucket', () => {
  it('accepts logs from the S3 logging service for both buckets and expires them', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Condition: Match.objectLike({ ArnLike: { 'aws:SourceArn': getAtt(ids.uploadBucket) } }),
          }),
          Match.objectLike({
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Condition: Match.objectLike({ ArnLike: { 'aws:SourceArn': getAtt(ids.siteBucket) } }),
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 365 })]) },
    });
  });
});

describe('table', () => {
  it('has pk/sk string keys, no indexes, on-demand billing, PITR and encryption, and is retained', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        GlobalSecondaryIndexes: Match.absent(),
        LocalSecondaryIndexes: Match.absent(),
        Tags: Match.anyValue(),
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('queues', () => {
  const visibilityOf = (id: string) => resource(id).Properties.VisibilityTimeout;
  const timeoutOf = (id: string) => resource(id).Properties.Timeout as number;

  it('feed ingest and render with SSE-SQS, TLS-only access and a dead-letter queue', () => {
    for (const [queue, dlq, maxReceiveCount] of [
      [ids.ingestQueue, ids.ingestDlq, 5],
      [ids.renderQueue, ids.renderDlq, 10],
    ] as const) {
      expect(resource(queue).Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        RedrivePolicy: { deadLetterTargetArn: getAtt(dlq), maxReceiveCount },
      });
      expect(resource(dlq).Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: Duration.days(14).toSeconds(),
      });
      for (const id of [queue, dlq]) {
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: id }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      }
    }
  });

  it('hide a message for at least six times the consuming function timeout', () => {
    expect(visibilityOf(ids.ingestQueue)).toBeGreaterThanOrEqual(6 * timeoutOf(ids.ingestFn));
    expect(visibilityOf(ids.renderQueue)).toBeGreaterThanOrEqual(6 * timeoutOf(ids.renderFn));
  });

  it('let the upload bucket, and only it, send S3 events', () => {
    for (const queue of [ids.ingestQueue, ids.renderQueue]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queue }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 's3.amazonaws.com' },
              Action: Match.arrayWith(['sqs:SendMessage']),
              Condition: { ArnLike: { 'aws:SourceArn': getAtt(ids.uploadBucket) } },
            }),
          ]),
        },
      });
    }
  });
});

describe('bucket notifications', () => {
  const filter = (rules: Record<string, string>) => ({
    Key: {
      FilterRules: expect.toSatisfy(
        (actual: unknown) =>
          Array.isArray(actual) &&
          actual.length === Object.keys(rules).length &&
          Object.entries(rules).every(([Name, Value]) =>
            actual.some((rule) => rule.Name === Name && rule.Value === Value),
          ),
      ),
    },
  });

  it('send created and removed objects under incoming/ and indicators/ to ingest, whatever their name, and created status/*.json to render, nothing else', () => {
    const [notifications, ...others] = Object.values(template.findResources('Custom::S3BucketNotifications'));
    expect(others).toHaveLength(0);
    expect(notifications?.Properties.BucketName).toEqual({ Ref: ids.uploadBucket });
    const configurations = notifications?.Properties.NotificationConfiguration.QueueConfigurations;
    expect(configurations).toHaveLength(5);
    expect(configurations).toEqual(
      expect.arrayContaining([
        ...['incoming/', 'indicators/'].flatMap((prefix) => [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: filter({ prefix }),
            QueueArn: getAtt(ids.ingestQueue),
          },
          {
            Events: ['s3:ObjectRemoved:*'],
            Filter: filter({ prefix }),
            QueueArn: getAtt(ids.ingestQueue),
          },
        ]),
        {
          Events: ['s3:ObjectCreated:*'],
          Filter: filter({ prefix: 'status/', suffix: '.json' }),
          QueueArn: getAtt(ids.renderQueue),
        },
      ]),
    );
  });

  it('never filter uploads by suffix: an upload named x.CSV or x.xlsx reaches ingest and gets a status', () => {
    const [notifications] = Object.values(template.findResources('Custom::S3BucketNotifications'));
    const configurations = notifications?.Properties.NotificationConfiguration.QueueConfigurations as {
      Filter: { Key: { FilterRules: { Name: string; Value: string }[] } };
      QueueArn: unknown;
    }[];
    const toIngest = configurations.filter(
      (c) => JSON.stringify(c.QueueArn) === JSON.stringify(getAtt(ids.ingestQueue)),
    );
    expect(toIngest).toHaveLength(4);
    for (const configuration of toIngest) {
      expect(configuration.Filter.Key.FilterRules.map((rule) => rule.Name)).toEqual(['prefix']);
    }
  });
});

describe('functions', () => {
  const sharedEnvironment = {
    UPLOAD_BUCKET: { Ref: expect.stringMatching(/^UploadBucket/) },
    TABLE_NAME: { Ref: expect.stringMatching(/^Table/) },
    CITY_ID: 'lechang',
    CITY_SETTINGS: expect.any(String),
    POWERTOOLS_METRICS_NAMESPACE: 'BudgetPipeline',
  };

  it('run Node.js 22 on arm64 from the bundled ESM handler', () => {
    for (const id of [ids.ingestFn, ids.renderFn]) {
      expect(resource(id).Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 1024,
      });
    }
  });

  it('give ingest its environment, without the site bucket', () => {
    const variables = (
      resource(ids.ingestFn).Properties.Environment as { Variables: Record<string, unknown> }
    ).Variables;
    expect(variables).toEqual({
      ...sharedEnvironment,
      POWERTOOLS_SERVICE_NAME: 'ingest',
      // A small young generation keeps a 1,000,000-row export under 200 MB (docs/benchmark.md);
      // no --enable-source-maps, whose decoded map stays resident (scripts/bundle-options.mjs).
      NODE_OPTIONS: '--max-semi-space-size=4',
    });
  });

  it('give render its environment, including the site bucket', () => {
    const variables = (
      resource(ids.renderFn).Properties.Environment as { Variables: Record<string, unknown> }
    ).Variables;
    expect(variables).toEqual({
      ...sharedEnvironment,
      SITE_BUCKET: { Ref: ids.siteBucket },
      POWERTOOLS_SERVICE_NAME: 'render',
      // A heap limit that fits the 1,024 MB function (scripts/bundle-options.mjs says why).
      NODE_OPTIONS: '--max-semi-space-size=4 --max-old-space-size=768',
    });
  });

  it("carry the city's settings as one variable the handlers parse back with the same schema", () => {
    for (const id of [ids.ingestFn, ids.renderFn]) {
      const variables = (resource(id).Properties.Environment as { Variables: Record<string, string> })
        .Variables;
      const settings = citySettingsFromEnv(variables);
      expect(settings).toMatchObject({
        id: 'lechang',
        displayName: '乐昌市民政局',
        lagThreshold: 0.1,
        scoreWeight: 10,
      });
      expect(settings).toEqual(JSON.parse(variables.CITY_SETTINGS ?? ''));
    }
  });

  it('log to their own log groups with a retention period', () => {
    for (const [fn, logGroup] of [
      [ids.ingestFn, ids.ingestLogGroup],
      [ids.renderFn, ids.renderLogGroup],
    ] as const) {
      expect(resource(fn).Properties.LoggingConfig).toEqual({ LogGroup: { Ref: logGroup } });
      expect(resource(logGroup).Properties.RetentionInDays).toBe(180);
    }
  });

  it('serialize renders: one reserved instance, at most two pollers', () => {
    expect(resource(ids.renderFn).Properties.ReservedConcurrentExecutions).toBe(1);
    expect(resource(ids.ingestFn).Properties.ReservedConcurrentExecutions).toBeUndefined();
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: getAtt(ids.renderQueue),
      FunctionName: { Ref: ids.renderFn },
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 10,
      ScalingConfig: { MaximumConcurrency: 2 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('consume the ingest queue in small batches with partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: getAtt(ids.ingestQueue),
      FunctionName: { Ref: ids.ingestFn },
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });
});

describe('site distribution', () => {
  it('serves index.html over HTTPS from the private bucket through origin access control', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        Enabled: true,
        Origins: [
          Match.objectLike({
            DomainName: getAtt(ids.siteBucket, 'RegionalDomainName'),
            OriginAccessControlId: Match.anyValue(),
            S3OriginConfig: { OriginAccessIdentity: '' },
          }),
        ],
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          AllowedMethods: ['GET', 'HEAD'],
          ResponseHeadersPolicyId: Match.anyValue(),
          FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
        }),
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
  });

  it('adds security headers, with a CSP that allows the pages’ inline CSS, SVG and script', () => {
    expect(SITE_CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(SITE_CONTENT_SECURITY_POLICY).toContain("style-src 'self' 'unsafe-inline'");
    expect(SITE_CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'unsafe-inline'");
    expect(SITE_CONTENT_SECURITY_POLICY).toContain("img-src 'self' data:");
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: SITE_CONTENT_SECURITY_POLICY, Override: true },
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 63072000,
            IncludeSubdomains: true,
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
        },
      }),
    });
  });

  it('caches re-rendered pages briefly so new reports show within minutes', () => {
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({ DefaultTTL: 300, MinTTL: 0, MaxTTL: 86400 }),
    });
  });

  it('maps directory URLs to their index.html', () => {
    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: Match.stringLikeRegexp("uri \\+= 'index.html'"),
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    });
  });
});

describe('alarms', () => {
  it('fire on any message in either dead-letter queue', () => {
    for (const dlq of [ids.ingestDlq, ids.renderDlq]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: getAtt(dlq, 'QueueName') }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
  });

  it('fire on any error of either function', () => {
    for (const fn of [ids.ingestFn, ids.renderFn]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }],
        Statistic: 'Sum',
        Threshold: 1,
      });
    }
  });

  it('notify nobody by e-mail when no address is configured', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    template.resourceCountIs('AWS::SNS::Topic', 0);
  });
});

describe('outputs', () => {
  it('name the buckets, table, queues and log groups, and give the site URL', () => {
    template.hasOutput('UploadBucketName', { Value: { Ref: ids.uploadBucket } });
    template.hasOutput('SiteBucketName', { Value: { Ref: ids.siteBucket } });
    template.hasOutput('TableName', { Value: { Ref: ids.table } });
    template.hasOutput('IngestQueueUrl', { Value: { Ref: ids.ingestQueue } });
    template.hasOutput('IngestDeadLetterQueueUrl', { Value: { Ref: ids.ingestDlq } });
    template.hasOutput('RenderQueueUrl', { Value: { Ref: ids.renderQueue } });
    template.hasOutput('RenderDeadLetterQueueUrl', { Value: { Ref: ids.renderDlq } });
    template.hasOutput('IngestLogGroupName', { Value: { Ref: ids.ingestLogGroup } });
    template.hasOutput('RenderLogGroupName', { Value: { Ref: ids.renderLogGroup } });
    template.hasOutput('SiteUrl', {
      Value: { 'Fn::Join': ['', ['https://', getAtt(ids.distribution, 'DomainName')]] },
    });
  });

  it('name the upload group and link the S3 console to the incoming/ folder of the upload bucket', () => {
    template.hasOutput('UploadGroupName', { Value: { Ref: logicalIdOf(stack, stack.uploadStaff.group) } });
    template.hasOutput('UploadConsoleUrl', {
      Value: {
        'Fn::Join': [
          '',
          [
            'https://console.aws.amazon.com/s3/buckets/',
            { Ref: ids.uploadBucket },
            '?region=us-east-1&prefix=incoming/',
          ],
        ],
      },
    });
  });

  it('link the China console for a city in an AWS China region', () => {
    const { stack: renhua, template: renhuaTemplate } = synthCity('renhua');
    const output = renhuaTemplate.findOutputs('UploadConsoleUrl').UploadConsoleUrl;
    expect(flatten(output?.Value)).toBe(
      `https://console.amazonaws.cn/s3/buckets/<${logicalIdOf(renhua, renhua.uploadBucket)}>?region=cn-north-1&prefix=incoming/`,
    );
  });

  it('choose the console by partition at deploy time when the region is left to the CLI profile', () => {
    const { template: anywhere } = synthCity('test-anywhere', {
      extraCities: [{ id: 'test-anywhere', displayName: '测试局', site: { mode: 'off' } }],
    });
    const [condition] = Object.values(anywhere.toJSON().Conditions ?? {});
    expect(condition).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Partition' }, 'aws-cn'] });
    const url = JSON.stringify(anywhere.findOutputs('UploadConsoleUrl').UploadConsoleUrl?.Value);
    expect(url).toContain('{"Fn::If":[');
    expect(url).toContain('"console.amazonaws.cn","console.aws.amazon.com"');
    expect(url).toContain('{"Ref":"AWS::Region"}');
  });
});

describe('least privilege (IAM)', () => {
  const SQS_CONSUME = [
    'sqs:ChangeMessageVisibility',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
    'sqs:GetQueueUrl',
    'sqs:ReceiveMessage',
  ];
  const allow = (actions: readonly string[], resources: string[]) => ({
    effect: 'Allow',
    actions: [...actions],
    resources,
  });
  const arn = (id: string) => `<${id}.Arn>`;
  const roleId = (fn: 'ingest' | 'render') => logicalIdOf(stack, stack[fn].role);

  it('no identity policy in the stack allows a wildcard action, NotAction or NotResource', () => {
    const statements = identityStatements(template);
    expect(statements.length).toBeGreaterThan(10);
    for (const statement of statements) {
      expect(statement.NotAction).toBeUndefined();
      expect(statement.NotResource).toBeUndefined();
      for (const action of asList(statement.Action).map(flatten)) {
        expect(action, 'action').not.toContain('*');
      }
      expect(asList(statement.Resource).map(flatten), 'resources').not.toContain('*');
    }
  });

  it('the function roles are assumable by Lambda only and carry no managed or inline policies', () => {
    for (const fn of ['ingest', 'render'] as const) {
      expect(resource(roleId(fn)).Properties).toMatchObject({
        AssumeRolePolicyDocument: {
          Statement: [
            { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
          ],
        },
      });
      expect(resource(roleId(fn)).Properties.ManagedPolicyArns).toBeUndefined();
      expect(resource(roleId(fn)).Properties.Policies).toBeUndefined();
    }
  });

  it('ingest reads incoming/* and indicators/*, writes status/*, lists the upload bucket and its versions, and uses the table: nothing else', () => {
    const upload = arn(ids.uploadBucket);
    expect(grantsOfRole(template, roleId('ingest'))).toEqual(
      normalizeGrants([
        allow(['logs:CreateLogStream', 'logs:PutLogEvents'], [arn(ids.ingestLogGroup)]),
        allow(TABLE_ACTIONS.readWrite, [arn(ids.table)]),
        allow(['s3:GetObject', 's3:GetObjectVersion'], [`${upload}/incoming/*`, `${upload}/indicators/*`]),
        allow(['s3:PutObject'], [`${upload}/status/*`]),
        allow(['s3:ListBucket', 's3:ListBucketVersions'], [upload]),
        allow(SQS_CONSUME, [arn(ids.ingestQueue)]),
      ]),
    );
  });

  it('ingest lists the upload bucket only under the upload prefixes (s3:prefix), never status/ or elsewhere', () => {
    const listing = identityStatements(template, roleId('ingest')).filter((statement) =>
      asList(statement.Action).some((action) => flatten(action).startsWith('s3:List')),
    );
    expect(listing).toHaveLength(1);
    expect(listing[0]?.Condition).toEqual({ StringLike: { 's3:prefix': ['incoming/*', 'indicators/*'] } });
  });

  it('render reads the table and manages the site bucket: nothing else', () => {
    const site = arn(ids.siteBucket);
    expect(grantsOfRole(template, roleId('render'))).toEqual(
      normalizeGrants([
        allow(['logs:CreateLogStream', 'logs:PutLogEvents'], [arn(ids.renderLogGroup)]),
        allow(TABLE_ACTIONS.read, [arn(ids.table)]),
        allow(['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'], [`${site}/*`]),
        allow(['s3:ListBucket'], [site]),
        allow(SQS_CONSUME, [arn(ids.renderQueue)]),
      ]),
    );
  });

  it('the upload group may put under incoming/ and indicators/, read status/, list those folders, and find its stack: nothing else', () => {
    const upload = arn(ids.uploadBucket);
    const groupId = logicalIdOf(stack, stack.uploadStaff.group);
    expect(resource(groupId).Properties).toEqual({ GroupName: 'budget-lechang-uploaders' });
    const statements = identityStatements(template, groupId, 'Groups');
    expect(
      normalizeGrants(
        statements.map((statement) => ({
          effect: statement.Effect,
          actions: asList(statement.Action).map(flatten),
          resources: asList(statement.Resource).map(flatten),
        })),
      ),
    ).toEqual(
      normalizeGrants([
        allow(['s3:PutObject'], [`${upload}/incoming/*`, `${upload}/indicators/*`]),
        allow(['s3:GetObject'], [`${upload}/status/*`]),
        allow(['s3:ListBucket'], [upload]),
        allow(['cloudformation:DescribeStacks'], ['<AWS::StackId>']),
      ]),
    );
    // The console lists the top level (prefix "") and each folder it opens; nothing else is listed.
    const list = statements.find((statement) => statement.Action === 's3:ListBucket');
    expect(list?.Condition).toEqual({
      StringLike: { 's3:prefix': ['', 'incoming/*', 'indicators/*', 'status/*'] },
    });
    for (const statement of statements) {
      expect(asList(statement.Action).map(flatten)).not.toContain('s3:DeleteObject');
    }
    // The group is the only principal with access the functions do not need.
    const groups = Object.keys(template.findResources('AWS::IAM::Group'));
    expect(groups).toEqual([groupId]);
  });

  it('with uploadRole, the same policy is on a role the listed accounts may assume, and nowhere else', () => {
    const { stack: withRole, template: roleTemplate } = synthCity('test-role', {
      extraCities: [
        {
          id: 'test-role',
          displayName: '测试局',
          site: { mode: 'off' },
          uploadRole: { trustedAccounts: ['111122223333', '444455556666'] },
        },
      ],
    });
    const role = withRole.uploadStaff.role;
    if (role === undefined) throw new Error('a role');
    const roleId = logicalIdOf(withRole, role);
    const [roleResource] = Object.values(
      roleTemplate.findResources('AWS::IAM::Role', { Properties: { RoleName: 'budget-test-role-uploader' } }),
    );
    if (roleResource === undefined) throw new Error('the role budget-test-role-uploader');
    const trust = (
      roleResource.Properties.AssumeRolePolicyDocument.Statement as PolicyStatementLike[]
    ).flatMap((statement) =>
      asList((statement.Principal as { AWS: unknown }).AWS).map((p) => `${statement.Action} ${flatten(p)}`),
    );
    expect(trust.sort()).toEqual([
      'sts:AssumeRole arn:<AWS::Partition>:iam::111122223333:root',
      'sts:AssumeRole arn:<AWS::Partition>:iam::444455556666:root',
    ]);
    const groupId = logicalIdOf(withRole, withRole.uploadStaff.group);
    const policies = Object.values(roleTemplate.findResources('AWS::IAM::Policy')).filter((policy) =>
      asList(policy.Properties.Groups).some((group) => flatten(group) === `<${groupId}>`),
    );
    expect(policies).toHaveLength(1);
    expect(asList(policies[0]?.Properties.Roles).map(flatten)).toEqual([`<${roleId}>`]);
    roleTemplate.hasOutput('UploadRoleArn', { Value: { 'Fn::GetAtt': [roleId, 'Arn'] } });
    // Without the setting (lechang): no such role, no output.
    expect(stack.uploadStaff.role).toBeUndefined();
    expect(template.findOutputs('UploadRoleArn')).toEqual({});
  });

  it('ingest cannot touch the site bucket, render cannot touch the upload bucket', () => {
    const resourcesOf = (fn: 'ingest' | 'render') =>
      grantsOfRole(template, roleId(fn)).flatMap((g) => g.resources);
    expect(resourcesOf('ingest').filter((r) => r.startsWith(arn(ids.siteBucket)))).toEqual([]);
    expect(resourcesOf('render').filter((r) => r.startsWith(arn(ids.uploadBucket)))).toEqual([]);
  });

  it('table access is the documented action list: no Scan, no transactions, no table admin', () => {
    expect([...TABLE_ACTIONS.read].sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
    ]);
    expect([...TABLE_ACTIONS.readWrite].sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
  });
});
