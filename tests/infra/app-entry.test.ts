import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { cityInputs } from '../../infra/cities';
import { CDK_JSON_CONTEXT, PROJECT_ROOT } from './support/synth-city';

const knownIds = cityInputs.map((city) => city.id).join(', ');

const outdir = mkdtempSync(path.join(tmpdir(), 'budget-cdk-app-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/**
 * Runs `infra/app.ts` the way `cdk synth -c city=…` does: the CLI hands context to the app in
 * CDK_CONTEXT_JSON and reads its exit code and stderr.
 */
async function runApp(
  context: Record<string, unknown>,
  env: Record<string, string> = {},
): Promise<{ code: number; stderr: string }> {
  try {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir },
    });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failure = error as { code?: number; stderr?: string };
    return { code: failure.code ?? -1, stderr: failure.stderr ?? '' };
  }
}

describe('infra/app.ts (cdk synth -c city=…)', () => {
  it('fails on an unknown or missing city with the list of known ids and no stack trace', async () => {
    expect(knownIds).toContain('lechang');
    const [unknown, missing] = await Promise.all([runApp({ city: 'bogus' }), runApp({})]);
    expect(unknown).toEqual({
      code: 1,
      stderr: `error: unknown city "bogus"; known cities: ${knownIds}\n`,
    });
    expect(missing).toEqual({
      code: 1,
      stderr: `error: no city selected: pass -c city=<id>; known cities: ${knownIds}\n`,
    });
  });
});

describe('infra/app.ts (cdk synth -c cityFile=…)', () => {
  const cityFile = (name: string, settings: unknown) => {
    const file = path.join(outdir, name);
    writeFileSync(file, JSON.stringify(settings), 'utf8');
    return file;
  };

  it('fails on a CloudFront site without site.access, naming the setting, with no stack trace', async () => {
    const file = cityFile('unset.json', { id: 'unset', displayName: '测试', site: { mode: 'cloudfront' } });
    const result = await runApp({ cityFile: file });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: city "unset": site\.access is not set; choose who may read the site: /,
    );
    expect(result.stderr).not.toContain('    at ');
  });

  it('synthesizes an allow-list city with the region the CLI passes: the web ACL is in its template', async () => {
    const file = cityFile('allow.json', {
      id: 'allowcity',
      displayName: '测试县民政局',
      site: { mode: 'cloudfront', access: { allowCidrs: ['192.0.2.0/24'] } },
    });
    const result = await runApp(
      // As the CLI does: cdk.json's feature flags in the context, the profile's region in the env.
      { ...CDK_JSON_CONTEXT, cityFile: file, 'aws:cdk:bundling-stacks': [] },
      { CDK_DEFAULT_REGION: 'us-east-1' },
    );
    expect(result).toEqual({ code: 0, stderr: expect.any(String) });
    const template = JSON.parse(
      readFileSync(path.join(outdir, 'BudgetPipeline-allowcity.template.json'), 'utf8'),
    );
    const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types).toContain('AWS::WAFv2::WebACL');
    expect(types).toContain('AWS::WAFv2::IPSet');
  }, 120_000);
});
