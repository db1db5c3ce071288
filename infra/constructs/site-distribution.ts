import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { allowListOf, type SiteAccess } from '../../shared/site-access';
import { isChinaRegion } from '../config/city-config';

/**
 * The report pages carry their CSS, inline SVG charts and one small script inline, and load
 * nothing from elsewhere (docs/contract.md §5), so everything but inline code stays same-origin.
 */
export const SITE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Serves `/reports/2021-12/` as `/reports/2021-12/index.html`; S3 has no directory indexes. */
const DIRECTORY_INDEX_FUNCTION = `function handler(event) {
  var request = event.request;
  if (request.uri.endsWith('/')) {
    request.uri += 'index.html';
  }
  return request;
}`;

/** How long edges keep a page (see createCachePolicy); shared by the China legacy settings. */
const CACHE_TTL = { default: Duration.minutes(5), min: Duration.seconds(0), max: Duration.days(1) };

export interface SiteDistributionProps {
  /** The private bucket render writes; CloudFront reads it through origin access control. */
  readonly siteBucket: s3.IBucket;
  /**
   * A custom host name for the site; needs `certificateArn` (global) or `iamCertificateId` (AWS
   * China) too. Required in AWS China regions.
   * @default - the distribution's own cloudfront.net host
   */
  readonly domainName?: string;
  /**
   * ACM certificate (us-east-1) covering `domainName`. Global regions only.
   * @default - none
   */
  readonly certificateArn?: string;
  /**
   * IAM server certificate id (`ASCA…`) covering `domainName`. AWS China regions only, where
   * CloudFront does not support ACM.
   * @default - none
   */
  readonly iamCertificateId?: string;
  /**
   * Edge locations to pay for. PriceClass_200 includes Hong Kong, Taiwan, Japan and Korea, the
   * edges closest to users in mainland China, without the South America/Oceania premium.
   * Ignored in AWS China, whose four edges (Beijing, Shanghai, Zhongwei, Shenzhen) have no price
   * classes.
   * @default cloudfront.PriceClass.PRICE_CLASS_200
   */
  readonly priceClass?: cloudfront.PriceClass;
  /**
   * Who may read the site (`site.access`); decides which cdk-nag findings are acknowledged and why.
   * With an allow-list, `webAclArn` must be given.
   */
  readonly access: SiteAccess;
  /**
   * ARN of the AWS WAF web ACL (CLOUDFRONT scope, us-east-1) that enforces the allow-list.
   * @default - none: the site is public
   */
  readonly webAclArn?: string;
}

/**
 * CloudFront in front of the private site bucket: origin access control (no public bucket, no
 * legacy OAI), HTTPS only, security headers on every response, index.html at the root and in
 * every directory, and short caching so a new render shows within minutes without invalidations.
 *
 * In AWS China regions (stack region `cn-*`) CloudFront is a separate implementation with fewer
 * features, so the same L2 is adjusted (see `chinaAdjustments`): origin access identity instead of
 * OAC, legacy cache settings instead of a cache policy, the ICP domain with an IAM server
 * certificate set through the escape hatch, no CloudFront Function, HTTP/2 and IPv4 only, no price
 * class.
 */
export class SiteDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;
  /** `https://<host>` where the site is served. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: SiteDistributionProps) {
    super(scope, id);

    const responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Security headers for the budget report site',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: SITE_CONTENT_SECURITY_POLICY, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });

    const region = Stack.of(this).region;
    const china = !Token.isUnresolved(region) && isChinaRegion(region);
    if (china && (props.domainName === undefined || props.iamCertificateId === undefined)) {
      throw new Error(
        `CloudFront in ${region} needs an ICP-registered domainName and an iamCertificateId; it does not serve *.cloudfront.cn`,
      );
    }
    if (!china && props.iamCertificateId !== undefined) {
      throw new Error('iamCertificateId is only for AWS China regions (pin the stack region to cn-*)');
    }
    const allowList = allowListOf(props.access);
    if ((allowList !== undefined) !== (props.webAclArn !== undefined)) {
      throw new Error('an allow-list site needs the web ACL that enforces it, and a public site has none');
    }
    if (china && allowList !== undefined) {
      throw new Error(`AWS WAF in ${region} is regional only and cannot protect a CloudFront distribution`);
    }

    // AWS::CloudFront::Function does not exist in the China regions (CloudFormation's region schema;
    // `cdk synth` fails with F3006 there). Nothing depends on it: every link the site renders names
    // index.html, and the root is the default root object. Only hand-typed directory URLs differ.
    const functionAssociations = china
      ? undefined
      : [
          {
            function: new cloudfront.Function(this, 'DirectoryIndex', {
              comment: 'Serve index.html for directory URLs',
              runtime: cloudfront.FunctionRuntime.JS_2_0,
              code: cloudfront.FunctionCode.fromInline(DIRECTORY_INDEX_FUNCTION),
            }),
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
          },
        ];

    // Global: the ACM certificate goes through the L2. China: the L2 only takes ACM certificates,
    // so the aliases and the IAM certificate are written into the CfnDistribution below.
    const acmDomain =
      !china && props.domainName !== undefined && props.certificateArn !== undefined
        ? {
            domainNames: [props.domainName],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
          }
        : undefined;

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Budget execution report site',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: china
          ? // CloudFront in China has no origin access control: CloudFormation there rejects
            // AWS::CloudFront::OriginAccessControl as an unrecognized resource type. An origin
            // access identity (a CloudFront principal granted s3:GetObject in the bucket policy)
            // keeps the bucket private instead; the site bucket uses SSE-S3, which OAI can read.
            origins.S3BucketOrigin.withOriginAccessIdentity(props.siteBucket)
          : origins.S3BucketOrigin.withOriginAccessControl(props.siteBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        // China: the L2 always writes a cache policy id (the managed CachingOptimized one when
        // none is given); chinaAdjustments replaces it with the equivalent legacy settings.
        ...(china ? {} : { cachePolicy: this.createCachePolicy() }),
        responseHeadersPolicy,
        compress: true,
        functionAssociations,
      },
      // HTTP/3, IPv6 and price classes are features of the global edge network; AWS's own China
      // sample (aws-samples/deploy-cloudfront-in-china-with-cdk) deploys with http2 and IPv6 off.
      httpVersion: china ? cloudfront.HttpVersion.HTTP2 : cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: !china,
      // A WAFv2 web ACL is given by its ARN here (the `Id` of WAF Classic ACLs is the legacy form).
      webAclId: props.webAclArn,
      priceClass: china ? undefined : (props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_200),
      // Only a custom certificate takes a security policy; the default one is fixed at TLSv1.
      ...(acmDomain && {
        ...acmDomain,
        minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
    });
    if (china) {
      this.chinaAdjustments(props.domainName as string, props.iamCertificateId as string);
    }
    const customDomain = acmDomain ?? (china ? props.domainName : undefined);

    const host = props.domainName ?? this.distribution.distributionDomainName;
    this.url = `https://${host}`;

    // With an allow-list the web ACL answers CFR1 (an address allow-list is narrower than any
    // country list) and CFR2, and its request log (every request: client IP, URI, verdict) answers
    // CFR3. A public site is the published budget disclosure, readable by anyone by choice.
    if (allowList === undefined) {
      Validations.of(this.distribution).acknowledge(
        {
          id: 'AwsSolutions-CFR1',
          reason:
            'No geo restriction: the city chose site.access "public", the reports are budget disclosure (预算公开) meant to be readable from anywhere.',
        },
        {
          id: 'AwsSolutions-CFR2',
          reason: china
            ? 'No WAF: AWS WAF in the China regions is regional only and cannot be attached to CloudFront, and the city chose site.access "public"; the site is static, read-only (GET/HEAD) content from a private bucket with no forms, login or dynamic origin.'
            : 'No WAF: the city chose site.access "public"; the site is static, read-only (GET/HEAD) content from a private bucket with no forms, login or dynamic origin, so a web ACL would protect nothing the CDN does not.',
        },
        {
          id: 'AwsSolutions-CFR3',
          reason:
            'No CloudFront access logs: standard logs need an ACL-enabled bucket, and the public site only serves derived reports (personal data is rejected at ingest). Uploads, the sensitive side, are covered by S3 server access logs.',
        },
      );
    } else {
      Validations.of(this.distribution).acknowledge(
        {
          id: 'AwsSolutions-CFR1',
          reason:
            'No geo restriction: the AWS WAF web ACL already admits only the allow-listed address ranges (site.access.allowCidrs), which is narrower than any country list.',
        },
        {
          id: 'AwsSolutions-CFR3',
          reason:
            'No CloudFront standard logs (they need an ACL-enabled bucket): the web ACL logs every request, with client IP, URI and verdict, to its aws-waf-logs-* log group in us-east-1.',
        },
      );
    }
    if (china) {
      Validations.of(this.distribution).acknowledge(
        {
          id: 'AwsSolutions-CFR7',
          reason:
            'Origin access control does not exist in CloudFront in the AWS China regions (CloudFormation there rejects AWS::CloudFront::OriginAccessControl); the bucket stays private behind an origin access identity instead.',
        },
        {
          id: 'AwsSolutions-CFR4',
          reason:
            'False positive: cdk-nag reads the L1 properties, but the viewer certificate is set by a property override (the L2 only takes ACM certificates) to the IAM certificate with sni-only and TLSv1.2_2021; the stack tests assert it in the template.',
        },
      );
    }
    if (customDomain === undefined) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain CloudFront serves its *.cloudfront.net certificate, whose security policy (TLSv1) cannot be changed; configure domainName + certificateArn to get TLSv1.2_2021.',
      });
    }
  }

  private createCachePolicy(): cloudfront.CachePolicy {
    // Render overwrites the same keys (index.html, reports/index.json) after every upload; without
    // a Cache-Control header from S3 an edge keeps a copy for at most five minutes. Render may set
    // Cache-Control on immutable objects to cache them longer, up to a day.
    return new cloudfront.CachePolicy(this, 'CachePolicy', {
      comment: 'Short default TTL for re-rendered report pages',
      defaultTtl: CACHE_TTL.default,
      minTtl: CACHE_TTL.min,
      maxTtl: CACHE_TTL.max,
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
  }

  /**
   * CloudFront in AWS China differs from the global service in what it accepts:
   * - no ACM: the ICP-registered alias is served with an IAM server certificate
   *   (docs.amazonaws.cn, "Amazon CloudFront in Amazon Web Services in China");
   * - no cache policies ("The parameter CachePolicyId can't be set for this region",
   *   aws/aws-cdk#31033): the same TTLs (5 min default, 0 min, 1 day max) as legacy settings, which
   *   forward no query strings, cookies or headers, like the global policy.
   * Kept: the security-headers response headers policy; AWS::CloudFront::ResponseHeadersPolicy exists
   * in the China regions' CloudFormation schema and the China developer guide documents creating one
   * in console.amazonaws.cn.
   */
  private chinaAdjustments(domainName: string, iamCertificateId: string): void {
    const cfn = this.distribution.node.defaultChild as cloudfront.CfnDistribution;
    cfn.addPropertyOverride('DistributionConfig.Aliases', [domainName]);
    cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
      IamCertificateId: iamCertificateId,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    cfn.addPropertyDeletionOverride('DistributionConfig.DefaultCacheBehavior.CachePolicyId');
    cfn.addPropertyOverride('DistributionConfig.DefaultCacheBehavior.ForwardedValues', {
      QueryString: false,
      Cookies: { Forward: 'none' },
    });
    cfn.addPropertyOverride(
      'DistributionConfig.DefaultCacheBehavior.DefaultTTL',
      CACHE_TTL.default.toSeconds(),
    );
    cfn.addPropertyOverride('DistributionConfig.DefaultCacheBehavior.MinTTL', CACHE_TTL.min.toSeconds());
    cfn.addPropertyOverride('DistributionConfig.DefaultCacheBehavior.MaxTTL', CACHE_TTL.max.toSeconds());
  }
}
