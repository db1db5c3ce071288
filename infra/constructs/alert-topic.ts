import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { PipelineFunction } from './pipeline-function';

/** The environment variable that tells a function where to publish alerts (absent: no topic). */
export const ALERT_TOPIC_ENV = 'ALERT_TOPIC_ARN';

/** The AWS-managed key of SNS, in every partition (aws, aws-cn). */
const SNS_MANAGED_KEY_ALIAS = 'alias/aws/sns';

export interface AlertTopicProps {
  /** Shown as the sender of the e-mails; ASCII, so every mail client displays it. */
  readonly displayName: string;
  /** The city's `alertEmails`; each address confirms its subscription once. */
  readonly emails: readonly string[];
}

/**
 * The topic of the city's alerts (docs/contract.md §5.1: `upload-rejected`, `new-warnings`), e-mailed to
 * the finance staff the city lists. Unlike the alarm topic, it carries budget data (keys, periods,
 * the first errors, lagging lines), so it is encrypted at rest, with SNS's AWS-managed key: the
 * publishers are this stack's functions, which that key's policy already admits through SNS, so
 * no function role needs a `kms:*` statement and there is no key to administer or pay for.
 * (CloudWatch alarms cannot publish to such a topic; none does.) Its policy denies publishing
 * that is not over TLS (`aws:SecureTransport` false), what cdk-nag's SNS3 asks for.
 */
export class AlertTopic extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    if (props.emails.length === 0) {
      throw new Error('an alert topic without subscribers would only cost publishes; leave it out');
    }
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: props.displayName,
      masterKey: kms.Alias.fromAliasName(this, 'SnsManagedKey', SNS_MANAGED_KEY_ALIAS),
      enforceSSL: true,
    });
    for (const email of props.emails) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
  }

  /**
   * Lets the function publish to this topic and tells it where (`ALERT_TOPIC_ARN`), in one step,
   * like `PipelineFunction.bindTable`. Only `sns:Publish` on this topic: `Topic.grantPublish` would
   * add a `kms:GenerateDataKey*` wildcard on the alias, which the AWS-managed key does not need.
   */
  allowPublish(fn: PipelineFunction): void {
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
    );
    fn.function.addEnvironment(ALERT_TOPIC_ENV, this.topic.topicArn);
  }
}
