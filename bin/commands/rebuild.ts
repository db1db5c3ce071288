/**
 * `budget rebuild`: re-derives the local table and every report from the objects in the
 * upload bucket (S3 is the source of truth). Works against a running `npm start` (same
 * S3_PORT / DYNAMODB_PORT / DATA_DIR), or, when none is running, starts the emulators on
 * DATA_DIR itself for the duration. Exit 0 done, 1 some uploads could not be processed,
 * 2 usage or environment error.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { localDynamoClient, localS3Client } from '../../local/clients';
import { ConfigError, configFromEnv, LOCAL_REGION, type LocalConfig, s3Endpoint } from '../../local/config';
import { DataDirInUseError } from '../../local/data-dir-lock';
import { errorMessage } from '../../local/error-message';
import { loadHandlers, localHandlerEnvironment } from '../../local/handlers';
import { PortInUseError } from '../../local/ports';
import { rebuild } from '../../local/rebuild';
import { withRunningPipeline } from '../../local/running-pipeline';
import { type LocalRuntime, startLocal } from '../../local/runtime';
import { Sequencer } from '../../local/s3-event';

export const USAGE = `用法 usage: budget rebuild

清空本机数据表，按顺序重新处理上传桶中 incoming/ 和 indicators/ 下的每个文件，再重新生成全部报表。
若 \`npm start\` 正在运行则使用它（端口取自 DATA_DIR 中的 running.json，或 S3_PORT、DYNAMODB_PORT），
否则在 DATA_DIR 上临时启动模拟器。
Empties the local table and re-ingests every upload under incoming/ and indicators/, then renders
every period again. Uses the running \`npm start\` if there is one (its ports from running.json in
DATA_DIR, or S3_PORT, DYNAMODB_PORT), else starts the emulators on DATA_DIR for the duration.

  -h, --help   本说明 / this help
退出码 exit: 0 完成 done · 1 有文件无法处理 some uploads could not be processed · 2 用法或环境错误 usage / environment
`;

const log = (line: string) => process.stdout.write(`${line}\n`);

async function isRunning(config: LocalConfig): Promise<boolean> {
  const s3 = localS3Client(config.s3Port);
  try {
    await s3.send(new ListBucketsCommand({}));
    return true;
  } catch {
    return false;
  } finally {
    s3.destroy();
  }
}

/**
 * Waits until the running `npm start` has no render message queued (its queue is a folder
 * of files under DATA_DIR), so none of its renders of half-rebuilt state lands after ours.
 */
async function renderQueueDrained(config: LocalConfig, timeoutMs = 120_000): Promise<void> {
  const dir = path.join(config.dataDir, 'queue', 'render');
  const pending = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).length : 0);
  const started = Date.now();
  let quietChecks = 0;
  while (quietChecks < 3 && Date.now() - started < timeoutMs) {
    quietChecks = pending() === 0 ? quietChecks + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function run(args: string[]): Promise<number> {
  let values: { help?: boolean };
  try {
    let positionals: string[];
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { help: { type: 'boolean', short: 'h' } },
    }));
    if (positionals[0] === 'help') values.help = true;
    else if (positionals.length > 0)
      throw new Error(`unexpected argument / 多余的参数: ${positionals.join(' ')}`);
  } catch (err) {
    process.stderr.write(`budget rebuild: ${errorMessage(err)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  let config: LocalConfig;
  try {
    config = withRunningPipeline(configFromEnv());
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`budget rebuild: ${err.message}\n`);
      return 2;
    }
    throw err;
  }

  let runtime: LocalRuntime | undefined;
  if (await isRunning(config)) {
    log(`使用正在运行的本机流水线 / using the running local pipeline at ${s3Endpoint(config.s3Port)}`);
  } else {
    log(
      `${s3Endpoint(config.s3Port)} 上没有本机流水线，在 ${config.dataDir} 上启动模拟器 / ` +
        `no local pipeline on ${s3Endpoint(config.s3Port)}; starting the emulators on ${config.dataDir}`,
    );
    try {
      runtime = await startLocal({ loadDemo: false, sitePort: 0, log: () => {} });
      await runtime.ready;
    } catch (err) {
      if (err instanceof PortInUseError || err instanceof DataDirInUseError) {
        process.stderr.write(`budget rebuild: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
  }

  const ports = runtime?.ports ?? { s3: config.s3Port, dynamodb: config.dynamodbPort };
  const s3 = localS3Client(ports.s3);
  const dynamodb = localDynamoClient(ports.dynamodb);
  const started = Date.now();
  try {
    const handlers = await loadHandlers(localHandlerEnvironment(config, ports));
    const summary = await rebuild({
      s3,
      dynamodb,
      uploadBucket: config.uploadBucket,
      tableName: config.tableName,
      region: LOCAL_REGION,
      ingest: handlers.ingest,
      render: handlers.render,
      log,
      beforeRenderAll: () => (runtime ? runtime.whenIdle() : renderQueueDrained(config)),
      sequencer: new Sequencer({ file: path.join(config.dataDir, 'sequencer') }),
    });
    await runtime?.whenIdle();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    log(
      `完成，用时 ${seconds} 秒：重新处理 ${summary.sources} 个上传文件，替换 ${summary.deletedItems} 条旧记录 / ` +
        `done in ${seconds} s: ${summary.sources} upload(s) re-ingested, ${summary.deletedItems} old item(s) replaced`,
    );
    if (summary.failed.length > 0) {
      log(
        `无法处理 ${summary.failed.length} 个 / could not process ${summary.failed.length}: ${summary.failed.join(', ')}`,
      );
      return 1;
    }
    return 0;
  } finally {
    s3.destroy();
    dynamodb.destroy();
    await runtime?.stop();
  }
}
