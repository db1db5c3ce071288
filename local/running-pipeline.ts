/**
 * Where a running `npm start` listens, written into its DATA_DIR (`running.json`) once its
 * servers are up and removed when it stops, so `npx budget upload` and `npx budget rebuild`
 * find it on custom ports (`S3_PORT=4979 npm start`) without being told them again.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LocalConfig } from './config';
import { isAlive } from './data-dir-lock';

export interface RunningPipeline {
  pid: number;
  ports: { site: number; s3: number; dynamodb: number };
  uploadBucket: string;
}

const fileIn = (dataDir: string) => path.join(dataDir, 'running.json');

/** Records this process's ports; returns the function that removes the record again. */
export function recordRunningPipeline(dataDir: string, running: Omit<RunningPipeline, 'pid'>): () => void {
  const file = fileIn(dataDir);
  writeFileSync(file, `${JSON.stringify({ pid: process.pid, ...running }, null, 2)}\n`);
  return () => {
    if (readRunningPipeline(dataDir)?.pid === process.pid) rmSync(file, { force: true });
  };
}

/** The pipeline running on this data directory, if its process is still alive. */
export function readRunningPipeline(dataDir: string): RunningPipeline | undefined {
  let running: RunningPipeline;
  try {
    running = JSON.parse(readFileSync(fileIn(dataDir), 'utf8')) as RunningPipeline;
  } catch {
    return undefined;
  }
  const port = (n: unknown) => Number.isInteger(n) && (n as number) > 0 && (n as number) < 65536;
  const valid =
    Number.isInteger(running?.pid) &&
    port(running.ports?.s3) &&
    port(running.ports?.dynamodb) &&
    port(running.ports?.site) &&
    typeof running.uploadBucket === 'string';
  return valid && isAlive(running.pid) ? running : undefined;
}

/**
 * The local settings with the ports (and upload bucket) of the pipeline running on their
 * DATA_DIR, where the environment does not set them itself; unchanged when none runs.
 */
export function withRunningPipeline(config: LocalConfig, env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const running = readRunningPipeline(config.dataDir);
  if (running === undefined) return config;
  const unset = (name: string) => env[name] === undefined || env[name] === '';
  return {
    ...config,
    s3Port: unset('S3_PORT') ? running.ports.s3 : config.s3Port,
    dynamodbPort: unset('DYNAMODB_PORT') ? running.ports.dynamodb : config.dynamodbPort,
    sitePort: unset('PORT') ? running.ports.site : config.sitePort,
    uploadBucket:
      unset('UPLOAD_BUCKET') && unset('CITY_ID') && unset('CITY_CONFIG')
        ? running.uploadBucket
        : config.uploadBucket,
  };
}
