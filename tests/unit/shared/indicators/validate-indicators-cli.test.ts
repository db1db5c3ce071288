import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../csv/helpers';

const run = promisify(execFile);
const EXAMPLE = join(projectRoot, 'examples', 'indicators', 'lechang-2021.csv');

async function budget(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout } = await run(
      process.execPath,
      [join(projectRoot, 'bin', 'budget.mjs'), 'validate', ...args],
      {
        cwd: projectRoot,
        env: { ...process.env, ...env },
      },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
  }
}

describe('budget validate on an indicator file (recognised by its header)', () => {
  it('exits 0 and prints each set with its weights', async () => {
    const { code, stdout } = await budget({}, EXAMPLE, '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ valid: true, kind: 'indicators', year: 2021, rows: 34, errors: [] });
    expect(json.sets.map((s: { projectCode: string; weight: string }) => [s.projectCode, s.weight])).toEqual([
      ['部门整体', '90'],
      ['44028121A000001', '90'],
      ['44028121A000002', '90'],
      ['44028121A000003', '90'],
      ['44028121A000004', '90'],
    ]);
  });

  it('exits 1 when weights and the execution weight do not make 100, naming line, column and sum', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'indicators-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(
      file,
      readFileSync(EXAMPLE, 'utf8').replace(',服务对象满意度,≥,%,90,95,15,', ',服务对象满意度,≥,%,90,95,10,'),
    );
    const { code, stdout } = await budget({}, file, '--json');
    expect(code).toBe(1);
    expect(JSON.parse(stdout).errors).toEqual([
      expect.objectContaining({ line: 2, column: '分值', value: '85' }),
    ]);
    // the city's execution weight (SCORE_WEIGHT) is what the sets must complete to 100
    const other = await budget({ SCORE_WEIGHT: '15' }, EXAMPLE, '--json');
    expect(other.code).toBe(1);
    expect(JSON.parse(other.stdout).errors.map((e: { value: string }) => e.value)).toEqual([
      '90',
      '90',
      '90',
      '90',
      '90',
    ]);
  });
});
