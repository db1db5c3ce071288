/** Starts `emulator-host.ts` in its own process and learns where the emulators listen. */
import { fork } from 'node:child_process';
import type { ConnectionConfig } from '../functions/common/env';
import { connectionSchema } from './phase-result';
import { benchScript } from './run-child';

export interface EmulatorProcess {
  connection: ConnectionConfig;
  stop(): Promise<void>;
}

export function startEmulatorProcess(): Promise<EmulatorProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(benchScript('emulator-host.ts'), [], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`emulator host ended (exit code ${code}) before starting`)),
    );
    child.once('message', (message) => {
      resolve({
        connection: connectionSchema.parse(message),
        async stop() {
          if (child.connected) child.disconnect();
          await exited;
        },
      });
    });
  });
}
