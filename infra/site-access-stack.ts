import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CLOUDFRONT_WEB_ACL_REGION, SiteAllowList } from './constructs/site-allow-list';

export interface SiteAccessStackProps extends Omit<StackProps, 'env'> {
  /** Names the ACL, IP sets and log group (`budget-<city>`). */
  readonly name: string;
  /** The city's validated `site.access.allowCidrs`. */
  readonly allowCidrs: readonly string[];
  /**
   * The city's account, when it pins one; the ACL must live in the distribution's account.
   * @default - the CLI profile's account at deploy time
   */
  readonly account?: string;
}

/**
 * The city's web ACL in us-east-1, for a city whose pipeline stack lives in another region:
 * CloudFront only takes web ACLs from us-east-1. The pipeline stack reads the ACL's ARN from this
 * stack's output (a cross-region reference; `@aws-cdk/core:defaultCrossStackReferences` is weak in
 * cdk.json, so CDK writes `Fn::GetStackOutput` with this stack's region and no custom resources),
 * and depends on this stack, so `cdk deploy --all` deploys it first.
 */
export class SiteAccessStack extends Stack {
  readonly allowList: SiteAllowList;

  constructor(scope: Construct, id: string, props: SiteAccessStackProps) {
    super(scope, id, { ...props, env: { account: props.account, region: CLOUDFRONT_WEB_ACL_REGION } });
    this.allowList = new SiteAllowList(this, 'SiteAllowList', {
      name: props.name,
      allowCidrs: props.allowCidrs,
    });
  }
}
