import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface SecureBucketProps {
  /**
   * Keep every version of every object. On for buckets that are a source of truth, so an
   * overwritten or deleted export can be restored and re-ingested.
   * @default false
   */
  readonly versioned?: boolean;
  /**
   * Days a noncurrent version is kept before it expires. Only used when `versioned`.
   * @default kept for good
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days after which current objects expire (for log buckets).
   * @default - objects never expire
   */
  readonly expirationDays?: number;
  /**
   * Where S3 server access logs go, under `<serverAccessLogsPrefix>`.
   * @default - no access logging (the caller must acknowledge AwsSolutions-S1)
   */
  readonly serverAccessLogsBucket?: s3.IBucket;
  /**
   * Key prefix for this bucket's access logs in `serverAccessLogsBucket`.
   * @default - the construct id followed by `/`
   */
  readonly serverAccessLogsPrefix?: string;
  /**
   * What happens to the bucket when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An S3 bucket with the defaults every bucket here shares: S3-managed encryption (SSE-S3, so no
 * KMS key policy has to admit S3 notifications, CloudFront or log delivery), all public access
 * blocked, ACLs disabled, TLS-only access, and stale multipart uploads cleaned up.
 */
export class SecureBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps = {}) {
    super(scope, id);
    const versioned = props.versioned ?? false;
    const rules: s3.LifecycleRule[] = [
      // Interrupted browser/CLI uploads of large exports otherwise keep billing invisible parts.
      { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
    ];
    if (versioned && props.noncurrentVersionExpirationDays !== undefined) {
      rules.push({
        id: 'expire-noncurrent-versions',
        noncurrentVersionExpiration: Duration.days(props.noncurrentVersionExpirationDays),
      });
    }
    if (props.expirationDays !== undefined) {
      rules.push({ id: 'expire-objects', expiration: Duration.days(props.expirationDays) });
    }

    this.bucket = new s3.Bucket(this, 'Bucket', {
      versioned,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: rules,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: props.serverAccessLogsBucket
        ? (props.serverAccessLogsPrefix ?? `${id}/`)
        : undefined,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
}
