import * as z from 'zod';

/**
 * Where the rendered report site is served from.
 *
 * - `off`: no CloudFront distribution. Render still writes the private site bucket; staff read it
 *   with the AWS CLI or console.
 * - `cloudfront` without a domain: the distribution's own `*.cloudfront.net` host. Global regions
 *   only: CloudFront in AWS China refuses to serve its default `*.cloudfront.cn` host.
 * - `cloudfront` with `domainName` + `certificateArn` (global regions): a custom host with an ACM
 *   certificate in us-east-1, the only region CloudFront reads ACM certificates from.
 * - `cloudfront` with `domainName` + `iamCertificateId` (AWS China regions): an ICP-registered host
 *   with an IAM server certificate, because CloudFront in China does not support ACM.
 */
const siteOffSchema = z.strictObject({ mode: z.literal('off') });

/**
 * An IAM server certificate id as `aws iam upload-server-certificate` / `list-server-certificates`
 * print it (`ServerCertificateId`): IAM unique ids of server certificates start with `ASCA`. The
 * certificate name or its ARN are common mistakes here; CloudFront wants the id.
 */
export const IAM_CERTIFICATE_ID_PATTERN = /^ASCA[A-Z0-9]{12,124}$/;

const siteCloudFrontSchema = z.strictObject({
  mode: z.literal('cloudfront'),
  domainName: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a lower-case DNS host name')
    .optional(),
  certificateArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/,
      'an ACM certificate ARN in us-east-1 (CloudFront only reads certificates from there)',
    )
    .optional(),
  iamCertificateId: z
    .string()
    .regex(
      IAM_CERTIFICATE_ID_PATTERN,
      'an IAM server certificate id such as ASCACKCEVSQ6C2EXAMPLE (the ServerCertificateId, not its name or ARN)',
    )
    .optional(),
});

export const siteSchema = z
  .discriminatedUnion('mode', [siteOffSchema, siteCloudFrontSchema])
  .superRefine((site, ctx) => {
    if (site.mode === 'off') return;
    const certificates = [site.certificateArn, site.iamCertificateId].filter((c) => c !== undefined);
    if (certificates.length > 1) {
      ctx.addIssue({
        code: 'custom',
        message: 'give one certificate: certificateArn (ACM) or iamCertificateId (AWS China), not both',
      });
    } else if ((site.domainName === undefined) !== (certificates.length === 0)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'a custom site domain needs both domainName and a certificate (certificateArn, or iamCertificateId in AWS China)',
      });
    }
  });

/** AWS China (Beijing cn-north-1, Ningxia cn-northwest-1): the `aws-cn` partition. */
export function isChinaRegion(region: string | undefined): boolean {
  return region?.startsWith('cn-') ?? false;
}

export const citySchema = z
  .strictObject({
    /** Stack and resource naming key; also the `-c city=<id>` value. */
    id: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,30}$/, 'lower-case letters, digits and hyphens, starting with a letter'),
    /** The department as it appears on reports, e.g. 乐昌市民政局. */
    displayName: z.string().trim().min(1).max(100),
    /** Pin the stack to one account; omitted means the CLI profile's account at deploy time. */
    account: z
      .string()
      .regex(/^\d{12}$/, 'a 12-digit AWS account id')
      .optional(),
    /** Pin the stack to one region; omitted means the CLI profile's region at deploy time. */
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'an AWS region such as cn-north-1 or ap-east-1')
      .optional(),
    /** A line is flagged 执行滞后 when time progress − execution rate exceeds this fraction. */
    lagThreshold: z.number().gt(0).lt(1).default(0.1),
    /** Points of the self-evaluation execution score (财预〔2020〕10号 practice). */
    scoreWeight: z.number().positive().max(100).default(10),
    site: siteSchema,
    /** Receives alarm notifications; the address must confirm the SNS subscription once. */
    alarmEmail: z.email().optional(),
  })
  .superRefine((city, ctx) => {
    if (city.site.mode !== 'cloudfront') return;
    const problem = (message: string, field?: string) =>
      ctx.addIssue({ code: 'custom', message, path: field === undefined ? ['site'] : ['site', field] });
    if (isChinaRegion(city.region)) {
      if (city.site.domainName === undefined) {
        problem(
          "CloudFront in AWS China regions does not serve its default *.cloudfront.cn host: it needs a custom domain with an ICP recordal (备案) filed by a mainland-China entity, and an IAM server certificate for it; set domainName + iamCertificateId, or use site: { mode: 'off' }",
        );
      }
      if (city.site.certificateArn !== undefined) {
        problem(
          'CloudFront in AWS China regions does not support ACM certificates; upload the certificate to IAM (aws iam upload-server-certificate --path /cloudfront/ …) and set iamCertificateId instead',
          'certificateArn',
        );
      }
    } else if (city.site.iamCertificateId !== undefined) {
      problem(
        city.region === undefined
          ? "iamCertificateId is for AWS China regions, and the stack must know it deploys there: pin region: 'cn-north-1' or 'cn-northwest-1'; elsewhere use certificateArn (ACM, us-east-1)"
          : 'iamCertificateId is for AWS China regions; outside China use certificateArn (an ACM certificate in us-east-1)',
        'iamCertificateId',
      );
    }
  });

/** Config as written in `cities.ts` (defaults optional). */
export type CityConfigInput = z.input<typeof citySchema>;
/** Config after validation, defaults applied. */
export type CityConfig = z.output<typeof citySchema>;
export type SiteConfig = CityConfig['site'];

export class CityConfigError extends Error {
  override readonly name = 'CityConfigError';
}

/** Validates every city and their id uniqueness; throws one error listing every problem. */
export function parseCities(input: readonly CityConfigInput[]): readonly CityConfig[] {
  const result = z
    .array(citySchema)
    .min(1)
    .superRefine((cities, ctx) => {
      const seen = new Set<string>();
      for (const [index, city] of cities.entries()) {
        if (seen.has(city.id)) {
          ctx.addIssue({ code: 'custom', message: `duplicate city id "${city.id}"`, path: [index, 'id'] });
        }
        seen.add(city.id);
      }
    })
    .safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const [index, ...field] = issue.path;
      const city = typeof index === 'number' ? input[index] : undefined;
      const where = city === undefined ? 'cities' : `city "${String(city.id)}" (cities[${String(index)}])`;
      return `  ${where}${field.length > 0 ? ` ${field.join('.')}` : ''}: ${issue.message}`;
    });
    throw new CityConfigError(`invalid city config in infra/cities.ts:\n${problems.join('\n')}`);
  }
  return result.data;
}

/**
 * Picks the city named by the `city` context value. Missing or unknown ids fail with the list of
 * known ids, because this is the first thing someone typing `cdk deploy` gets wrong.
 */
export function selectCity(cities: readonly CityConfig[], requested: unknown): CityConfig {
  const known = cities.map((city) => city.id).join(', ');
  if (typeof requested !== 'string' || requested.length === 0) {
    throw new CityConfigError(`no city selected: pass -c city=<id>; known cities: ${known}`);
  }
  const city = cities.find((candidate) => candidate.id === requested);
  if (city === undefined) {
    throw new CityConfigError(`unknown city "${requested}"; known cities: ${known}`);
  }
  return city;
}
