import { describe, expect, it } from 'vitest';
import { type CityConfigInput, citySchema } from '../../infra/config/city-config';
import { cidrVersion, siteAccessSchema } from '../../shared/site-access';

/** The messages zod gives, as `path: message`, or [] when the value is valid. */
function problemsOf(schema: { safeParse: (input: unknown) => unknown }, input: unknown): string[] {
  const result = schema.safeParse(input) as
    | { success: true }
    | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`);
}

describe('site.access', () => {
  it('takes "public" or an allow-list of IPv4 and IPv6 CIDRs', () => {
    expect(problemsOf(siteAccessSchema, 'public')).toEqual([]);
    expect(
      siteAccessSchema.parse({ allowCidrs: ['203.0.113.0/24', '198.51.100.7/32', '2001:db8:1234::/48'] }),
    ).toEqual({ allowCidrs: ['203.0.113.0/24', '198.51.100.7/32', '2001:db8:1234::/48'] });
  });

  it('trims the ranges it keeps', () => {
    expect(siteAccessSchema.parse({ allowCidrs: [' 203.0.113.0/24 '] })).toEqual({
      allowCidrs: ['203.0.113.0/24'],
    });
  });

  it('tells how to choose when the value is neither form', () => {
    for (const value of ['private', 'allowCidrs', {}, ['203.0.113.0/24']]) {
      expect(problemsOf(siteAccessSchema, value)).toEqual([
        expect.stringMatching(
          /^: choose who may read the site: "access": \{"allowCidrs".*"access": "public"/,
        ),
      ]);
    }
  });

  it.each([
    [
      'a bare address',
      '203.0.113.7',
      /^allowCidrs\.0: "203\.0\.113\.7" is not an IPv4 or IPv6 range in CIDR notation.*203\.0\.113\.7\/32/,
    ],
    ['a prefix over 32', '203.0.113.0/33', /is not an IPv4 or IPv6 range/],
    ['a prefix over 128', '2001:db8::/129', /is not an IPv4 or IPv6 range/],
    ['a host name', 'office.example.org/24', /is not an IPv4 or IPv6 range/],
    [
      'IPv4 host bits',
      '203.0.113.5/24',
      /^allowCidrs\.0: 203\.0\.113\.5\/24 has host bits set.*\(203\.0\.113\.0\/24\)$/,
    ],
    ['IPv6 host bits', '2001:db8::1/32', /has host bits set.*\(2001:db8::\/32\)$/],
    [
      'every IPv4 address',
      '0.0.0.0/0',
      /^allowCidrs\.0: 0\.0\.0\.0\/0 allows every address.*"access": "public"$/,
    ],
    ['every IPv6 address', '::/0', /allows every address/],
  ])('refuses %s with a message that says how to fix it', (_, cidr, message) => {
    expect(problemsOf(siteAccessSchema, { allowCidrs: [cidr] })).toEqual([expect.stringMatching(message)]);
  });

  it('reports every bad entry with its index, not only the first', () => {
    expect(
      problemsOf(siteAccessSchema, { allowCidrs: ['203.0.113.0/24', 'x', '198.51.100.1/24'] }).map(
        (problem) => problem.split(':')[0],
      ),
    ).toEqual(['allowCidrs.1', 'allowCidrs.2']);
  });

  it('refuses an empty list and a range listed twice, however it is spelled', () => {
    expect(problemsOf(siteAccessSchema, { allowCidrs: [] })).toEqual([
      'allowCidrs: list at least one range; to let everyone in, set "access": "public"',
    ]);
    expect(problemsOf(siteAccessSchema, { allowCidrs: ['2001:DB8::/32', '2001:db8:0::/32'] })).toEqual([
      'allowCidrs.1: 2001:db8:0::/32 is listed twice',
    ]);
  });

  it('refuses unknown keys (a typo such as allowCidr)', () => {
    expect(problemsOf(siteAccessSchema, { allowCidr: ['203.0.113.0/24'] })).not.toEqual([]);
  });

  it('sorts ranges into address families, embedded IPv4 in IPv6 included', () => {
    expect(['203.0.113.0/24', '2001:db8::/32', '::ffff:192.0.2.0/120'].map(cidrVersion)).toEqual([4, 6, 6]);
  });
});

describe('site.access in a city', () => {
  const base: CityConfigInput = { id: 'testcounty', displayName: '测试县民政局', site: { mode: 'off' } };

  it('is part of the CloudFront site settings, and optional in the schema (synth requires it)', () => {
    expect(problemsOf(citySchema, { ...base, site: { mode: 'cloudfront', access: 'public' } })).toEqual([]);
    expect(
      problemsOf(citySchema, {
        ...base,
        site: { mode: 'cloudfront', access: { allowCidrs: ['203.0.113.0/24'] } },
      }),
    ).toEqual([]);
    expect(problemsOf(citySchema, { ...base, site: { mode: 'cloudfront' } })).toEqual([]);
  });

  it('names the field when a range is wrong', () => {
    expect(
      problemsOf(citySchema, {
        ...base,
        site: { mode: 'cloudfront', access: { allowCidrs: ['203.0.113.0/33'] } },
      }),
    ).toEqual([expect.stringMatching(/^site\.access\.allowCidrs\.0: "203\.0\.113\.0\/33" is not/)]);
  });

  it('may stay on a site that is off (switching the site off keeps the choice), where it does nothing', () => {
    expect(problemsOf(citySchema, { ...base, site: { mode: 'off', access: 'public' } })).toEqual([]);
  });

  it('refuses an allow-list in AWS China, saying why and what to do instead', () => {
    const china = {
      ...base,
      region: 'cn-northwest-1',
      site: {
        mode: 'cloudfront',
        domainName: 'budget.example.com.cn',
        iamCertificateId: 'ASCACKCEVSQ6C2EXAMPLE',
        access: { allowCidrs: ['203.0.113.0/24'] },
      },
    };
    const [problem, ...others] = problemsOf(citySchema, china);
    expect(others).toEqual([]);
    expect(problem).toMatch(/^site\.access: an IP allow-list cannot be enforced on CloudFront in AWS China/);
    expect(problem).toContain('AWS WAF there is regional only');
    expect(problem).toContain("site: { mode: 'off' }");
    expect(problem).toContain('aws s3 sync');
    expect(problemsOf(citySchema, { ...china, site: { ...china.site, access: 'public' } })).toEqual([]);
  });
});
