/**
 * First-start demo data: the twelve Lechang 2021 monthly exports and the bureau's 2021
 * indicator file (everything met, so the self-evaluation scores 100, as the seed report
 * says), uploaded through the S3 API like any user's file so they travel the whole event path.
 * Where a month has a workbook (2021-12.xlsx, in a budget system's layout), the workbook goes
 * instead of the CSV, so a new user sees both kinds of file go through with the same figures.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { INDICATORS_PREFIX } from '../functions/common/object-key';

export const DEMO_DIRECTORY = fileURLToPath(new URL('../examples/lechang-2021/', import.meta.url));
export const DEMO_PREFIX = 'incoming/lechang-2021/';
export const DEMO_INDICATORS_FILE = fileURLToPath(
  new URL('../examples/indicators/lechang-2021.csv', import.meta.url),
);
export const DEMO_INDICATORS_KEY = `${INDICATORS_PREFIX}lechang-2021.csv`;

export function demoFiles(directory = DEMO_DIRECTORY): { file: string; key: string }[] {
  const names = readdirSync(directory);
  return names
    .filter((f) => /^\d{4}-\d{2}\.(csv|xlsx)$/.test(f))
    .filter((f) => !(f.endsWith('.csv') && names.includes(f.replace(/\.csv$/, '.xlsx'))))
    .sort()
    .map((f) => ({ file: path.join(directory, f), key: `${DEMO_PREFIX}${f}` }));
}

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Uploads the demo once per data directory. The marker is written after the uploads, so
 * an interrupted first start uploads again (same bytes: the pipeline treats it as a re-upload).
 */
export async function loadDemoOnce(options: {
  s3: S3Client;
  bucket: string;
  dataDir: string;
}): Promise<string[]> {
  const marker = path.join(options.dataDir, 'demo-loaded');
  if (existsSync(marker)) return [];
  const keys: string[] = [];
  // The exports first: the self-evaluation is re-rendered as each arrives, the indicators last.
  for (const { file, key } of [...demoFiles(), { file: DEMO_INDICATORS_FILE, key: DEMO_INDICATORS_KEY }]) {
    await options.s3.send(
      new PutObjectCommand({
        Bucket: options.bucket,
        Key: key,
        Body: readFileSync(file),
        ContentType: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      }),
    );
    keys.push(key);
  }
  writeFileSync(marker, `${new Date().toISOString()}\n${keys.join('\n')}\n`);
  return keys;
}
