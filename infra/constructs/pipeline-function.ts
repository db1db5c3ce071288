import { Duration, RemovalPolicy, type Size, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as eventsources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUNDLE_OPTIONS, LAMBDA_TARGET } from '../../scripts/bundle-options.mjs';

/**
 * Table actions per access mode, spelled out: the `grant*Data` helpers add actions the handlers
 * never call (Scan, ConditionCheckItem, DescribeTable, …). Transactions are not used because the
 * local emulator (dynalite) lacks them, so no ConditionCheckItem either.
 */
export const TABLE_ACTIONS = {
  read: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:BatchGetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ],
} as const satisfies Record<string, readonly string[]>;

export type TableAccess = keyof typeof TABLE_ACTIONS;

export interface PipelineFunctionProps {
  /** Absolute path of the handler module; it must export `handler`. */
  readonly entry: string;
  /** Directory holding `package-lock.json`, the root esbuild resolves modules from. */
  readonly projectRoot: string;
  /** `POWERTOOLS_SERVICE_NAME`, also the function's description prefix. */
  readonly serviceName: string;
  /** Environment shared with the other functions (city settings, bucket names). */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Node.js options (`NODE_OPTIONS`).
   * @default none
   */
  readonly nodeOptions?: readonly string[];
  /**
   * Function timeout; the queue feeding it derives its visibility timeout from this.
   * @default Duration.minutes(1)
   */
  readonly timeout?: Duration;
  /**
   * Memory in MB; CPU share grows with it (1769 MB is one full vCPU).
   * @default 1024
   */
  readonly memorySize?: number;
  /**
   * Size of /tmp.
   * @default - Lambda's 512 MiB
   */
  readonly ephemeralStorageSize?: Size;
  /**
   * Concurrency reserved for (and capping) this function.
   * @default - no reservation, the account's unreserved pool
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * How long the function's log events are kept.
   * @default logs.RetentionDays.SIX_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * A Node.js Lambda function with the defaults this project's handlers are built for: Node.js 22 on
 * arm64, bundled locally by esbuild as minified ESM with source maps, its own log group with a
 * retention period, and its own role holding only what `bind*` and the event sources add.
 */
export class PipelineFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);

    // Logs are operational detail with a retention period; nothing in them is a record that must
    // survive the stack (the source of truth is the upload bucket).
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role instead of the default one: the default attaches the
    // AWSLambdaBasicExecutionRole managed policy, which may write to any log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${props.serviceName} function`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      ...(props.ephemeralStorageSize === undefined
        ? {}
        : { ephemeralStorageSize: props.ephemeralStorageSize }),
      timeout: props.timeout ?? Duration.minutes(1),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: this.role,
      logGroup: this.logGroup,
      description: `${props.serviceName}: budget execution pipeline`,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        // Per function: scripts/bundle-options.mjs FUNCTION_NODE_OPTIONS.
        ...(props.nodeOptions === undefined || props.nodeOptions.length === 0
          ? {}
          : { NODE_OPTIONS: props.nodeOptions.join(' ') }),
      },
      // The project's one set of esbuild options (scripts/bundle-options.mjs; the CLI and the
      // benchmark are bundled with it too), in CDK's names.
      bundling: {
        forceDockerBundling: false,
        format: nodejs.OutputFormat.ESM,
        target: LAMBDA_TARGET,
        mainFields: [...BUNDLE_OPTIONS.mainFields],
        banner: BUNDLE_OPTIONS.banner.js,
        // CDK's `minify` is all or nothing; the identifiers stay (BUNDLE_OPTIONS says why).
        minify: false,
        sourceMap: BUNDLE_OPTIONS.sourcemap,
        esbuildArgs: {
          '--minify-whitespace': BUNDLE_OPTIONS.minifyWhitespace,
          '--minify-syntax': BUNDLE_OPTIONS.minifySyntax,
          // A raw flag: aws-cdk-lib 2.276 accepts `charset` but never hands it to esbuild.
          '--charset': BUNDLE_OPTIONS.charset,
        },
      },
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x on purpose: the handlers are written and tested for Node 22 (locally and in CI, .nvmrc); moving to nodejs24.x is a deliberate upgrade with its own test run, not a side effect of a CDK bump.',
    });
  }

  /** Lets the function use the table in the given mode and tells it the name via `TABLE_NAME`. */
  bindTable(table: dynamodb.ITable, access: TableAccess): void {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...TABLE_ACTIONS[access]], resources: [table.tableArn] }),
    );
    this.function.addEnvironment('TABLE_NAME', table.tableName);
  }

  /**
   * Feeds the function from the queue. Failed records are reported individually
   * (`batchItemFailures`), so one bad message does not redeliver its whole batch.
   */
  addQueueSource(
    queue: sqs.IQueue,
    options: Omit<eventsources.SqsEventSourceProps, 'reportBatchItemFailures'>,
  ): void {
    this.function.addEventSource(
      new eventsources.SqsEventSource(queue, { ...options, reportBatchItemFailures: true }),
    );
  }
}
