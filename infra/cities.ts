import type { CityConfigInput } from './config/city-config';

/**
 * Every city (department) that gets its own stack: `npx cdk deploy -c city=<id>`.
 * The format and its rules are in `config/city-config.ts`; `infra/README.md` explains each field.
 * `app.ts` validates the list (`parseCities`) before building anything, so a typo fails `cdk synth`
 * with a message naming the field.
 */
export const cityInputs: readonly CityConfigInput[] = [
  {
    // The reference user (docs/contract.md §1): account and region come from the deploying CLI profile.
    id: 'lechang',
    displayName: '乐昌市民政局',
    lagThreshold: 0.1,
    scoreWeight: 10,
    site: {
      mode: 'cloudfront',
      // Monthly execution and the uploads page are the finance office's working material: only the
      // office's egress addresses on the government network may read the site (AWS WAF blocks the
      // rest). EXAMPLE VALUES from the documentation ranges (RFC 5737, RFC 3849): replace them with
      // the office's real egress ranges before deploying, or nobody will get in.
      access: { allowCidrs: ['203.0.113.0/24', '2001:db8:1234::/48'] },
    },
  },
  {
    // A neighbouring county deployed in AWS China (Beijing). CloudFront there needs an
    // ICP-registered domain, so the site stays off until the bureau has one.
    id: 'renhua',
    displayName: '仁化县民政局',
    region: 'cn-north-1',
    lagThreshold: 0.15,
    scoreWeight: 10,
    site: { mode: 'off' },
  },
  {
    // A county deployed in AWS China (Ningxia) with the site on its own domain. CloudFront in China
    // only serves an ICP-registered domain (备案) with an IAM server certificate (no ACM there).
    // EXAMPLE VALUES, replace both before deploying: the bureau's ICP-registered host name, and the
    // ServerCertificateId that `aws iam upload-server-certificate --path /cloudfront/ …` prints.
    id: 'ruyuan',
    displayName: '乳源瑶族自治县民政局',
    region: 'cn-northwest-1',
    lagThreshold: 0.1,
    scoreWeight: 10,
    site: {
      mode: 'cloudfront',
      domainName: 'budget.ruyuan.example.com.cn',
      iamCertificateId: 'ASCAEXAMPLE0REPLACE0ME',
      // CloudFront in AWS China cannot enforce an IP allow-list (no WAF for CloudFront there), so a
      // China site is either public, as here, or off and read from the bucket (renhua).
      access: 'public',
    },
  },
];
