import { Aws, CfnCondition, Fn, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { INCOMING_PREFIX, INDICATORS_PREFIX, STATUS_PREFIX } from '../../functions/common/object-key';

export interface UploadStaffAccessProps {
  /** The city's upload bucket (defined in this stack: the cdk-nag acknowledgments name its logical id). */
  readonly bucket: s3.Bucket;
  /** The IAM group's name, e.g. `budget-lechang-uploaders`. */
  readonly groupName: string;
  /**
   * Also a role with the same policy, assumable from these accounts (city setting `uploadRole`).
   * @default - no role
   */
  readonly role?: { readonly roleName: string; readonly trustedAccounts: readonly string[] };
}

/**
 * What the finance staff who upload may do, as an IAM group the city's IT colleague adds their
 * IAM users to (`aws iam add-user-to-group`): put exports under `incoming/` and indicator files
 * under `indicators/`, read the verdicts under `status/`, and list exactly those folders (and the
 * bucket's top level) so the S3 console can show them and take a drag-and-drop. Nothing else: no
 * deleting or overwriting history (the bucket is versioned; an overwrite is a new version), no other
 * key, no other bucket. `cloudformation:DescribeStacks` on this stack alone lets
 * `npx budget upload --city <id>` find the bucket from the stack's outputs.
 */
export class UploadStaffAccess extends Construct {
  readonly group: iam.Group;
  /** The role of the same permissions, when the city trusts accounts to assume it. */
  readonly role?: iam.Role;
  /** `https://console.aws.amazon.com/s3/buckets/<bucket>?region=…&prefix=incoming/` (or the China console). */
  readonly consoleUrl: string;

  constructor(scope: Construct, id: string, props: UploadStaffAccessProps) {
    super(scope, id);
    const { bucket } = props;
    const stack = Stack.of(this);
    this.group = new iam.Group(this, 'Group', { groupName: props.groupName });
    const uploadPrefixes = [INCOMING_PREFIX, INDICATORS_PREFIX];
    const objectPatterns = [...uploadPrefixes, STATUS_PREFIX].map((prefix) => `${prefix}*`);
    const policy = new iam.Policy(this, 'Policy', {
      groups: [this.group],
      statements: [
        new iam.PolicyStatement({
          sid: 'UploadExportsAndIndicatorFiles',
          actions: ['s3:PutObject'],
          resources: uploadPrefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
        }),
        new iam.PolicyStatement({
          sid: 'ReadVerdicts',
          actions: ['s3:GetObject'],
          resources: [bucket.arnForObjects(`${STATUS_PREFIX}*`)],
        }),
        // The console lists the bucket's top level (prefix "") and then each folder it opens.
        new iam.PolicyStatement({
          sid: 'ListUploadFolders',
          actions: ['s3:ListBucket'],
          resources: [bucket.bucketArn],
          conditions: {
            StringLike: {
              's3:prefix': ['', ...objectPatterns],
            },
          },
        }),
        new iam.PolicyStatement({
          sid: 'FindTheBucketFromTheStackOutputs',
          actions: ['cloudformation:DescribeStacks'],
          resources: [stack.stackId],
        }),
      ],
    });
    if (props.role !== undefined) {
      this.role = new iam.Role(this, 'Role', {
        roleName: props.role.roleName,
        description: 'Staff who upload: put exports and indicator files, read verdicts',
        assumedBy: new iam.CompositePrincipal(
          ...props.role.trustedAccounts.map((account) => new iam.AccountPrincipal(account)),
        ),
      });
      policy.attachToRole(this.role);
    }
    const bucketId = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
    for (const pattern of objectPatterns) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${pattern}]`,
        reason: `Object-level actions need an object ARN pattern; this one is limited to ${pattern} in the upload bucket.`,
      });
    }

    const consoleHost = this.consoleHost(stack);
    this.consoleUrl = `https://${consoleHost}/s3/buckets/${bucket.bucketName}?region=${stack.region}&prefix=${INCOMING_PREFIX}`;
  }

  /** The S3 console lives on another host in AWS China; decided at deploy time when the region is. */
  private consoleHost(stack: Stack): string {
    const global = 'console.aws.amazon.com';
    const china = 'console.amazonaws.cn';
    if (!Token.isUnresolved(stack.region)) return stack.region.startsWith('cn-') ? china : global;
    const inChina = new CfnCondition(this, 'InChina', {
      expression: Fn.conditionEquals(Aws.PARTITION, 'aws-cn'),
    });
    return Fn.conditionIf(inChina.logicalId, china, global).toString();
  }
}
