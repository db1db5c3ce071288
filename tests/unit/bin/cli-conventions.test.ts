/**
 * The conventions of `budget` as a command-line tool (docs/contract.md §6): help on stdout with
 * exit 0 for the tool and every command, a version, usage that lists every command, file type and
 * flag, and usage errors on stderr with exit 2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { USAGE as REBUILD_USAGE } from '../../../bin/commands/rebuild';
import { USAGE as UPLOAD_USAGE } from '../../../bin/commands/upload';
import { USAGE as VALIDATE_USAGE } from '../../../bin/commands/validate';
import { runBudget } from '../../support/run-budget';

const root = join(import.meta.dirname, '../../..');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

const budget = runBudget;

describe('budget', () => {
  it('prints its usage on stdout and exits 0 for --help, -h and help', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const { code, stdout, stderr } = await budget(...args);
      expect([args, code, stderr]).toEqual([args, 0, '']);
      expect(stdout).toContain('budget validate <file>...');
      expect(stdout).toContain('budget upload <file>');
      expect(stdout).toContain('budget rebuild');
    }
  });

  it("lists every command's flags and the file types in its usage", async () => {
    const { stdout } = await budget('--help');
    for (const flag of [
      '--json',
      '--columns',
      '--city',
      '--stack',
      '--bucket',
      '--profile',
      '--region',
      '--key',
      '--timeout',
      '--force',
      '--version',
    ]) {
      expect(stdout, flag).toContain(flag);
    }
    for (const type of ['.csv', '.xlsx', '.xls', 'incoming/', 'indicators/'])
      expect(stdout, type).toContain(type);
    for (const usage of [VALIDATE_USAGE, UPLOAD_USAGE]) {
      for (const flag of usage.match(/--[a-z]+/g) ?? []) expect(stdout, flag).toContain(flag);
    }
  });

  it('prints each command’s usage on stdout and exits 0 for --help, -h and help <command>', async () => {
    const usages = { validate: VALIDATE_USAGE, upload: UPLOAD_USAGE, rebuild: REBUILD_USAGE };
    for (const [command, usage] of Object.entries(usages)) {
      for (const args of [
        [command, '--help'],
        [command, '-h'],
        ['help', command],
      ]) {
        const { code, stdout, stderr } = await budget(...args);
        expect([args, code, stderr]).toEqual([args, 0, '']);
        expect(stdout).toBe(usage);
      }
    }
  });

  it('prints its version (package.json) for --version', async () => {
    for (const args of [['--version'], ['-v']]) {
      const { code, stdout } = await budget(...args);
      expect(code).toBe(0);
      expect(stdout).toBe(`${version}\n`);
    }
  });

  it('refuses an unknown command on stderr, exit 2, suggesting the command meant', async () => {
    const { code, stdout, stderr } = await budget('uplod', 'x.csv');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('unknown command: uplod (是否应为 / did you mean "upload"?)');
    expect(stderr).toContain('budget validate <file>...');
  });
});
