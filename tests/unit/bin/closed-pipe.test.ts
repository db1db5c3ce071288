/**
 * `npx budget validate big.csv | head`: the reader closes the pipe after a few lines. The CLI
 * stops quietly (no EPIPE stack trace on stderr) with the verdict's exit code, as Unix tools do.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { EXPORT_HEADER } from '../../support/export-csv';

const root = join(import.meta.dirname, '..', '..', '..');

it('a reader that closes the pipe early is not a crash', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'budget-pipe-'));
  // Every line has a bad amount: a long report, and eight of them, far beyond a pipe's buffer.
  const rows = Array.from(
    { length: 2_000 },
    (_, i) => `2021,12,U1,单位,P${i},项目,一级,一般公共预算,2081901,项目支出,1x0.00,1.00,10.00`,
  );
  const file = join(dir, 'bad.csv');
  writeFileSync(file, `${[EXPORT_HEADER, ...rows].join('\r\n')}\r\n`);

  const child = spawn(
    process.execPath,
    [join(root, 'bin', 'budget.mjs'), 'validate', ...Array(8).fill(file), '--json'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // Like `head -c 100`: read one chunk, then close the pipe.
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

  expect(stderr).not.toMatch(/EPIPE|Unhandled 'error' event/);
  expect(code).toBe(1);
}, 60_000);
