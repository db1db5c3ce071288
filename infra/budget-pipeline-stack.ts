import * as path from 'node:path';
import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Size,
  Stack,
  type StackProps,
  Tags,
  Validations,
} from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type { Construct } from 'constructs';
import { cityEnvironment } from '../functions/common/env';
import {
  INCOMING_PREFIX,
  STATUS_PREFIX,
  STATUS_SUFFIX,
  UPLOAD_PREFIXES,
} from '../functions/common/object-key';
import { TABLE_PARTITION_KEY, TABLE_SORT_KEY } from '../functions/common/table-definition';
import { METRICS_NAMESPACE } from '../functions/common/telemetry';
import { FUNCTION_NODE_OPTIONS } from '../scripts/bundle-options.mjs';
import { allowListOf } from '../shared/site-access';
import { type CityConfig, requireSiteAccess } from './config/city-config';
import { AlertTopic } from './constructs/alert-topic';
import { PipelineAlarms } from './constructs/pipeline-alarms';
import { PipelineFunction } from './constructs/pipeline-function';
import { QueueWithDeadLetter } from './constructs/queue-with-dead-letter';
import { SecureBucket } from './constructs/secure-bucket';
import { SiteAllowList } from './constructs/site-allow-list';
import { SiteDistribution } from './constructs/site-distribution';
import { UploadStaffAccess } from './constructs/upload-staff-access';

/** The repository root: esbuild resolves the handlers' imports from here. */
const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

export interface BudgetPipelineStackProps extends StackProps {
  /** The city (department) this stack serves. */
  readonly city: CityConfig;
  /**
   * Where `functions/` and `package-lock.json` live.
   * @default - the repository this file is in
   */
  readonly projectRoot?: string;
  /**
   * ARN of the web ACL enforcing the city's `site.access.allowCidrs`, when it lives in another stack
   * (`SiteAccessStack`, us-east-1).
   * @default - created in this stack, which must then be in us-east-1
   */
  readonly webAclArn?: string;
}

/** One city's pipeline: uploads → ingest → table → render → site, with this.alarms. */
export class BudgetPipelineStack extends Stack {
  readonly uploadBucket: s3.Bucket;
  readonly siteBucket: s3.Bucket;
  readonly table: dynamodb.Table;
  readonly ingest: PipelineFunction;
  readonly render: PipelineFunction;
  readonly ingestQueue: QueueWithDeadLetter;
  readonly renderQueue: QueueWithDeadLetter;
  readonly alarms: PipelineAlarms;
  /** Absent when the city's site mode is `off`. */
  readonly site?: SiteDistribution;
  /** Alerts of contract §5.1; absent when the city lists no `alertEmails`. */
  readonly alertTopic?: AlertTopic;
  /** The web ACL of an allow-list site, when this stack holds it (stack in us-east-1). */
  readonly siteAllowList?: SiteAllowList;
  /** The IAM group of the staff who upload (put exports and indicator files, read verdicts). */
  readonly uploadStaff: UploadStaffAccess;

  constructor(scope: Construct, id: string, props: BudgetPipelineStackProps) {
    super(scope, id, props);
    const { city } = props;
    const projectRoot = props.projectRoot ?? PROJECT_ROOT;
    Tags.of(this).add('project', 'budget-pipeline');
    Tags.of(this).add('city', city.id);

    // --- Storage -------------------------------------------------------------------------------
    const accessLogs = new SecureBucket(this, 'AccessLogBucket', { expirationDays: 365 }).bucket;
    // cdk-nag's S1 accepts a bucket that other buckets log into, so this one needs no exception.

    // The source of truth (docs/contract.md §3): versioned so a replaced or deleted export can be
    // recovered and re-ingested, retained when the stack goes. Noncurrent versions are kept: an
    // older valid version may be live below newer invalid ones, and a key's run start decides who
    // holds a contested group (§3.1), so expiring versions would change the record.
    this.uploadBucket = new SecureBucket(this, 'UploadBucket', {
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'uploads/',
    }).bucket;

    // Derived snapshots, re-rendered at will: no versioning (every render would pile up versions of
    // index.html), but retained because CloudFormation cannot delete a non-empty bucket.
    this.siteBucket = new SecureBucket(this, 'SiteBucket', {
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'site/',
    }).bucket;

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_SORT_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // AWS-managed key (aws/dynamodb): encryption shows in the template and in the console, and
      // the functions need no kms:* statements, unlike with a customer-managed key.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // Derived from S3 and rebuildable, but a rebuild of years of exports is slow: keep it.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The finance staff who upload: an IAM group the city's IT colleague adds their users to.
    this.uploadStaff = new UploadStaffAccess(this, 'UploadStaff', {
      bucket: this.uploadBucket,
      groupName: `budget-${city.id}-uploaders`,
      ...(city.uploadRole === undefined
        ? {}
        : {
            role: {
              roleName: `budget-${city.id}-uploader`,
              trustedAccounts: city.uploadRole.trustedAccounts,
            },
          }),
    });

    // --- Functions -----------------------------------------------------------------------------
    const sharedEnvironment = {
      UPLOAD_BUCKET: this.uploadBucket.bucketName,
      // Every city setting, as one validated JSON object (functions/common/env.ts).
      ...cityEnvironment(city),
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    };

    this.ingest = new PipelineFunction(this, 'Ingest', {
      entry: path.join(projectRoot, 'functions/ingest/handler.ts'),
      projectRoot,
      serviceName: 'ingest',
      nodeOptions: FUNCTION_NODE_OPTIONS.ingest,
      // Streams a whole monthly export (up to hundreds of MB at ~150k rows/s) and writes aggregates.
      timeout: Duration.minutes(5),
      memorySize: 1024,
      // A workbook is copied to /tmp to be read from its central directory (shared/xlsx/
      // spool-upload.ts): room for an upload at the city's file limit, twice over (Lambda's
      // range is 512–10,240 MiB).
      ephemeralStorageSize: Size.mebibytes(
        Math.min(10_240, Math.max(1024, Math.ceil((2 * city.limits.maxFileBytes) / (1024 * 1024)))),
      ),
      environment: sharedEnvironment,
    });
    this.ingest.bindTable(this.table, 'readWrite');
    this.ingest.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: UPLOAD_PREFIXES.map((prefix) => this.uploadBucket.arnForObjects(`${prefix}*`)),
      }),
    );
    this.ingest.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [this.uploadBucket.arnForObjects(`${STATUS_PREFIX}*`)],
      }),
    );
    // Ingest lists only with an upload key as prefix: whether a key still exists (ListObjectsV2,
    // never HeadObject, whose 404 needs an unconditional s3:ListBucket) and its versions
    // (ListObjectVersions: the live version is derived from what S3 holds, docs/contract.md §3.1).
    // So both are limited by s3:prefix to the upload prefixes: key names under status/ or
    // anywhere else are not ingest's to list.
    this.ingest.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket', 's3:ListBucketVersions'],
        resources: [this.uploadBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': UPLOAD_PREFIXES.map((prefix) => `${prefix}*`) } },
      }),
    );

    this.render = new PipelineFunction(this, 'Render', {
      entry: path.join(projectRoot, 'functions/render/handler.ts'),
      projectRoot,
      serviceName: 'render',
      nodeOptions: FUNCTION_NODE_OPTIONS.render,
      timeout: Duration.minutes(2),
      memorySize: 1024,
      // Renders must not overlap: two renders reading the table at different moments could finish
      // in the wrong order and publish an older index.html over a newer one. One reserved instance
      // serializes them; see addQueueSource below for why the event source also caps concurrency.
      reservedConcurrentExecutions: 1,
      environment: { ...sharedEnvironment, SITE_BUCKET: this.siteBucket.bucketName },
    });
    this.render.bindTable(this.table, 'read');
    // PutObject covers the multipart upload of lines.csv; AbortMultipartUpload drops a failed one.
    this.render.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
        resources: [this.siteBucket.arnForObjects('*')],
      }),
    );
    this.render.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.siteBucket.bucketArn] }),
    );
    this.acknowledgeScopedObjectWildcards();

    // --- Alerts (contract §5.1) ----------------------------------------------------------------
    // Only where someone is listed to receive them; without the topic the functions get no
    // ALERT_TOPIC_ARN and publish nothing.
    if (city.alertEmails.length > 0) {
      this.alertTopic = new AlertTopic(this, 'AlertTopic', {
        displayName: `budget-${city.id} alerts`,
        emails: city.alertEmails,
      });
      this.alertTopic.allowPublish(this.ingest);
      this.alertTopic.allowPublish(this.render);
    }

    // --- Events --------------------------------------------------------------------------------
    this.ingestQueue = new QueueWithDeadLetter(this, 'IngestQueue', {
      consumerTimeout: this.ingest.function.timeout ?? Duration.minutes(5),
      maxReceiveCount: 5,
    });
    const renderBatchingWindow = Duration.seconds(10);
    this.renderQueue = new QueueWithDeadLetter(this, 'RenderQueue', {
      consumerTimeout: this.render.function.timeout ?? Duration.minutes(2),
      maxBatchingWindow: renderBatchingWindow,
      // Higher than ingest: with one reserved instance an occasional throttled delivery returns its
      // messages to the queue and counts as a receive without anything having failed.
      maxReceiveCount: 10,
    });

    // Uploads are filtered by prefix only: every object gets a status, so the handler decides what
    // a name means (functions/common/object-key.ts), never a suffix filter here.
    const ingestDestination = new s3n.SqsDestination(this.ingestQueue.queue);
    for (const prefix of UPLOAD_PREFIXES) {
      for (const event of [s3.EventType.OBJECT_CREATED, s3.EventType.OBJECT_REMOVED]) {
        this.uploadBucket.addEventNotification(event, ingestDestination, { prefix });
      }
    }
    this.uploadBucket.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new s3n.SqsDestination(this.renderQueue.queue),
      { prefix: STATUS_PREFIX, suffix: STATUS_SUFFIX },
    );
    this.acknowledgeNotificationsHandler();

    this.ingest.addQueueSource(this.ingestQueue.queue, { batchSize: 5 });
    // maxConcurrency 2 is the lowest SQS allows; with reserved concurrency 1 it keeps the pollers
    // from hammering a function that can only take one batch (reserved concurrency alone lets five
    // or more pollers collide, and each throttle costs its messages a receive). Batches of up to
    // ten status records within a 10 s window coalesce a burst of uploads into one render.
    this.render.addQueueSource(this.renderQueue.queue, {
      batchSize: 10,
      maxBatchingWindow: renderBatchingWindow,
      maxConcurrency: 2,
    });

    // --- Site ----------------------------------------------------------------------------------
    if (city.site.mode === 'cloudfront') {
      const access = requireSiteAccess(city);
      const allowList = allowListOf(access);
      let webAclArn = props.webAclArn;
      if (allowList !== undefined && webAclArn === undefined) {
        this.siteAllowList = new SiteAllowList(this, 'SiteAllowList', {
          name: `budget-${city.id}`,
          allowCidrs: allowList.allowCidrs,
        });
        webAclArn = this.siteAllowList.webAclArn;
      }
      this.site = new SiteDistribution(this, 'SiteDistribution', {
        access,
        webAclArn,
        siteBucket: this.siteBucket,
        domainName: city.site.domainName,
        certificateArn: city.site.certificateArn,
        iamCertificateId: city.site.iamCertificateId,
      });
    }

    // --- Alarms --------------------------------------------------------------------------------
    this.alarms = new PipelineAlarms(this, 'Alarms', {
      alarmNamePrefix: `budget-${city.id}`,
      deadLetterQueues: {
        ingest: this.ingestQueue.deadLetterQueue,
        render: this.renderQueue.deadLetterQueue,
      },
      functions: { ingest: this.ingest.function, render: this.render.function },
      alarmEmail: city.alarmEmail,
    });

    // --- Outputs -------------------------------------------------------------------------------
    const output = (name: string, value: string, description: string) =>
      new CfnOutput(this, name, { value, description });
    output(
      'UploadBucketName',
      this.uploadBucket.bucketName,
      `Upload CSV exports under s3://<this>/${INCOMING_PREFIX}`,
    );
    output(
      'UploadGroupName',
      this.uploadStaff.group.groupName,
      'IAM group of the staff who upload: aws iam add-user-to-group --group-name <this> --user-name <user>',
    );
    output(
      'UploadConsoleUrl',
      this.uploadStaff.consoleUrl,
      'S3 console, incoming/ folder of the upload bucket: drag-and-drop exports here (sign in as a member of the upload group)',
    );
    if (this.uploadStaff.role !== undefined) {
      output(
        'UploadRoleArn',
        this.uploadStaff.role.roleArn,
        'Role of the staff who upload, assumable from the accounts in uploadRole.trustedAccounts',
      );
    }
    output(
      'SiteBucketName',
      this.siteBucket.bucketName,
      'Rendered reports (private; served by CloudFront if on)',
    );
    output(
      'TableName',
      this.table.tableName,
      'Aggregates and status records (derived from the upload bucket)',
    );
    output('IngestQueueUrl', this.ingestQueue.queue.queueUrl, 'S3 events waiting for the ingest function');
    output(
      'IngestDeadLetterQueueUrl',
      this.ingestQueue.deadLetterQueue.queueUrl,
      'Ingest events that gave up',
    );
    output(
      'RenderQueueUrl',
      this.renderQueue.queue.queueUrl,
      'Status events waiting for the render function',
    );
    output(
      'RenderDeadLetterQueueUrl',
      this.renderQueue.deadLetterQueue.queueUrl,
      'Render events that gave up',
    );
    output('IngestLogGroupName', this.ingest.logGroup.logGroupName, 'aws logs tail <this> --follow');
    output('RenderLogGroupName', this.render.logGroup.logGroupName, 'aws logs tail <this> --follow');
    if (this.site !== undefined) {
      output('SiteUrl', this.site.url, 'The report site');
      output(
        'DistributionDomainName',
        this.site.distribution.distributionDomainName,
        'Point the custom domain (CNAME) here when one is configured',
      );
    }
    if (this.alertTopic !== undefined) {
      output(
        'AlertTopicArn',
        this.alertTopic.topic.topicArn,
        'Upload-rejected and new-warnings alerts (each address confirms its subscription once)',
      );
    }
    if (this.alarms.topic !== undefined) {
      output(
        'AlarmTopicArn',
        this.alarms.topic.topicArn,
        'Alarm notifications (confirm the e-mail subscription)',
      );
    }
  }

  /**
   * Object ARNs need a trailing `*`; each of these is confined to one bucket, and on the upload
   * bucket to one prefix. The actions stay explicit (no `s3:*`, no `s3:Get*`).
   */
  private acknowledgeScopedObjectWildcards(): void {
    const scoped = (fn: PipelineFunction, bucket: s3.IBucket, pattern: string) => {
      const logicalId = this.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${pattern}]`,
        reason: `Object-level actions need an object ARN pattern; this one is limited to ${pattern} in one bucket.`,
      });
    };
    for (const prefix of UPLOAD_PREFIXES) scoped(this.ingest, this.uploadBucket, `${prefix}*`);
    scoped(this.ingest, this.uploadBucket, `${STATUS_PREFIX}*`);
    scoped(this.render, this.siteBucket, '*');
  }

  /**
   * `addEventNotification` adds a CDK-provided custom resource that calls PutBucketNotification.
   * Its role and runtime are set by aws-cdk-lib, not by us.
   */
  private acknowledgeNotificationsHandler(): void {
    const handler = this.node.children.find((child) =>
      child.node.id.startsWith('BucketNotificationsHandler'),
    );
    if (handler === undefined) {
      return;
    }
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'The aws-cdk-lib bucket-notifications custom resource uses the basic execution policy to write its own logs; its role is defined by aws-cdk-lib and it runs only during deployments.',
    });
  }
}
