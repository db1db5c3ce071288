/**
 * Everything a city can set, in one schema with its bounds and defaults (docs/contract.md §6).
 * The stack (`infra/cities.ts`, `-c city=`), the functions (one `CITY_SETTINGS` environment
 * variable, parsed with this schema at cold start) and local mode (`CITY_ID`, `CITY_CONFIG`)
 * all read it, so a new setting is added here and nowhere else in the plumbing.
 */

import * as z from 'zod';
import { closestName } from './did-you-mean';
import { columnMappingSchema } from './export/export-fields';
import { DEFAULT_VALIDATE_OPTIONS, MIB } from './export/validate-options';
import { DEFAULT_TIME_ZONE, isTimeZone } from './format/local-time';
import { siteAccessSchema } from './site-access';

/** The reference city (docs/contract.md §1): local mode's default. */
export const DEFAULT_CITY_ID = 'lechang';

/** AWS China (Beijing cn-north-1, Ningxia cn-northwest-1): the `aws-cn` partition. */
export function isChinaRegion(region: string | undefined): boolean {
  return region?.startsWith('cn-') ?? false;
}

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
const siteOffSchema = z.strictObject({ mode: z.literal('off'), access: siteAccessSchema.optional() });

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
  /**
   * Who may read the site: an IP allow-list or "public" (`site-access.ts`). Optional in the schema
   * so local mode reads any city file; `cdk synth` refuses a CloudFront site without it.
   */
  access: siteAccessSchema.optional(),
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

const fraction = z.number().min(0).max(1);

/**
 * 序时进度 (§4.1): `month` = month ÷ 12; `day` = days elapsed at the period's last day ÷ days in
 * the year; or checkpoints, month → fraction, interpolated linearly from 0 at month 0.
 */
export const timeProgressSchema = z.union([
  z.literal('month'),
  z.literal('day'),
  z.strictObject({
    checkpoints: z
      .record(z.string().regex(/^(?:[1-9]|1[0-2])$/, 'a month number 1-12'), fraction)
      .refine((checkpoints) => Object.keys(checkpoints).length > 0, 'give at least one checkpoint')
      .refine((checkpoints) => {
        const ordered = Object.entries(checkpoints).sort(([a], [b]) => Number(a) - Number(b));
        return ordered.every(([, value], i) => i === 0 || value >= (ordered[i - 1]?.[1] ?? 0));
      }, 'checkpoint fractions must not decrease from one month to a later one'),
  }),
]);
export type TimeProgressSetting = z.infer<typeof timeProgressSchema>;

/** One warning level (§4.1): a line lagging time progress by at least `lagPoints` 百分点. */
export const warningLevelSchema = z.strictObject({
  level: z.string().trim().min(1).max(20),
  lagPoints: z.number().positive().max(100),
});
export type WarningLevel = z.infer<typeof warningLevelSchema>;

export const DEFAULT_WARNING_LEVELS: readonly WarningLevel[] = Object.freeze([
  { level: 'red', lagPoints: 20 },
  { level: 'yellow', lagPoints: 10 },
]);
const DEFAULT_LAG_THRESHOLD = 0.1;

/**
 * Scoring options of the self-evaluation (§4.2), each defaulting to the contract's rule:
 * - `qualitative`: `"rating"` gives a 定性 indicator the fixed share of its rating (达成 100%,
 *   基本达成 80%, 部分达成 60%, 未达成 0%; 优/良/中/差 alike) unless the officer wrote points;
 *   `"bands"` asks the officer for the points within the 办法's band of the rating (100–80%,
 *   80–60%, 60–0%) and, where none are written, gives the band's lowest share with a warning.
 * - `overAchievement`: an actual beyond `factor` × the target (below target ÷ factor for ≤) is
 *   flagged for analysis (超额完成, 需分析原因); `deductionPercent` of the weight is then deducted
 *   (0 by default: flagged only).
 * - `reverseRule` for ≤ indicators missed: `"ratio"` weight × target ÷ actual (default) or
 *   `"deviation"` weight × (1 − (actual − target) ÷ target).
 */
export const scoringSchema = z.strictObject({
  qualitative: z.enum(['rating', 'bands']).default('rating'),
  overAchievement: z
    .strictObject({
      factor: z.number().gt(1).max(100).default(1.2),
      deductionPercent: z.number().min(0).max(100).default(0),
    })
    .default({ factor: 1.2, deductionPercent: 0 }),
  reverseRule: z.enum(['ratio', 'deviation']).default('ratio'),
});
export type ScoringSettings = z.output<typeof scoringSchema>;
export const DEFAULT_SCORING: ScoringSettings = scoringSchema.parse({});

/**
 * The 通报 (§4.1): `issuer` signs it (落款; unset means `displayName`); a unit or project at the
 * most severe warning level for `interviewAfterMonths` consecutive months or more is listed for
 * 约谈/督办.
 */
export const DEFAULT_INTERVIEW_AFTER_MONTHS = 2;
export const bulletinSchema = z.strictObject({
  issuer: z.string().trim().min(1).max(100).optional(),
  interviewAfterMonths: z.number().int().min(1).max(12).default(DEFAULT_INTERVIEW_AFTER_MONTHS),
});
export type BulletinSettings = z.output<typeof bulletinSchema>;

/**
 * Limits of one upload (§3.1): each refused with a bilingual rejection naming it. The byte
 * limits default to what the validator has always used.
 */
export const limitsSchema = z.strictObject({
  maxFileBytes: z
    .number()
    .int()
    .min(1024)
    .max(5 * 1024 * MIB)
    .default(DEFAULT_VALIDATE_OPTIONS.maxFileBytes),
  maxFieldBytes: z
    .number()
    .int()
    .min(256)
    .max(64 * MIB)
    .default(DEFAULT_VALIDATE_OPTIONS.maxFieldBytes),
  maxRecordBytes: z
    .number()
    .int()
    .min(256)
    .max(64 * MIB)
    .default(DEFAULT_VALIDATE_OPTIONS.maxRecordBytes),
  maxRows: z.number().int().positive().max(100_000_000).default(10_000_000),
  maxGroupsPerFile: z.number().int().positive().max(10_000_000).default(200_000),
});
export type UploadLimits = z.infer<typeof limitsSchema>;

/**
 * BatchWriteItem calls one ingest keeps in flight. A call costs a round trip whatever it holds,
 * so one at a time leaves both ends idle; past the point where the table (or the one partition
 * a period's lines go to) is busy, more only buys throttled retries. Sized from the write sweep
 * of `npm run bench -- --write-sweep` (docs/benchmark.md, "Write parallelism").
 */
export const DEFAULT_WRITE_CONCURRENCY = 4;

/** A non-negative amount in yuan, written as a string so no float touches it: "0.00", "5000", "12.5". */
const yuanSchema = z
  .string()
  .regex(
    /^\d{1,15}(?:\.\d{1,2})?$/,
    'a non-negative amount in yuan with at most two decimals, e.g. "10000.00"',
  )
  .transform((yuan) => {
    const [int = '0', decimals = ''] = yuan.split('.');
    return `${BigInt(int)}.${decimals.padEnd(2, '0')}`;
  });

const settingsObjectSchema = z.strictObject({
  /** Stack and resource naming key; also the `-c city=<id>` value and local mode's `CITY_ID`. */
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
  /**
   * A line is flagged 执行滞后 when time progress − execution rate reaches this fraction. It is
   * the lowest warning level (lagThreshold × 100 = its lagPoints): give one or the other, or both
   * when they agree. Default 0.1, or the lowest level of `warningLevels` when those are given.
   */
  lagThreshold: z.number().gt(0).lt(1).optional(),
  /** Points of the self-evaluation execution score (财预〔2020〕10号 practice, §4.2). */
  scoreWeight: z.number().positive().max(100).default(10),
  /** 主管部门 on the 自评表 (§4.2); unset means `displayName`. */
  competentDepartment: z.string().trim().min(1).max(100).optional(),
  /** How indicators are scored where practice varies (§4.2); the defaults are the contract's rules. */
  scoring: scoringSchema.default(DEFAULT_SCORING),
  /** The 通报 as a notice (§4.1): who signs it, and when a unit is named for 约谈/督办. */
  bulletin: bulletinSchema.default(bulletinSchema.parse({})),
  timeProgress: timeProgressSchema.default('month'),
  /**
   * The city's time zone (IANA name), in which pages and documents write times:
   * 「2026年12月6日 14:05」. JSON and status records keep UTC instants.
   */
  timeZone: z
    .string()
    .refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai or Asia/Hong_Kong')
    .default(DEFAULT_TIME_ZONE),
  /** Highest level first is not required; names and thresholds must each be distinct. */
  warningLevels: z
    .array(warningLevelSchema)
    .min(1)
    .max(10)
    .refine((levels) => new Set(levels.map((l) => l.level)).size === levels.length, 'level names must differ')
    .refine(
      (levels) => new Set(levels.map((l) => l.lagPoints)).size === levels.length,
      'lagPoints must differ between levels',
    )
    .optional(),
  /** Lines whose budget is below this (yuan) are not flagged. */
  warningMinBudget: yuanSchema.default('0.00'),
  /**
   * Besides the upload group, a role `budget-<id>-uploader` with the same permissions, assumable
   * from these accounts (12-digit ids): for staff who sign in elsewhere (IAM Identity Center,
   * another account of the bureau) and switch role. Unset: the group only.
   */
  uploadRole: z
    .strictObject({
      trustedAccounts: z
        .array(z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'))
        .min(1)
        .max(20),
    })
    .optional(),
  /** Who receives the alerts of §5.1 (upload-rejected, new-warnings). */
  alertEmails: z.array(z.email()).max(50).default([]),
  /** Extra header texts per export field, for exports whose headers are none of §2's (§2.2). */
  columns: columnMappingSchema.default({}),
  limits: limitsSchema.default(limitsSchema.parse({})),
  /** BatchWriteItem calls an ingest keeps in flight; unset means `DEFAULT_WRITE_CONCURRENCY`. */
  writeConcurrency: z.number().int().min(1).max(32).optional(),
  site: siteSchema,
  /** Receives alarm notifications (dead letters, errors); must confirm the SNS subscription once. */
  alarmEmail: z.email().optional(),
});

const samePoints = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/** lagThreshold 0.15 → red 20, yellow 15; 0.25 → red 25 alone. */
function levelsForLagThreshold(lagThreshold: number): WarningLevel[] {
  const points = Math.round(lagThreshold * 1_000_000) / 10_000;
  const red = DEFAULT_WARNING_LEVELS[0] as WarningLevel;
  return points < red.lagPoints
    ? [{ ...red }, { level: 'yellow', lagPoints: points }]
    : [{ level: red.level, lagPoints: points }];
}

export const citySettingsSchema = settingsObjectSchema
  .superRefine((city, ctx) => {
    if (city.lagThreshold !== undefined && city.warningLevels !== undefined) {
      const lowest = Math.min(...city.warningLevels.map((l) => l.lagPoints));
      if (!samePoints(city.lagThreshold * 100, lowest)) {
        ctx.addIssue({
          code: 'custom',
          path: ['lagThreshold'],
          message: `lagThreshold is the lowest warning level (${lowest} points = ${lowest / 100}); give warningLevels alone, or a lagThreshold that matches`,
        });
      }
    }
    if (city.limits.maxFieldBytes > city.limits.maxRecordBytes) {
      ctx.addIssue({
        code: 'custom',
        path: ['limits', 'maxFieldBytes'],
        message:
          'a field cannot be larger than the record that holds it: keep maxFieldBytes ≤ maxRecordBytes',
      });
    }
    if (city.site.mode !== 'cloudfront') return;
    const problem = (message: string, field?: string) =>
      ctx.addIssue({ code: 'custom', message, path: field === undefined ? ['site'] : ['site', field] });
    if (isChinaRegion(city.region)) {
      if (city.site.access !== undefined && city.site.access !== 'public') {
        problem(
          `an IP allow-list cannot be enforced on CloudFront in AWS China: AWS WAF there is regional only and cannot be attached to a distribution, and CloudFront there has no Lambda@Edge or CloudFront Functions to check the viewer's address (geo restriction only knows countries). Keep the reports private with site: { mode: 'off' } and read them from the site bucket (aws s3 sync), or set access: "public"`,
          'access',
        );
      }
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
  })
  .transform((city) => {
    // One truth for the lag rule: both fields are always present after parsing, and agree.
    const warningLevels =
      city.warningLevels ?? levelsForLagThreshold(city.lagThreshold ?? DEFAULT_LAG_THRESHOLD);
    const lagThreshold = city.lagThreshold ?? Math.min(...warningLevels.map((l) => l.lagPoints)) / 100;
    return { ...city, lagThreshold, warningLevels };
  });

/** Settings as written (defaults optional). */
export type CitySettingsInput = z.input<typeof citySettingsSchema>;
/** Settings after validation, every default applied. Parsing it again gives it back. */
export type CitySettings = z.output<typeof citySettingsSchema>;
export type SiteSettings = CitySettings['site'];

export class CitySettingsError extends Error {
  override readonly name = 'CitySettingsError';
}

/** The setting names an object of the settings may hold, by its path (array indexes left out). */
const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(settingsObjectSchema.shape),
  site: [...new Set([...Object.keys(siteOffSchema.shape), ...Object.keys(siteCloudFrontSchema.shape)])],
  limits: Object.keys(limitsSchema.shape),
  warningLevels: Object.keys(warningLevelSchema.shape),
  timeProgress: ['checkpoints'],
  scoring: Object.keys(scoringSchema.shape),
  bulletin: Object.keys(bulletinSchema.shape),
  uploadRole: ['trustedAccounts'],
};

/**
 * A problem's message; a setting name that is not one (`alertEmail`, `lagTreshold`) says which
 * one it was probably meant to be, or lists the names allowed there. `path` is the issue's path
 * from the settings object (without any prefix of the caller's, such as a list index).
 */
export function settingsIssueMessage(
  issue: z.core.$ZodIssue,
  path: readonly PropertyKey[] = issue.path,
): string {
  if (issue.code !== 'unrecognized_keys') return issue.message;
  const known = KNOWN_KEYS[path.filter((part) => typeof part === 'string').join('.')] ?? [];
  return issue.keys
    .map((key) => {
      const close = closestName(key, known);
      return close !== undefined
        ? `unknown setting "${key}" / 未知设置: did you mean "${close}"? / 是否应为 "${close}"？`
        : `unknown setting "${key}" / 未知设置${known.length > 0 ? `; allowed here / 可用设置: ${known.join(', ')}` : ''}`;
    })
    .join('; ');
}

/** `  field.path: message` lines, one per problem. */
export function describeSettingsProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.map(String).join('.');
    return `  ${where === '' ? '(settings)' : where}: ${settingsIssueMessage(issue)}`;
  });
}

/** Validates one city's settings; `source` says where they came from in the error. */
export function parseCitySettings(input: unknown, source: string): CitySettings {
  const result = citySettingsSchema.safeParse(input);
  if (!result.success) {
    throw new CitySettingsError(
      `invalid city settings in ${source}:\n${describeSettingsProblems(result.error).join('\n')}`,
    );
  }
  return result.data;
}
