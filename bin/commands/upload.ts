/**
 * `budget upload <file.csv|file.xlsx>`: puts an export (under incoming/) or an indicator file
 * (under indicators/, recognised by its header) into the upload bucket and waits for the
 * pipeline's verdict. Targets, in this order: `--bucket` (a real bucket, standard AWS
 * configuration), `--city`/`--stack` (a deployed city: the bucket from its stack's outputs, with
 * the user's AWS profile), else the local runtime of `npm start` (the ports it recorded in its
 * DATA_DIR, or S3_PORT). Exit 0 accepted, 1 rejected, 2 usage error or no verdict.
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
import { withRunningPipeline } from '../../local/running-pipeline';
import { describeStatus } from '../../local/upload-status';
import { messages } from '../../shared/export/issue-messages';
import { isIndicatorFile } from '../../shared/indicators/is-indicator-file';
import { DeployedCityError, findDeployedUploadBucket } from '../deployed-city';

export const USAGE = `用法 usage: budget upload <file.csv|file.xlsx> [options]

上传一个文件并等待流水线的处理结果 / uploads one file and waits for the pipeline's verdict.
导出文件放在 incoming/ 下，绩效指标文件（按表头识别）放在 indicators/ 下
/ exports go under incoming/, indicator files (recognised by their header) under indicators/.

目标 target (默认本机 npm start / default: the local \`npm start\`):
  --city ID       已部署的城市（堆栈 BudgetPipeline-ID 的输出给出上传桶）
                  a deployed city: the upload bucket from the outputs of stack BudgetPipeline-ID
  --stack NAME    同上，直接给出堆栈名 / the same, naming the stack
  --bucket B      直接给出 S3 桶名 / an S3 bucket by name
  --profile P     AWS 配置（否则 AWS_PROFILE 或默认配置）/ AWS profile (else AWS_PROFILE or default)
  --region R      区域（否则城市配置的区域或 AWS 配置的区域）/ region (else the city's, else the profile's)
  本机 local: 自动找到正在运行的 npm start 的端口（DATA_DIR 中的 running.json），或 S3_PORT、UPLOAD_BUCKET
  / finds the ports of the running \`npm start\` (running.json in DATA_DIR), or S3_PORT, UPLOAD_BUCKET

选项 options:
  --key K         对象键（默认 incoming/<文件名> 或 indicators/<文件名>），须在 incoming/ 或 indicators/ 下
                  object key (default incoming/<name> or indicators/<name>); under incoming/ or indicators/
  --force         也上传流水线会拒绝的文件类型（.xls 等），以便看到拒绝记录
                  upload a file type the pipeline refuses (.xls…) anyway, to get its rejection on record
  --timeout S     等待结果的秒数（默认 120）/ seconds to wait for the verdict (default 120)
  --json          以 JSON 输出状态记录 / print the status record as JSON
  -h, --help      本说明 / this help

退出码 exit: 0 已接受 accepted · 1 已拒绝 rejected · 2 用法错误或超时 usage error / no verdict in time
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
      city: { type: 'string' },
      stack: { type: 'string' },
      profile: { type: 'string' },
      region: { type: 'string' },
      force: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '120' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

type Values = ReturnType<typeof parse>['values'];

interface Target {
  s3: S3Client;
  bucket: string;
  /** For messages: `s3://bucket/key at http://127.0.0.1:4569`. */
  where: string;
  local: boolean;
}

async function targetOf(values: Values, key: string): Promise<Target | string> {
  const remote = [values.bucket, values.city, values.stack].filter((v) => v !== undefined);
  if (remote.length > 1)
    return '--bucket、--city、--stack 只能给一个 / give one of --bucket, --city, --stack';
  const clientConfig = {
    ...(values.profile === undefined ? {} : { profile: values.profile }),
    ...(values.region === undefined ? {} : { region: values.region }),
  };
  if (values.bucket !== undefined) {
    return {
      s3: new S3Client(clientConfig),
      bucket: values.bucket,
      where: `s3://${values.bucket}/${key}`,
      local: false,
    };
  }
  if (values.city !== undefined || values.stack !== undefined) {
    try {
      const found = await findDeployedUploadBucket({
        city: values.city,
        stack: values.stack,
        profile: values.profile,
        region: values.region,
      });
      const s3 = new S3Client({
        ...clientConfig,
        ...(found.region === undefined ? {} : { region: found.region }),
      });
      return {
        s3,
        bucket: found.bucket,
        where: `s3://${found.bucket}/${key} (${found.stackName})`,
        local: false,
      };
    } catch (err) {
      if (err instanceof DeployedCityError) return err.message;
      throw err;
    }
  }
  try {
    const config = withRunningPipeline(configFromEnv());
    return {
      s3: localS3Client(config.s3Port),
      bucket: config.uploadBucket,
      where: `s3://${config.uploadBucket}/${key} at ${s3Endpoint(config.s3Port)}`,
      local: true,
    };
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
}

export async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (err) {
    return fail(`${errorMessage(err)} / 参数有误\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) {
    return fail(`一次上传一个文件 / expected exactly one file\n\n${USAGE}`);
  }
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
    return fail('--timeout 须为正数 / --timeout must be a positive number');

  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return fail(`不是文件 / not a file: ${file}`);
    size = stat.size;
  } catch {
    return fail(`无法读取 / cannot read ${file}`);
  }
  // What the pipeline would only answer with a rejection is refused here, before any upload.
  if (uploadFileTypeOf(file) === 'unsupported' && !values.force) {
    return fail(
      `${messages.unsupportedFileType(path.basename(file))}\n（仍要上传以留下拒绝记录：--force / to upload it anyway and get the rejection on record: --force）`,
    );
  }
  const type = uploadFileTypeOf(file);
  const indicators =
    (type === 'csv' || type === 'xlsx') && (await isIndicatorFile(createReadStream(file), type));
  const key = values.key ?? `${indicators ? INDICATORS_PREFIX : INCOMING_PREFIX}${path.basename(file)}`;
  // Every key under incoming/ or indicators/ gets a verdict (an unsupported type a rejection saying what to do).
  if (!isUploadKey(key)) {
    return fail(
      `流水线不处理键 ${key}：请用 incoming/…（.csv 或 .xlsx）或 indicators/…（.csv 或 .xlsx）/ ` +
        `key ${key} is not processed by the pipeline: use incoming/…(.csv or .xlsx) or indicators/…(.csv or .xlsx)`,
    );
  }

  const target = await targetOf(values, key);
  if (typeof target === 'string') return fail(target);
  const { s3, bucket, where } = target;
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
    process.stderr.write(`已上传 uploaded ${file} → ${where}\n等待处理结果 / waiting for the pipeline…\n`);
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
        `${timeoutSeconds} 秒内没有 ${key} 的处理结果 / no status for ${key} after ${timeoutSeconds} s. ` +
          (target.local
            ? '`npm start` 是否在运行？其控制台是否显示错误？/ Is `npm start` running, and does its console show an error?'
            : '请查看 ingest 队列、死信队列和函数日志 / Check the ingest queue, its dead-letter queue and the function logs.'),
      );
    }
    if (values.json) process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    else process.stdout.write(`${describeStatus(status).join('\n')}\n`);
    return status.status === 'accepted' ? 0 : 1;
  } catch (err) {
    if (target.local && isConnectionRefused(err)) {
      return fail(
        `连不上本机 S3 模拟器 / cannot reach the local S3 emulator (${where}). ` +
          '请先运行 `npm start`（或设置 S3_PORT、DATA_DIR）/ Start it with `npm start` (or set S3_PORT, DATA_DIR).',
      );
    }
    return fail(`上传失败 / upload failed: ${errorMessage(err, { withName: true })}`);
  } finally {
    s3.destroy();
  }
}
