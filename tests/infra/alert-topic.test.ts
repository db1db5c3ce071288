import { Validations } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { BudgetPipelineStack } from '../../infra/budget-pipeline-stack';
import type { CityConfigInput } from '../../infra/config/city-config';
import { ALERT_TOPIC_ENV } from '../../infra/constructs/alert-topic';
import { asList, flatten, identityStatements } from './support/iam-grants';
import { logicalIdOf, synthCity } from './support/synth-city';

const EMAILS = ['finance@example.org', 'budget-office@example.org'];

const cityWithAlerts = (id: string, extra: Partial<CityConfigInput> = {}): CityConfigInput => ({
  id,
  displayName: '测试县民政局',
  site: { mode: 'off' },
  alertEmails: EMAILS,
  ...extra,
});

/** `ALERT_TOPIC_ARN` of every function of the template, by logical id (absent: not set). */
function alertTopicEnvByFunction(template: Template): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(template.findResources('AWS::Lambda::Function')).map(([id, fn]) => [
      id,
      fn.Properties.Environment?.Variables?.[ALERT_TOPIC_ENV],
    ]),
  );
}

describe('a city with alert e-mails', () => {
  const { stack, template } = synthCity('test-alerts', { extraCities: [cityWithAlerts('test-alerts')] });
  const topic = stack.alertTopic?.topic;
  if (topic === undefined) throw new Error('alertEmails create the alert topic');
  const topicId = logicalIdOf(stack as BudgetPipelineStack, topic);
  const ingestRole = logicalIdOf(stack, stack.ingest.role);
  const renderRole = logicalIdOf(stack, stack.render.role);

  it('has one alert topic, encrypted with a KMS key (SNS’s AWS-managed key)', () => {
    const topics = template.findResources('AWS::SNS::Topic');
    expect(Object.keys(topics)).toEqual([topicId]);
    expect(flatten(topics[topicId]?.Properties.KmsMasterKeyId)).toMatch(/:alias\/aws\/sns$/);
  });

  it('refuses publishing that is not over TLS', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Resource: { Ref: topicId },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('subscribes exactly the listed addresses by e-mail', () => {
    const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription')).map(
      (subscription) => subscription.Properties,
    );
    expect(subscriptions.map((s) => [s.Protocol, s.Endpoint, s.TopicArn]).sort()).toEqual(
      EMAILS.map((email) => ['email', email, { Ref: topicId }]).sort(),
    );
  });

  it('lets exactly ingest and render publish, with sns:Publish on that topic and nothing more', () => {
    const publishers = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[])
        .filter((statement) => asList(statement.Action).some((action) => String(action).startsWith('sns:')))
        .map((statement) => ({
          roles: (policy.Properties.Roles as unknown[]).map(flatten),
          actions: asList(statement.Action),
          resources: asList(statement.Resource).map(flatten),
        })),
    );
    expect(publishers).toEqual(
      expect.arrayContaining([
        { roles: [`<${ingestRole}>`], actions: ['sns:Publish'], resources: [`<${topicId}>`] },
        { roles: [`<${renderRole}>`], actions: ['sns:Publish'], resources: [`<${topicId}>`] },
      ]),
    );
    expect(publishers).toHaveLength(2);
    // The AWS-managed key admits the account's principals through SNS: no kms:* grant anywhere.
    const kms = identityStatements(template).filter((statement) =>
      asList(statement.Action).some((action) => String(action).startsWith('kms:')),
    );
    expect(kms).toEqual([]);
  });

  it('tells exactly ingest and render where to publish (ALERT_TOPIC_ARN)', () => {
    const env = alertTopicEnvByFunction(template);
    expect(env[logicalIdOf(stack, stack.ingest.function)]).toEqual({ Ref: topicId });
    expect(env[logicalIdOf(stack, stack.render.function)]).toEqual({ Ref: topicId });
    expect(Object.values(env).filter((value) => value !== undefined)).toHaveLength(2);
  });

  it('outputs the topic ARN, and needs no cdk-nag acknowledgment for it', () => {
    template.hasOutput('AlertTopicArn', { Value: { Ref: topicId } });
    const acknowledged = topic.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    expect(acknowledged).toEqual([]);
  });
});

describe('a city without alert e-mails (lechang)', () => {
  const { stack, template } = synthCity('lechang');

  it('has no alert topic, and no function is given ALERT_TOPIC_ARN', () => {
    expect(stack.alertTopic).toBeUndefined();
    expect(Object.keys(template.findOutputs('AlertTopicArn'))).toEqual([]);
    expect(Object.values(alertTopicEnvByFunction(template)).filter((value) => value !== undefined)).toEqual(
      [],
    );
    expect(JSON.stringify(template.toJSON())).not.toContain('sns:Publish');
  });
});

describe('alerts in AWS China', () => {
  it('builds the same topic for the aws-cn partition', () => {
    const city = cityWithAlerts('test-cn-alerts', { region: 'cn-north-1' });
    const { stack, template } = synthCity(city.id, { extraCities: [city] });
    expect(stack.alertTopic).toBeDefined();
    template.resourceCountIs('AWS::SNS::Subscription', EMAILS.length);
    expect(JSON.stringify(template.toJSON())).not.toContain('arn:aws:');
  });
});
