import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { cityInputs } from '../../infra/cities';
import { PROJECT_ROOT } from './support/synth-city';

const knownIds = cityInputs.map((city) => city.id).join(', ');

const outdir = mkdtempSync(path.join(tmpdir(), 'budget-cdk-app-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/**
 * Runs `infra/app.ts` the way `cdk synth -c city=…` does: the CLI hands context to the app in
 * CDK_CONTEXT_JSON and reads its exit code and stderr.
 */
async function runApp(context: Record<string, unknown>): Promise<{ code: number; stderr: string }> {
  try {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir },
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
