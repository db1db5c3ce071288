import { describe, expect, it } from 'vitest';
import { cityInputs } from '../../infra/cities';
import {
  CityConfigError,
  type CityConfigInput,
  citySchema,
  parseCities,
  selectCity,
} from '../../infra/config/city-config';

const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-1111-2222-3333-444444444444';
/** The shape `aws iam list-server-certificates` prints as ServerCertificateId (AWS's doc example). */
const IAM_CERTIFICATE_ID = 'ASCACKCEVSQ6C2EXAMPLE';

const base: CityConfigInput = { id: 'testcounty', displayName: '测试县民政局', site: { mode: 'off' } };

/** The messages zod gives for one city, or [] when it is valid. */
function problemsOf(input: unknown): string[] {
  const result = citySchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('the shipped city config', () => {
  it('is valid, with unique ids', () => {
    const cities = parseCities(cityInputs);
    expect(new Set(cities.map((city) => city.id)).size).toBe(cities.length);
    expect(cities.find((city) => city.id === 'lechang')).toMatchObject({
      displayName: '乐昌市民政局',
      lagThreshold: 0.1,
      scoreWeight: 10,
      site: { mode: 'cloudfront' },
    });
  });
});

describe('citySchema', () => {
  it('takes an IANA time zone for the times pages write, and refuses anything else', () => {
    expect(citySchema.parse({ ...base, timeZone: 'Asia/Hong_Kong' }).timeZone).toBe('Asia/Hong_Kong');
    expect(problemsOf({ ...base, timeZone: 'Beijing' })).toEqual([
      'timeZone: an IANA time zone such as Asia/Shanghai or Asia/Hong_Kong',
    ]);
  });

  it('fills in the documented defaults', () => {
    expect(citySchema.parse(base)).toEqual({
      ...base,
      timeZone: 'Asia/Shanghai',
      lagThreshold: 0.1,
      scoreWeight: 10,
      scoring: {
        qualitative: 'rating',
        overAchievement: { factor: 1.2, deductionPercent: 0 },
        reverseRule: 'ratio',
      },
      bulletin: { interviewAfterMonths: 2 },
      timeProgress: 'month',
      warningLevels: [
        { level: 'red', lagPoints: 20 },
        { level: 'yellow', lagPoints: 10 },
      ],
      warningMinBudget: '0.00',
      alertEmails: [],
      columns: {},
      limits: {
        maxFileBytes: 512 * 1024 * 1024,
        maxFieldBytes: 1024 * 1024,
        maxRecordBytes: 1024 * 1024,
        maxRows: 10_000_000,
        maxGroupsPerFile: 200_000,
      },
    });
  });

  it('accepts each site form', () => {
    expect(problemsOf({ ...base, site: { mode: 'off' } })).toEqual([]);
    expect(problemsOf({ ...base, site: { mode: 'cloudfront' } })).toEqual([]);
    expect(
      problemsOf({
        ...base,
        site: {
          mode: 'cloudfront',
          domainName: 'budget.example.org',
          certificateArn:
            'arn:aws:acm:us-east-1:123456789012:certificate/00000000-1111-2222-3333-444444444444',
        },
      }),
    ).toEqual([]);
  });

  it.each([
    ['an id with capitals', { ...base, id: 'LeChang' }, /^id: /],
    ['a lag threshold in points instead of a fraction', { ...base, lagThreshold: 10 }, /^lagThreshold: /],
    ['a negative score weight', { ...base, scoreWeight: -1 }, /^scoreWeight: /],
    ['a short account id', { ...base, account: '1234' }, /^account: .*12-digit/],
    ['a made-up region', { ...base, region: 'guangdong' }, /^region: /],
    ['a malformed e-mail', { ...base, alarmEmail: 'finance at example' }, /^alarmEmail: /],
    ['an unknown field (typo)', { ...base, scoreWieght: 5 }, /scoreWieght/],
    ['an unknown site mode', { ...base, site: { mode: 's3-website' } }, /^site\.mode: /],
    [
      'a custom domain without a certificate',
      { ...base, site: { mode: 'cloudfront', domainName: 'budget.example.org' } },
      /needs both domainName and a certificate/,
    ],
    [
      'a certificate outside us-east-1',
      {
        ...base,
        site: {
          mode: 'cloudfront',
          domainName: 'budget.example.org',
          certificateArn:
            'arn:aws:acm:ap-east-1:123456789012:certificate/00000000-1111-2222-3333-444444444444',
        },
      },
      /us-east-1/,
    ],
    [
      'CloudFront in an AWS China region without a domain (no *.cloudfront.cn there)',
      { ...base, region: 'cn-north-1', site: { mode: 'cloudfront' } },
      /^site: .*ICP recordal.*domainName \+ iamCertificateId, or use site: \{ mode: 'off' \}/,
    ],
    [
      'an ACM certificate in an AWS China region (CloudFront there has no ACM)',
      {
        ...base,
        region: 'cn-northwest-1',
        site: { mode: 'cloudfront', domainName: 'budget.example.com.cn', certificateArn: CERTIFICATE_ARN },
      },
      /^site\.certificateArn: .*does not support ACM.*iamCertificateId/,
    ],
    [
      'an IAM certificate id outside China',
      {
        ...base,
        region: 'ap-east-1',
        site: { mode: 'cloudfront', domainName: 'budget.example.org', iamCertificateId: IAM_CERTIFICATE_ID },
      },
      /^site\.iamCertificateId: .*AWS China.*certificateArn/,
    ],
    [
      'an IAM certificate id without a pinned region (the stack could not know it deploys to China)',
      {
        ...base,
        site: { mode: 'cloudfront', domainName: 'budget.example.org', iamCertificateId: IAM_CERTIFICATE_ID },
      },
      /^site\.iamCertificateId: .*pin region/,
    ],
    [
      'an IAM certificate name or ARN instead of its id',
      {
        ...base,
        region: 'cn-north-1',
        site: {
          mode: 'cloudfront',
          domainName: 'budget.example.com.cn',
          iamCertificateId: 'arn:aws-cn:iam::123456789012:server-certificate/cloudfront/budget',
        },
      },
      /^site\.iamCertificateId: .*ServerCertificateId/,
    ],
  ])('rejects %s', (_what, input, message) => {
    const problems = problemsOf(input);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('rejects both an ACM and an IAM certificate', () => {
    const problems = problemsOf({
      ...base,
      region: 'cn-north-1',
      site: {
        mode: 'cloudfront',
        domainName: 'budget.example.com.cn',
        certificateArn: CERTIFICATE_ARN,
        iamCertificateId: IAM_CERTIFICATE_ID,
      },
    });
    expect(problems).toContainEqual(expect.stringMatching(/^site: give one certificate/));
  });

  it('allows a China region with the site off', () => {
    expect(problemsOf({ ...base, region: 'cn-north-1', site: { mode: 'off' } })).toEqual([]);
  });

  it.each(['cn-north-1', 'cn-northwest-1'])(
    'allows CloudFront in %s with an ICP domain and an IAM server certificate',
    (region) => {
      expect(
        problemsOf({
          ...base,
          region,
          site: {
            mode: 'cloudfront',
            domainName: 'budget.example.com.cn',
            iamCertificateId: IAM_CERTIFICATE_ID,
          },
        }),
      ).toEqual([]);
    },
  );
});

describe('parseCities', () => {
  it('rejects duplicate ids, naming the id', () => {
    expect(() => parseCities([base, { ...base, displayName: 'another' }])).toThrow(
      /duplicate city id "testcounty"/,
    );
  });

  it('rejects an empty list', () => {
    expect(() => parseCities([])).toThrow(CityConfigError);
  });

  it('says which city and field are wrong', () => {
    expect(() => parseCities([base, { ...base, id: 'second', lagThreshold: 5 }])).toThrow(
      /city "second" \(cities\[1\]\) lagThreshold: Too big/,
    );
  });
});

describe('selectCity', () => {
  const cities = parseCities([base, { ...base, id: 'othercounty' }]);

  it('returns the city named by -c city=<id>', () => {
    expect(selectCity(cities, 'othercounty').id).toBe('othercounty');
  });

  it('rejects an unknown city, listing the known ids', () => {
    expect(() => selectCity(cities, 'bogus')).toThrow(
      new CityConfigError('unknown city "bogus"; known cities: testcounty, othercounty'),
    );
  });

  it.each([undefined, '', 42])('rejects a missing city (%s), listing the known ids', (requested) => {
    expect(() => selectCity(cities, requested)).toThrow(
      /no city selected: pass -c city=<id>; known cities: testcounty, othercounty/,
    );
  });
});
