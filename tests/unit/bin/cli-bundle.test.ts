/**
 * The bundled `budget` CLI (scripts/build-cli.mjs, run by bin/budget.mjs): built with the
 * options every bundle shares, runnable on plain Node, and rebuilt whenever a file it was built
 * from changes.
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { buildCli, isCliBundleFresh, manifestIsFresh } from '../../../scripts/build-cli.mjs';
import { ESM_REQUIRE_BANNER } from '../../../scripts/bundle-options.mjs';
import type { RangeOutcome, RangeTask } from '../../../shared/csv/range-validation';
import { resolveValidateOptions } from '../../../shared/export';
import { examplePath } from '../shared/csv/helpers';

const run = promisify(execFile);

describe('the bundled CLI', () => {
  it('is built from the CLI sources with the shared options, is then fresh, and runs on plain Node', async () => {
    const bundle = await buildCli();
    expect(isCliBundleFresh()).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dirname(bundle), 'budget-cli.json'), 'utf8'));
    expect(manifest.inputs).toEqual(
      expect.arrayContaining(['bin/cli.ts', 'bin/commands/validate.ts', 'shared/csv/csv-record-reader.ts']),
    );
    expect(manifest.inputs.some((input: string) => input.includes('node_modules/csv-parse'))).toBe(false);
    expect(readFileSync(bundle, 'utf8').startsWith(ESM_REQUIRE_BANNER)).toBe(true);

    const { stdout } = await run(process.execPath, [bundle, 'validate', examplePath(12), '--json']);
    expect(JSON.parse(stdout)).toMatchObject({ valid: true, rows: 23 });
  });

  it('bundles the worker of a parallel validate next to its chunks, and it validates a range', async () => {
    const bundle = await buildCli();
    const worker = new Worker(join(dirname(bundle), 'range-worker.mjs'));
    try {
      const file = examplePath(12);
      const task: RangeTask = {
        start: 0,
        end: statSync(file).size,
        last: true,
        header: null,
        options: resolveValidateOptions(undefined),
        context: {},
      };
      const reply = await new Promise<{ outcome?: RangeOutcome }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ file, task });
      });
      expect(reply.outcome).toMatchObject({
        endedAtRecord: true,
        lines: 24,
        state: { rows: 23, fatal: false },
      });
    } finally {
      await worker.terminate();
    }
  });

  it('is stale once an input is as new as the build or missing; lock files may be missing', () => {
    const manifest = { builtAt: 1000, inputs: ['package-lock.json', 'bin/cli.ts', 'shared/a.ts'] };
    const mtimes: Record<string, number | null> = {
      'package-lock.json': 10,
      'bin/cli.ts': 999,
      'shared/a.ts': 5,
    };
    const fresh = () => manifestIsFresh(manifest, (input) => mtimes[input] ?? null);
    expect(fresh()).toBe(true);
    mtimes['shared/a.ts'] = 1000;
    expect(fresh()).toBe(false);
    mtimes['shared/a.ts'] = null;
    expect(fresh()).toBe(false);
    mtimes['shared/a.ts'] = 5;
    mtimes['package-lock.json'] = null;
    expect(fresh()).toBe(true);
    mtimes['package-lock.json'] = 2000;
    expect(fresh()).toBe(false);
    expect(manifestIsFresh({}, () => 0)).toBe(false);
  });
});
