import { Duration, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * The report pages carry their CSS, inline SVG charts and one small script inline, and load
 * nothing from elsewhere (DESIGN.md §5), so everything but inline code stays same-origin.
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

export interface SiteDistributionProps {
  /** The private bucket render writes; CloudFront reads it through origin access control. */
  readonly siteBucket: s3.IBucket;
  /**
   * A custom host name for the site; needs `certificateArn` too.
   * @default - the distribution's own cloudfront.net host
   */
  readonly domainName?: string;
  /**
   * ACM certificate (us-east-1) covering `domainName`.
   * @default - none
   */
  readonly certificateArn?: string;
  /**
   * Edge locations to pay for. PriceClass_200 includes Hong Kong, Taiwan, Japan and Korea, the
   * edges closest to users in mainland China, without the South America/Oceania premium.
   * @default cloudfront.PriceClass.PRICE_CLASS_200
   */
  readonly priceClass?: cloudfront.PriceClass;
}

/**
 * CloudFront in front of the private site bucket: origin access control (no public bucket, no
 * legacy OAI), HTTPS only, security headers on every response, index.html at the root and in
 * every directory, and short caching so a new render shows within minutes without invalidations.
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

    // Render overwrites the same keys (index.html, reports/index.json) after every upload; without
    // a Cache-Control header from S3 an edge keeps a copy for at most five minutes. Render may set
    // Cache-Control on immutable objects to cache them longer, up to a day.
    const cachePolicy = new cloudfront.CachePolicy(this, 'CachePolicy', {
      comment: 'Short default TTL for re-rendered report pages',
      defaultTtl: Duration.minutes(5),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const directoryIndex = new cloudfront.Function(this, 'DirectoryIndex', {
      comment: 'Serve index.html for directory URLs',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(DIRECTORY_INDEX_FUNCTION),
    });

    const customDomain =
      props.domainName !== undefined && props.certificateArn !== undefined
        ? {
            domainNames: [props.domainName],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
          }
        : undefined;

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Budget execution report site',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(props.siteBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy,
        responseHeadersPolicy,
        compress: true,
        functionAssociations: [
          { function: directoryIndex, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_200,
      // Only a custom certificate takes a security policy; the default one is fixed at TLSv1.
      ...(customDomain && {
        ...customDomain,
        minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
    });

    const host = props.domainName ?? this.distribution.distributionDomainName;
    this.url = `https://${host}`;

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: the reports are public budget disclosure (预算公开) meant to be readable from anywhere.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF: the site is static, read-only (GET/HEAD) content from a private bucket with no forms, login or dynamic origin; a web ACL would cost more than the site and protect nothing the CDN does not.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'No CloudFront access logs: standard logs need an ACL-enabled bucket, and the site only serves derived public reports (personal data is rejected at ingest). Uploads, the sensitive side, are covered by S3 server access logs.',
      },
    );
    if (customDomain === undefined) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain CloudFront serves its *.cloudfront.net certificate, whose security policy (TLSv1) cannot be changed; configure domainName + certificateArn to get TLSv1.2_2021.',
      });
    }
  }
}
