import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { cityInputs } from '../../infra/cities';
import { CityConfigError, type CityConfigInput } from '../../infra/config/city-config';
import { addCityStack } from '../../infra/pipeline-app';
import { SiteAccessStack } from '../../infra/site-access-stack';
import { buildCityApp, logicalIdOf, type SynthOptions, synthCity } from './support/synth-city';

const lechang = cityInputs.find((city) => city.id === 'lechang');
if (lechang?.site.mode !== 'cloudfront' || typeof lechang.site.access !== 'object') {
  throw new Error('lechang is the configured city with an IP allow-list');
}
const LECHANG_CIDRS = lechang.site.access.allowCidrs;

const cityWith = (id: string, site: CityConfigInput['site'], extra: Partial<CityConfigInput> = {}) =>
  ({ id, displayName: '测试县民政局', site, ...extra }) satisfies CityConfigInput;

/** The synthesized stacks of the app: the city's and, when there is one, its us-east-1 ACL stack. */
function synthStacks(city: CityConfigInput, options: SynthOptions = {}) {
  const { app, stack } = buildCityApp(city.id, { extraCities: [city], ...options });
  const edge = app.node.children.find((child): child is SiteAccessStack => child instanceof SiteAccessStack);
  return {
    stack,
    template: Template.fromStack(stack),
    edge,
    edgeTemplate: edge === undefined ? undefined : Template.fromStack(edge),
  };
}

/** The one web ACL of a template, with the IP sets its allow rule refers to, resolved to addresses. */
function webAclOf(template: Template) {
  const acls = Object.entries(template.findResources('AWS::WAFv2::WebACL'));
  expect(acls).toHaveLength(1);
  const [[aclId, acl]] = acls as [[string, { Properties: Record<string, unknown> }]];
  const ipSets = template.findResources('AWS::WAFv2::IPSet');
  const rules = acl.Properties.Rules as {
    Action: unknown;
    Statement: Record<string, unknown>;
    VisibilityConfig: unknown;
  }[];
  const referenced = (statement: Record<string, unknown>): string[] => {
    const or = statement.OrStatement as { Statements: Record<string, unknown>[] } | undefined;
    if (or !== undefined) return or.Statements.flatMap(referenced);
    const reference = statement.IPSetReferenceStatement as { Arn: { 'Fn::GetAtt': [string, string] } };
    const [ipSetId] = reference.Arn['Fn::GetAtt'];
    const ipSet = ipSets[ipSetId];
    expect(ipSet, `IP set ${ipSetId}`).toBeDefined();
    return ipSet?.Properties.Addresses as string[];
  };
  return { aclId, acl: acl.Properties, rules, allowed: (rules[0] && referenced(rules[0].Statement)) ?? [] };
}

function acknowledgedIds(root: IConstruct): string[] {
  return root.node
    .findAll()
    .flatMap((construct) => construct.node.metadata)
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.keys(entry.data as Record<string, string>))
    .map((id) => id.replace(/^Annotation::/, ''))
    .sort();
}

describe('an allow-list site whose stack is in us-east-1 (lechang, CLI region us-east-1)', () => {
  const { stack, template } = synthCity('lechang');
  const distributionId = () => {
    const distribution = stack.site?.distribution;
    if (distribution === undefined) throw new Error('lechang has a CloudFront site');
    return logicalIdOf(stack, distribution);
  };

  it('has a CloudFront-scope web ACL that blocks by default and allows exactly the configured ranges', () => {
    const { acl, rules, allowed } = webAclOf(template);
    expect(acl.Scope).toBe('CLOUDFRONT');
    expect(acl.DefaultAction).toEqual({
      Block: { CustomResponse: { ResponseCode: 403, CustomResponseBodyKey: 'internal-only' } },
    });
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Action).toEqual({ Allow: {} });
    expect([...allowed].sort()).toEqual([...LECHANG_CIDRS].sort());
  });

  it('keeps one IP set per address family, each with exactly its ranges', () => {
    template.resourceCountIs('AWS::WAFv2::IPSet', 2);
    template.hasResourceProperties('AWS::WAFv2::IPSet', {
      Scope: 'CLOUDFRONT',
      IPAddressVersion: 'IPV4',
      Addresses: LECHANG_CIDRS.filter((cidr) => !cidr.includes(':')),
    });
    template.hasResourceProperties('AWS::WAFv2::IPSet', {
      Scope: 'CLOUDFRONT',
      IPAddressVersion: 'IPV6',
      Addresses: LECHANG_CIDRS.filter((cidr) => cidr.includes(':')),
    });
  });

  it('is associated with the distribution by its ARN', () => {
    const { aclId } = webAclOf(template);
    template.hasResource('AWS::CloudFront::Distribution', {
      Properties: {
        DistributionConfig: Match.objectLike({ WebACLId: { 'Fn::GetAtt': [aclId, 'Arn'] } }),
      },
    });
    expect(distributionId()).toBeDefined();
  });

  it('answers a blocked reader with a bilingual page', () => {
    const { acl } = webAclOf(template);
    const bodies = acl.CustomResponseBodies as Record<string, { ContentType: string; Content: string }>;
    expect(bodies['internal-only']?.ContentType).toBe('TEXT_HTML');
    expect(bodies['internal-only']?.Content).toContain('仅限内部访问');
    expect(bodies['internal-only']?.Content).toContain('Internal site');
  });

  it('publishes metrics and sampled requests, and logs every request to an aws-waf-logs-* group', () => {
    const { aclId, acl, rules } = webAclOf(template);
    const visible = {
      CloudWatchMetricsEnabled: true,
      SampledRequestsEnabled: true,
      MetricName: expect.any(String),
    };
    expect(acl.VisibilityConfig).toEqual(visible);
    expect(rules[0]?.VisibilityConfig).toEqual(visible);
    const [logGroupId] = Object.keys(
      template.findResources('AWS::Logs::LogGroup', {
        Properties: { LogGroupName: 'aws-waf-logs-budget-lechang' },
      }),
    );
    if (logGroupId === undefined) throw new Error('a WAF log group');
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: 'aws-waf-logs-budget-lechang',
      RetentionInDays: 365,
    });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
      // WAF takes the log group ARN without the `:*` suffix LogGroup.logGroupArn has.
      LogDestinationConfigs: [
        {
          'Fn::Join': [
            '',
            ['arn:aws:logs:us-east-1:', { Ref: 'AWS::AccountId' }, ':log-group:', { Ref: logGroupId }],
          ],
        },
      ],
    });
    expect(template.toJSON().Resources).not.toHaveProperty('LoggingFilter');
  });

  it('needs no second stack and acknowledges no WAF finding', () => {
    expect(stack.region).toBe('us-east-1');
    expect(stack.siteAllowList).toBeDefined();
    expect(acknowledgedIds(stack)).not.toContain('AwsSolutions-CFR2');
  });
});

describe('an allow-list site whose stack is in another region', () => {
  const city = cityWith(
    'test-hk',
    { mode: 'cloudfront', access: { allowCidrs: ['198.51.100.0/24', '203.0.113.128/25'] } },
    { region: 'ap-east-1' },
  );
  const { stack, template, edge, edgeTemplate } = synthStacks(city);

  it('puts the web ACL into a second stack pinned to us-east-1, in the same account', () => {
    if (edge === undefined || edgeTemplate === undefined) throw new Error('a us-east-1 stack');
    expect(edge.stackName).toBe('BudgetPipeline-test-hk-SiteAccess');
    expect(edge.region).toBe('us-east-1');
    expect(edge.account).toBe(stack.account);
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.resourceCountIs('AWS::WAFv2::IPSet', 0);
    const { acl, allowed } = webAclOf(edgeTemplate);
    expect(acl.Scope).toBe('CLOUDFRONT');
    expect(acl.DefaultAction).toMatchObject({ Block: {} });
    expect(allowed).toEqual(['198.51.100.0/24', '203.0.113.128/25']);
    // IPv4 only: one IP set, referenced directly (an OR needs two statements).
    edgeTemplate.resourceCountIs('AWS::WAFv2::IPSet', 1);
    edgeTemplate.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 1);
  });

  it('reads the ACL ARN from that stack across regions, with no custom resource, and deploys after it', () => {
    if (edge === undefined || edgeTemplate === undefined) throw new Error('a us-east-1 stack');
    const [outputName] = Object.keys(edgeTemplate.findOutputs('*'));
    const { aclId } = webAclOf(edgeTemplate);
    edgeTemplate.hasOutput(outputName ?? '', { Value: { 'Fn::GetAtt': [aclId, 'Arn'] } });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: {
          'Fn::GetStackOutput': {
            StackName: 'BudgetPipeline-test-hk-SiteAccess',
            Region: 'us-east-1',
            OutputName: outputName,
          },
        },
      }),
    });
    expect(stack.dependencies).toContain(edge);
    // Strong cross-region references would add SSM-writing custom resources (and their findings).
    expect(JSON.stringify(template.toJSON())).not.toContain('CrossRegion');
    expect(JSON.stringify(edgeTemplate.toJSON())).not.toContain('CrossRegion');
    template.resourceCountIs('AWS::Lambda::Function', 3);
  });

  it('takes the CLI profile region when the city pins none', () => {
    const { stack: agnostic, edge: agnosticEdge } = synthStacks(
      cityWith('test-cli', { mode: 'cloudfront', access: { allowCidrs: ['2001:db8::/32'] } }),
      { cliRegion: 'eu-west-1' },
    );
    expect(agnostic.region).toBe('eu-west-1');
    expect(agnosticEdge?.region).toBe('us-east-1');
  });
});

describe('a public site', () => {
  const city = cityWith('test-public', { mode: 'cloudfront', access: 'public' });
  const { stack, template, edge } = synthStacks(city);

  it('has no web ACL, no IP set and no ACL on the distribution', () => {
    expect(edge).toBeUndefined();
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.resourceCountIs('AWS::WAFv2::IPSet', 0);
    template.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 0);
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    expect(distribution?.Properties.DistributionConfig).not.toHaveProperty('WebACLId');
  });

  it("stays environment-agnostic and acknowledges the missing WAF as the city's choice", () => {
    expect(Stack.of(stack).resolve(stack.region)).toEqual({ Ref: 'AWS::Region' });
    expect(acknowledgedIds(stack)).toEqual(
      expect.arrayContaining(['AwsSolutions-CFR1', 'AwsSolutions-CFR2', 'AwsSolutions-CFR3']),
    );
  });
});

describe('a CloudFront site without site.access', () => {
  it('does not synthesize, and the message names the setting and the two choices', () => {
    const city = cityWith('test-unset', { mode: 'cloudfront' });
    expect(() => buildCityApp(city.id, { extraCities: [city] })).toThrow(CityConfigError);
    expect(() => buildCityApp(city.id, { extraCities: [city] })).toThrow(
      /^city "test-unset": site\.access is not set; choose who may read the site: "access": \{"allowCidrs".*"access": "public"/,
    );
  });

  it('is not asked of a city whose site is off', () => {
    expect(() => synthCity('renhua')).not.toThrow();
  });
});

describe('an allow-list when the region is not known at synth', () => {
  it('fails with a message saying to pin the region or run through the cdk CLI', () => {
    const city = cityWith('test-noregion', {
      mode: 'cloudfront',
      access: { allowCidrs: ['203.0.113.0/24'] },
    });
    const app = new App({ context: { city: city.id } });
    expect(() => addCityStack(app, [city], {})).toThrow(
      /site\.access\.allowCidrs needs a web ACL in us-east-1, so the stack's region must be known at synth: set "region".*CDK_DEFAULT_REGION/,
    );
  });
});

describe('-c cityFile=<file>', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'budget-city-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content), 'utf8');
    return file;
  };

  it('builds the city of the file: an allow-list gives a web ACL with exactly its ranges', () => {
    const file = write('hk.json', {
      id: 'filecity',
      displayName: '文件县民政局',
      site: { mode: 'cloudfront', access: { allowCidrs: ['192.0.2.0/24', '2001:db8:ab::/48'] } },
    });
    const { stack, template } = synthCity('filecity', { cityFile: file });
    expect(stack.stackName).toBe('BudgetPipeline-filecity');
    expect(JSON.stringify(template.toJSON())).toContain('文件县民政局');
    const { acl, allowed } = webAclOf(template);
    expect(acl.DefaultAction).toMatchObject({ Block: {} });
    expect([...allowed].sort()).toEqual(['192.0.2.0/24', '2001:db8:ab::/48']);
  });

  it('takes the city file of docs/contract.md §6 as written (site off: no distribution, no ACL)', () => {
    const file = write(
      'contract.json',
      `{"id": "lechang", "displayName": "乐昌市民政局", "scoreWeight": 10, "site": {"mode": "off"},
 "timeProgress": {"checkpoints": {"3": 0.25, "6": 0.5, "9": 0.75, "11": 0.9, "12": 1}},
 "warningLevels": [{"level": "red", "lagPoints": 20}, {"level": "yellow", "lagPoints": 10}],
 "warningMinBudget": "0.00", "alertEmails": []}`,
    );
    const { stack, template } = synthCity('lechang-contract-file', { cityFile: file });
    expect(stack.stackName).toBe('BudgetPipeline-lechang');
    template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
  });

  it('refuses -c city= naming another city than the file', () => {
    const file = write('other.json', cityWith('filecity', { mode: 'off' }));
    const app = new App({ context: { cityFile: file, city: 'lechang' } });
    expect(() => addCityStack(app, cityInputs, {})).toThrow(
      /-c city=lechang and -c cityFile=.*other\.json \(id "filecity"\) name different cities/,
    );
  });

  it('reads a file saved with a BOM, and a public site gives no ACL', () => {
    const file = write(
      'public.json',
      `\uFEFF${JSON.stringify(cityWith('filepublic', { mode: 'cloudfront', access: 'public' }))}`,
    );
    const { template } = synthCity('filepublic', { cityFile: file });
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
  });

  it('fails without access, naming the setting', () => {
    const file = write('unset.json', cityWith('fileunset', { mode: 'cloudfront' }));
    expect(() => buildCityApp('fileunset', { cityFile: file })).toThrow(/site\.access is not set; choose/);
  });

  it('names the file and the field when the settings are wrong', () => {
    const file = write('bad.json', {
      ...cityWith('filebad', { mode: 'cloudfront', access: { allowCidrs: ['203.0.113.0/33'] } }),
    });
    expect(() => buildCityApp('filebad', { cityFile: file })).toThrow(
      new RegExp(
        `^invalid city settings in city file ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\n  site\\.access\\.allowCidrs\\.0: `,
      ),
    );
  });

  it('says so when the file is missing or not JSON', () => {
    expect(() => buildCityApp('x', { cityFile: path.join(dir, 'missing.json') })).toThrow(
      /^cannot read city file .*missing\.json.*: no such file$/,
    );
    const file = write('broken.json', '{"id": "broken",');
    expect(() => buildCityApp('broken', { cityFile: file })).toThrow(
      /^city file .*broken\.json is not valid JSON: /,
    );
  });
});
