/**
 * `budget upload <file.csv|file.xlsx> [--key K] [--bucket B]`: puts an export (under incoming/)
 * or an indicator file (under indicators/, recognised by its header) into the upload bucket and
 * waits for the pipeline's verdict. Without --bucket it targets the local runtime of
 * `npm start` (S3_PORT, UPLOAD_BUCKET / CITY_ID); with --bucket a real bucket through the
 * standard AWS credential chain. Exit 0 accepted, 1 rejected, 2 usage error or no verdict.
 */
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  INCOMING_PREFIX,
  INDICATORS_PREFIX,
  isUploadKey,
  uploadFileTypeOf,
} from '../../functions/common/object-key';
import { awaitStatus, readStatus, recordFingerprint } from '../../local/await-status';
import { localS3Client } from '../../local/clients';
import { ConfigError, configFromEnv, s3Endpoint } from '../../local/config';
import { errorMessage } from '../../local/error-message';
import { describeStatus } from '../../local/upload-status';
import { isIndicatorFile } from '../../shared/indicators/is-indicator-file';

const USAGE = `usage: budget upload <file.csv|file.xlsx> [--key K] [--bucket B] [--timeout SECONDS] [--json]

  --key K        object key (default incoming/<file name>, or indicators/<file name> for an
                 indicator file); must be under incoming/ or indicators/
  --bucket B     a real S3 bucket (standard AWS credentials and region);
                 default: the local bucket of \`npm start\` (S3_PORT, UPLOAD_BUCKET)
  --timeout S    how long to wait for the verdict (default 120)
  --json         print the status record as JSON
exit: 0 accepted, 1 rejected, 2 usage error / no verdict in time
`;

const CONTENT_TYPES = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  unsupported: 'application/octet-stream',
} as const;

function fail(message: string): number {
  process.stderr.write(`budget upload: ${message}\n`);
  return 2;
}

function isConnectionRefused(err: unknown): boolean {
  const text =
    err instanceof Error ? `${err.name} ${err.message} ${String((err as { code?: string }).code)}` : '';
  return /ECONNREFUSED|ECONNRESET|socket hang up/.test(text);
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      key: { type: 'string' },
      bucket: { type: 'string' },
      timeout: { type: 'string', default: '120' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

export async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (err) {
    return fail(`${errorMessage(err)}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) return fail(`expected exactly one file\n${USAGE}`);
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
    return fail('--timeout must be a positive number');

  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return fail(`${file} is not a file`);
    size = stat.size;
  } catch {
    return fail(`cannot read ${file}`);
  }
  const indicators = uploadFileTypeOf(file) === 'csv' && (await isIndicatorFile(createReadStream(file)));
  const key = values.key ?? `${indicators ? INDICATORS_PREFIX : INCOMING_PREFIX}${path.basename(file)}`;
  // Every key under incoming/ or indicators/ gets a verdict (an unsupported type a rejection saying what to do).
  if (!isUploadKey(key)) {
    return fail(
      `key ${key} is not processed by the pipeline: use incoming/…(.csv or .xlsx) or indicators/…(.csv or .xlsx)`,
    );
  }

  let s3: S3Client;
  let bucket: string;
  let where: string;
  if (values.bucket !== undefined) {
    bucket = values.bucket;
    s3 = new S3Client({});
    where = `s3://${bucket}/${key}`;
  } else {
    try {
      const config = configFromEnv();
      bucket = config.uploadBucket;
      s3 = localS3Client(config.s3Port);
      where = `s3://${bucket}/${key} at ${s3Endpoint(config.s3Port)}`;
    } catch (err) {
      if (err instanceof ConfigError) return fail(err.message);
      throw err;
    }
  }

  try {
    const before = recordFingerprint(await readStatus(s3, bucket, key));
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: createReadStream(file),
        // Known length: the SDK then sends a plain body, never an aws-chunked one.
        ContentLength: size,
        ContentType: CONTENT_TYPES[uploadFileTypeOf(key)],
      }),
    );
    process.stderr.write(`uploaded ${file} → ${where}\nwaiting for the pipeline / 等待处理结果…\n`);
    const status = await awaitStatus(
      s3,
      { bucket, key, etag: put.ETag ?? '', versionId: put.VersionId },
      before,
      {
        timeoutMs: timeoutSeconds * 1000,
        onWait: (ms) => {
          if (process.stderr.isTTY) process.stderr.write(`\r  ${Math.round(ms / 1000)} s`);
        },
      },
    );
    if (process.stderr.isTTY) process.stderr.write('\r');
    if (status === null) {
      return fail(
        `no status for ${key} after ${timeoutSeconds} s. ` +
          (values.bucket === undefined
            ? 'Is `npm start` running, and does its console show an error?'
            : 'Check the ingest queue, its dead-letter queue and the function logs.'),
      );
    }
    if (values.json) process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    else process.stdout.write(`${describeStatus(status).join('\n')}\n`);
    return status.status === 'accepted' ? 0 : 1;
  } catch (err) {
    if (values.bucket === undefined && isConnectionRefused(err)) {
      return fail(
        `cannot reach the local S3 emulator (${where}). Start it with \`npm start\` (or set S3_PORT).`,
      );
    }
    return fail(errorMessage(err, { withName: true }));
  } finally {
    s3.destroy();
  }
}
