/**
 * Runs one benchmark step in a process of its own: its peak RSS is then its own (not the
 * emulators', nor what an earlier step left on the heap), and the emulators run in yet
 * another process, on the other core, as DynamoDB and S3 would run on other machines.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type PhaseResult, phaseResultSchema } from './phase-result';

export interface ChildOptions {
  /**
   * Node flags of the child. By default this process's own (the tsx loader), so TypeScript
   * scripts run as they are; a bundled script passes its own.
   */
  execArgv?: string[];
  /** Extra Node flags, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  /** Lines the child printed on stdout (its logs), for the report. */
  onOutput?: (line: string) => void;
}

export function benchScript(name: string): string {
  return fileURLToPath(new URL(name, import.meta.url));
}

/** Runs `script` (a path, or a file name in bench/) and resolves with what it reported. */
export function runChild(script: string, args: string[], options: ChildOptions = {}): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(script.includes('/') ? script : benchScript(script), args, {
      execArgv: [...(options.execArgv ?? process.execArgv), ...(options.nodeFlags ?? [])],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    let result: PhaseResult | null = null;
    let pending = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line !== '') options.onOutput?.(line);
    });
    child.on('message', (message) => {
      result = phaseResultSchema.parse(message);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result !== null && code === 0) resolve(result);
      else reject(new Error(`${script} ended with ${signal ?? `exit code ${code}`} before reporting`));
    });
  });
}
