import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parentOf } from '../../../local/orphan-watch';

const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const CHILD = fileURLToPath(new URL('./fixtures/orphan-child.ts', import.meta.url));

describe('orphan watch', () => {
  it('reads parent pids from /proc', () => {
    expect(parentOf(process.pid)).toBe(process.ppid);
    expect(parentOf(2 ** 22 + 12345)).toBeNull();
  });

  it('notices when the shell between npm and tsx is killed, like `kill <npm pid>` leaves it', async () => {
    // `; true` keeps sh alive as the parent of tsx instead of exec'ing it: npm's shape.
    const sh = spawn('sh', ['-c', `"${TSX}" "${CHILD}"; true`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    const saw = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${text}" in: ${output}`)), 20_000);
        const check = () => {
          if (output.includes(text)) {
            clearTimeout(timer);
            resolve();
          }
        };
        sh.stdout?.on('data', (c: Buffer) => {
          output += c.toString();
          check();
        });
        check();
      });
    await saw('watching');
    sh.kill('SIGKILL');
    await saw('orphaned');
    expect(output).toContain('orphaned');
  });
});
