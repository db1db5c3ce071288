import { ArnFormat, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { cidrVersion } from '../../shared/site-access';

/**
 * CloudFront reads web ACLs from us-east-1 only, whatever region the rest of the city lives in
 * (AWS WAF developer guide, "Resource types you can protect": CLOUDFRONT scope).
 */
export const CLOUDFRONT_WEB_ACL_REGION = 'us-east-1';

/** What a blocked reader sees instead of CloudFront's bare 403 page: who the site is for, in both languages. */
const BLOCKED_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>仅限内部访问 / Internal site</title></head>
<body><main>
<h1>仅限内部访问</h1>
<p>本站点只接受单位办公网络（已登记的出口地址）的访问。请在办公网络内打开，或联系财务部门。</p>
<h1 lang="en">Internal site</h1>
<p lang="en">This site only answers requests from the office network's registered addresses. Open it from the office network, or contact the finance office.</p>
</main></body></html>`;

export interface SiteAllowListProps {
  /** Used in the ACL, IP set, metric and log group names so a console of many cities stays readable. */
  readonly name: string;
  /** Validated IPv4/IPv6 CIDRs (`config/site-access.ts`); requests from anywhere else are blocked. */
  readonly allowCidrs: readonly string[];
  /**
   * How long the WAF request log is kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * An AWS WAF web ACL for a CloudFront distribution that lets in only the configured address ranges:
 * default action block (with a bilingual 403 page), one allow rule matching an IP set per address
 * family (a WAF IP set holds IPv4 or IPv6, not both). Every rule and the ACL publish CloudWatch
 * metrics and sampled requests, and every request is logged to `aws-waf-logs-<name>`: the log is the
 * site's access log, and when staff say the site refuses them, it shows the address they came from.
 *
 * Must be created in a stack in us-east-1 (`CLOUDFRONT_WEB_ACL_REGION`); the distribution takes
 * `webAclArn` as its `webAclId`.
 */
export class SiteAllowList extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  /** One per address family present in `allowCidrs`. */
  readonly ipSets: wafv2.CfnIPSet[];
  readonly logGroup: logs.LogGroup;
  /** What CloudFront's `webAclId` takes for a WAFv2 ACL: its ARN, not its id. */
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: SiteAllowListProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region) || region !== CLOUDFRONT_WEB_ACL_REGION) {
      throw new Error(
        `a web ACL for CloudFront must be created in ${CLOUDFRONT_WEB_ACL_REGION}; this stack's region is ${Token.isUnresolved(region) ? 'not known at synth' : region}`,
      );
    }
    if (props.allowCidrs.length === 0) {
      throw new Error('an allow-list needs at least one range');
    }

    const families = [
      { version: 4, ipAddressVersion: 'IPV4', suffix: 'ipv4' },
      { version: 6, ipAddressVersion: 'IPV6', suffix: 'ipv6' },
    ] as const;
    this.ipSets = families.flatMap(({ version, ipAddressVersion, suffix }) => {
      const addresses = props.allowCidrs.filter((cidr) => cidrVersion(cidr) === version);
      if (addresses.length === 0) return [];
      return [
        new wafv2.CfnIPSet(this, `AllowedIpv${version}`, {
          name: `${props.name}-allowed-${suffix}`,
          description: `Address ranges allowed to read the ${props.name} report site`,
          scope: 'CLOUDFRONT',
          ipAddressVersion,
          addresses,
        }),
      ];
    });

    const ipSetStatements = this.ipSets.map((ipSet) => ({
      ipSetReferenceStatement: { arn: ipSet.attrArn },
    }));
    const [onlyStatement] = ipSetStatements;
    const allowStatement =
      ipSetStatements.length === 1 && onlyStatement !== undefined
        ? onlyStatement
        : { orStatement: { statements: ipSetStatements } };

    const metricName = (suffix: string) => `${props.name}-${suffix}`.replace(/[^A-Za-z0-9_-]/g, '-');
    const blockedBody = 'internal-only';
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `${props.name}-site`,
      // WAF descriptions allow letters, digits, spaces and = : # @ / - , . only.
      description: `Only allow-listed ranges may read the ${props.name} report site, all else is blocked`,
      scope: 'CLOUDFRONT',
      defaultAction: {
        block: { customResponse: { responseCode: 403, customResponseBodyKey: blockedBody } },
      },
      customResponseBodies: {
        [blockedBody]: { contentType: 'TEXT_HTML', content: BLOCKED_PAGE },
      },
      rules: [
        {
          name: 'allow-listed-addresses',
          priority: 0,
          action: { allow: {} },
          statement: allowStatement,
          visibilityConfig: {
            cloudWatchMetricsEnabled: true,
            sampledRequestsEnabled: true,
            metricName: metricName('allowed'),
          },
        },
      ],
      visibilityConfig: {
        cloudWatchMetricsEnabled: true,
        sampledRequestsEnabled: true,
        metricName: metricName('site'),
      },
    });
    this.webAclArn = this.webAcl.attrArn;

    // WAF only delivers to log groups named aws-waf-logs-*, in the ACL's region. Logs hold client IPs
    // and request lines, operational data with a retention period, not records to keep forever.
    this.logGroup = new logs.LogGroup(this, 'RequestLog', {
      logGroupName: `aws-waf-logs-${props.name}`,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group ARN without the trailing `:*` that LogGroup.logGroupArn carries.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: this.logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    });
  }
}
