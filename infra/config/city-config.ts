/**
 * The stack's view of the city settings: the schema itself lives in `shared/city-settings.ts`
 * (one home for every setting, shared with the functions and local mode); this file validates
 * the list in `cities.ts` and picks the city of `-c city=<id>`.
 */
import * as z from 'zod';
import {
  type CitySettings,
  type CitySettingsInput,
  citySettingsSchema,
  type SiteSettings,
  settingsIssueMessage,
} from '../../shared/city-settings';
import { SITE_ACCESS_CHOICES, type SiteAccess } from '../../shared/site-access';

export { IAM_CERTIFICATE_ID_PATTERN, isChinaRegion, siteSchema } from '../../shared/city-settings';

/** The city schema the stack validates `cities.ts` with: the one settings schema. */
export const citySchema = citySettingsSchema;

/** Config as written in `cities.ts` (defaults optional). */
export type CityConfigInput = CitySettingsInput;
/** Config after validation, defaults applied. */
export type CityConfig = CitySettings;
export type SiteConfig = SiteSettings;

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
      return `  ${where}${field.length > 0 ? ` ${field.join('.')}` : ''}: ${settingsIssueMessage(issue, field)}`;
    });
    throw new CityConfigError(`invalid city config in infra/cities.ts:\n${problems.join('\n')}`);
  }
  return result.data;
}

/**
 * The city's `site.access`, which a CloudFront site must state: leaving it out would publish the
 * finance office's working material (monthly execution, the uploads page) to anyone with the URL.
 */
export function requireSiteAccess(city: CityConfig): SiteAccess {
  if (city.site.mode !== 'cloudfront') {
    throw new CityConfigError(`city "${city.id}" has no CloudFront site, so no site.access`);
  }
  if (city.site.access === undefined) {
    throw new CityConfigError(`city "${city.id}": site.access is not set; ${SITE_ACCESS_CHOICES}`);
  }
  return city.site.access;
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
