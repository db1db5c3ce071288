/**
 * `npm start` as a user runs it, in a child process on free ports with a throw-away data
 * directory: the browser test drives the real thing, not an in-process shortcut.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../local/ports';

export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');

export interface LocalProcess {
  siteUrl: string;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Seconds from spawn to the `ready:` line. */
  secondsToReady: number;
  /** SIGTERM, then the exit code (null if it had to be killed). */
  stop(): Promise<number | null>;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(null);
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

export async function startLocalProcess(readyTimeoutMs = 120_000): Promise<LocalProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'budget-e2e-'));
  const [site, s3, dynamodb] = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(site),
    S3_PORT: String(s3),
    DYNAMODB_PORT: String(dynamodb),
    DATA_DIR: dataDir,
    DEMO: '1',
  };
  const started = Date.now();
  const child = spawn(TSX, ['local/start.ts'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });

  const siteUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ready line in ${readyTimeoutMs} ms:\n${output}`)),
      readyTimeoutMs,
    );
    const check = () => {
      const m = /^ready: (http:\/\/\S+)/m.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
  const secondsToReady = (Date.now() - started) / 1000;

  return {
    siteUrl,
    env,
    dataDir,
    output: () => output,
    secondsToReady,
    async stop() {
      child.kill('SIGTERM');
      const code = await waitForExit(child, 30_000);
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Runs the `budget` CLI as a user would, against the same local process. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, ['bin/cli.ts', ...args], {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
