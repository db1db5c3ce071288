import { Token, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { citySettingsFromEnv } from '../../functions/common/env';
import type { BudgetPipelineStack } from '../../infra/budget-pipeline-stack';
import { cityInputs } from '../../infra/cities';
import type { CityConfigInput } from '../../infra/config/city-config';
import { buildCityApp, logicalIdOf, synthCity } from './support/synth-city';

const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-1111-2222-3333-444444444444';

/** A variant the shipped config does not use: custom domain and alarm e-mail. */
const customDomainCity: CityConfigInput = {
  id: 'test-domain',
  displayName: '测试县民政局',
  account: '123456789012',
  region: 'ap-east-1',
  site: {
    mode: 'cloudfront',
    domainName: 'budget.example.org',
    certificateArn: CERTIFICATE_ARN,
    access: 'public',
  },
  alarmEmail: 'finance-ops@example.org',
};

/** `rule id @ construct path below the stack` for every acknowledgment recorded in the tree. */
function acknowledgments(root: IConstruct): string[] {
  const stackPath = `${root.node.path}/`;
  return root.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.keys(entry.data as Record<string, string>))
        .map((id) => `${id.replace(/^Annotation::/, '')} @ ${construct.node.path.replace(stackPath, '')}`),
    )
    .sort();
}

function acknowledgmentReasons(root: IConstruct): string[] {
  return root.node
    .findAll()
    .flatMap((construct) => construct.node.metadata)
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.values(entry.data as Record<string, string>));
}

describe('every configured city', () => {
  it('configures at least two cities, lechang and one in an AWS China region', () => {
    expect(cityInputs.map((city) => city.id)).toContain('lechang');
    expect(cityInputs.length).toBeGreaterThanOrEqual(2);
    expect(cityInputs.some((city) => city.region?.startsWith('cn-'))).toBe(true);
  });

  it('shows both China forms: one city with the site off, one on an ICP domain with an IAM certificate', () => {
    const china = cityInputs.filter((city) => city.region?.startsWith('cn-'));
    expect(china.some((city) => city.site.mode === 'off')).toBe(true);
    expect(
      china.some((city) => city.site.mode === 'cloudfront' && city.site.iamCertificateId !== undefined),
    ).toBe(true);
  });

  it.each(cityInputs.map((city) => [city.id, city] as const))(
    '%s synthesizes with cdk-nag clean and no hard-coded aws partition',
    (id, city) => {
      const { stack, template } = synthCity(id);
      expect(stack.stackName).toBe(`BudgetPipeline-${id}`);
      const allowList = city.site.mode === 'cloudfront' && typeof city.site.access === 'object';
      if (city.region === undefined && !allowList) {
        // Environment-agnostic: deploys to the CLI profile's region.
        expect(Token.isUnresolved(stack.region)).toBe(true);
      } else {
        // An allow-list site places its web ACL relative to us-east-1, so a city without a region
        // takes the CLI profile's (the harness passes us-east-1, as the CLI does without a profile).
        expect(stack.region).toBe(city.region ?? 'us-east-1');
      }
      const json = JSON.stringify(template.toJSON());
      if (Token.isUnresolved(stack.region) || stack.region.startsWith('cn-')) {
        // A stack pinned to a global region may spell its partition out (CDK's partition literals).
        expect(json).not.toContain('arn:aws:');
      }
      expect(json).toContain(`"CITY_ID":"${id}"`);
      template.resourceCountIs('AWS::Lambda::Function', 3); // ingest, render, bucket-notifications handler
      template.resourceCountIs('AWS::DynamoDB::Table', 1);
      template.resourceCountIs('AWS::CloudFront::Distribution', city.site.mode === 'cloudfront' ? 1 : 0);
    },
  );
});

describe('the China city (renhua, cn-north-1)', () => {
  let stack: BudgetPipelineStack;
  let template: Template;
  beforeAll(() => {
    ({ stack, template } = synthCity('renhua'));
  });

  it('is pinned to cn-north-1 and builds ARNs for the aws-cn partition', () => {
    expect(stack.region).toBe('cn-north-1');
    expect(stack.resolve(stack.partition)).toBe('aws-cn');
    // The only ARN CDK writes itself (the notifications handler's managed policy) uses the pseudo
    // parameter, which CloudFormation resolves to aws-cn there.
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [
        {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
          ],
        },
      ],
    });
  });

  it('has no CloudFront site, but keeps the site bucket render writes to', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    template.resourceCountIs('AWS::CloudFront::ResponseHeadersPolicy', 0);
    expect(Object.keys(template.findOutputs('SiteUrl'))).toEqual([]);
    template.hasOutput('SiteBucketName', { Value: { Ref: logicalIdOf(stack, stack.siteBucket) } });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ SITE_BUCKET: { Ref: logicalIdOf(stack, stack.siteBucket) } }),
      },
    });
    const [render] = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: Match.objectLike({ SITE_BUCKET: Match.anyValue() }) } },
      }),
    );
    expect(citySettingsFromEnv(render?.Properties.Environment.Variables)).toMatchObject({
      displayName: '仁化县民政局',
      lagThreshold: 0.15,
    });
  });

  it('keeps no acknowledgment of CloudFront findings it does not have', () => {
    expect(acknowledgments(stack).filter((entry) => entry.includes('CFR'))).toEqual([]);
  });
});

describe('the China city with a custom domain (ruyuan, cn-northwest-1)', () => {
  let stack: BudgetPipelineStack;
  let template: Template;
  const ruyuan = cityInputs.find((city) => city.id === 'ruyuan');
  if (ruyuan?.site.mode !== 'cloudfront' || ruyuan.site.iamCertificateId === undefined) {
    throw new Error('ruyuan is the configured China city with a custom domain');
  }
  const { domainName, iamCertificateId } = ruyuan.site;
  beforeAll(() => {
    ({ stack, template } = synthCity('ruyuan'));
  });

  it('is pinned to an AWS China region and builds ARNs for the aws-cn partition', () => {
    expect(stack.region).toBe('cn-northwest-1');
    expect(stack.resolve(stack.partition)).toBe('aws-cn');
    expect(JSON.stringify(template.toJSON())).not.toContain('arn:aws:');
  });

  it('serves the ICP domain with the IAM server certificate, SNI and TLS 1.2 or newer', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: [domainName],
        ViewerCertificate: {
          IamCertificateId: iamCertificateId,
          SslSupportMethod: 'sni-only',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        },
      }),
    });
    template.hasOutput('SiteUrl', { Value: `https://${domainName}` });
  });

  it('reads the private bucket through an origin access identity (no OAC in China)', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 0);
    const [oaiId] = Object.keys(template.findResources('AWS::CloudFront::CloudFrontOriginAccessIdentity'));
    if (oaiId === undefined) throw new Error('an origin access identity');
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: [
          Match.objectLike({
            DomainName: { 'Fn::GetAtt': [logicalIdOf(stack, stack.siteBucket), 'RegionalDomainName'] },
            S3OriginConfig: {
              OriginAccessIdentity: {
                'Fn::Join': ['', ['origin-access-identity/cloudfront/', { Ref: oaiId }]],
              },
            },
          }),
        ],
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalIdOf(stack, stack.siteBucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { CanonicalUser: { 'Fn::GetAtt': [oaiId, 'S3CanonicalUserId'] } },
          }),
        ]),
      },
    });
  });

  it('uses only what CloudFront in China has: legacy cache TTLs, no function, HTTP/2, IPv4, no price class', () => {
    template.resourceCountIs('AWS::CloudFront::CachePolicy', 0);
    template.resourceCountIs('AWS::CloudFront::Function', 0);
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    const config = distribution?.Properties.DistributionConfig;
    expect(config.DefaultCacheBehavior).not.toHaveProperty('CachePolicyId');
    expect(config.DefaultCacheBehavior).not.toHaveProperty('FunctionAssociations');
    expect(config.DefaultCacheBehavior).toMatchObject({
      ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
      DefaultTTL: 300,
      MinTTL: 0,
      MaxTTL: 86400,
      Compress: true,
      ViewerProtocolPolicy: 'redirect-to-https',
      ResponseHeadersPolicyId: expect.anything(),
    });
    expect(config).toMatchObject({
      HttpVersion: 'http2',
      IPV6Enabled: false,
      DefaultRootObject: 'index.html',
    });
    expect(config).not.toHaveProperty('PriceClass');
  });

  it('acknowledges the China-only findings with reasons', () => {
    const cfr = acknowledgments(stack).filter((entry) => entry.includes('CFR'));
    expect(cfr).toEqual(
      ['CFR1', 'CFR2', 'CFR3', 'CFR4', 'CFR7']
        .map((rule) => `AwsSolutions-${rule} @ SiteDistribution/Distribution`)
        .sort(),
    );
    for (const reason of acknowledgmentReasons(stack)) {
      expect(reason.length, reason).toBeGreaterThanOrEqual(60);
    }
  });

  it('passes the CloudFormation region check (no resource type missing in cn-northwest-1)', () => {
    // The built-in validation knows which resource types each region has; AWS::CloudFront::Function
    // and OriginAccessControl are absent in China, and synthesizing either fails here.
    const { stack: validated } = buildCityApp('ruyuan', { cloudFormationValidation: true });
    expect(() => Template.fromStack(validated)).not.toThrow();
  });
});

describe('the global site is unchanged by the China variant', () => {
  it('lechang keeps OAC, the cache policy, the directory-index function, HTTP/3, IPv6 and PriceClass_200', () => {
    const { template } = synthCity('lechang');
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    template.resourceCountIs('AWS::CloudFront::CachePolicy', 1);
    template.resourceCountIs('AWS::CloudFront::Function', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        HttpVersion: 'http2and3',
        IPV6Enabled: true,
        PriceClass: 'PriceClass_200',
        DefaultCacheBehavior: Match.objectLike({ CachePolicyId: Match.anyValue() }),
      }),
    });
  });
});

describe('a city with a custom domain and an alarm e-mail', () => {
  let stack: BudgetPipelineStack;
  let template: Template;
  beforeAll(() => {
    ({ stack, template } = synthCity(customDomainCity.id, { extraCities: [customDomainCity] }));
  });

  it('pins the account and region', () => {
    expect(stack.account).toBe('123456789012');
    expect(stack.region).toBe('ap-east-1');
  });

  it('serves the site on the domain with the ACM certificate and TLS 1.2 or newer', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['budget.example.org'],
        ViewerCertificate: {
          AcmCertificateArn: CERTIFICATE_ARN,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      }),
    });
    template.hasOutput('SiteUrl', { Value: 'https://budget.example.org' });
  });

  it('e-mails every alarm, when it fires and when it clears, through a TLS-only topic', () => {
    const topic = stack.alarms.topic;
    if (topic === undefined) throw new Error('an alarm e-mail creates a topic');
    const topicId = logicalIdOf(stack, topic);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'finance-ops@example.org',
      TopicArn: { Ref: topicId },
    });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(4);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
    }
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasOutput('AlarmTopicArn', { Value: { Ref: topicId } });
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  it('fails the synth on a finding nobody acknowledged', () => {
    const { stack } = buildCityApp('lechang');
    // A queue without dead-letter queue or TLS enforcement: AwsSolutions-SQS3 and SQS4.
    new sqs.Queue(stack, 'UnreviewedQueue');
    expect(() => Template.fromStack(stack)).toThrow(/AwsSolutions-SQS3/);
  });

  it('acknowledges exactly the reviewed findings, each with a reason', () => {
    const { stack } = synthCity('lechang');
    const upload = logicalIdOf(stack, stack.uploadBucket);
    const site = logicalIdOf(stack, stack.siteBucket);
    const found = acknowledgments(stack);
    const [notificationsHandler, ...others] = found.filter((entry) => entry.startsWith('AwsSolutions-IAM4'));
    expect(others).toEqual([]);
    // The aws-cdk-lib custom resource that configures the bucket notifications.
    expect(notificationsHandler).toMatch(
      /^AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole\] @ BucketNotificationsHandler\w+$/,
    );
    expect(found.filter((entry) => !entry.startsWith('AwsSolutions-IAM4'))).toEqual(
      [
        `AwsSolutions-IAM5[Resource::<${upload}.Arn>/incoming/*] @ Ingest/Role`,
        `AwsSolutions-IAM5[Resource::<${upload}.Arn>/indicators/*] @ Ingest/Role`,
        `AwsSolutions-IAM5[Resource::<${upload}.Arn>/status/*] @ Ingest/Role`,
        `AwsSolutions-IAM5[Resource::<${site}.Arn>/*] @ Render/Role`,
        // The upload group: one prefix each of the upload bucket.
        `AwsSolutions-IAM5[Resource::<${upload}.Arn>/incoming/*] @ UploadStaff/Policy`,
        `AwsSolutions-IAM5[Resource::<${upload}.Arn>/indicators/*] @ UploadStaff/Policy`,
        `AwsSolutions-IAM5[Resource::<${upload}.Arn>/status/*] @ UploadStaff/Policy`,
        'AwsSolutions-L1 @ Ingest/Function',
        'AwsSolutions-L1 @ Render/Function',
        // lechang's site has an IP allow-list: its web ACL settles CFR2 (WAF), so only CFR1 (geo
        // restriction, narrower by addresses) and CFR3 (WAF logs every request) are acknowledged.
        'AwsSolutions-CFR1 @ SiteDistribution/Distribution',
        'AwsSolutions-CFR3 @ SiteDistribution/Distribution',
        'AwsSolutions-CFR4 @ SiteDistribution/Distribution',
      ].sort(),
    );
    for (const reason of acknowledgmentReasons(stack)) {
      expect(reason.length, reason).toBeGreaterThanOrEqual(60);
    }
  });

  it('does not excuse the default-certificate TLS finding once a custom domain is set', () => {
    const { stack } = synthCity(customDomainCity.id, { extraCities: [customDomainCity] });
    expect(acknowledgments(stack).filter((entry) => entry.startsWith('AwsSolutions-CFR4'))).toEqual([]);
  });
});
