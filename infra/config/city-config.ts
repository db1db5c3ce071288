import { z } from 'zod';

/**
 * Where the rendered report site is served from.
 *
 * - `off`: no CloudFront distribution. Render still writes the private site bucket; staff read it
 *   with the AWS CLI or console. The only option in AWS China regions without an ICP-registered
 *   domain, because CloudFront there refuses the default `*.cloudfront.cn` host for websites.
 * - `cloudfront` without a domain: the distribution's own `*.cloudfront.net` host.
 * - `cloudfront` with `domainName` + `certificateArn`: a custom host. The certificate must be an ACM
 *   certificate in us-east-1, the only region CloudFront reads certificates from.
 */
const siteOffSchema = z.strictObject({ mode: z.literal('off') });

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
});

export const siteSchema = z
  .discriminatedUnion('mode', [siteOffSchema, siteCloudFrontSchema])
  .refine(
    (site) => site.mode === 'off' || (site.domainName === undefined) === (site.certificateArn === undefined),
    {
      message: 'a custom site domain needs both domainName and certificateArn',
    },
  );

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
  .refine((city) => !(city.region?.startsWith('cn-') && city.site.mode === 'cloudfront'), {
    message:
      "CloudFront in AWS China regions needs an ICP-registered domain and an IAM server certificate, which this stack does not provision; use site: { mode: 'off' }",
    path: ['site'],
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
