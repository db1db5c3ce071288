/**
 * `npm start`: the whole pipeline on this machine. Prints where everything runs and how
 * to upload, then `ready: <url>` once the demo data is processed (scripts wait for it).
 */
import path from 'node:path';
import { isExportKey, isIndicatorKey } from '../functions/common/object-key';
import { ConfigError, LOCAL_CREDENTIALS } from './config';
import { DataDirInUseError } from './data-dir-lock';
import { watchForOrphaning } from './orphan-watch';
import { PortInUseError } from './ports';
import { type LocalRuntime, startLocal } from './runtime';

const HELP = `usage: npm start [-- --no-demo] [-- --redrive]

  --no-demo   do not load the Lechang 2021 examples on first start (or DEMO=0)
  --redrive   move parked (dead-lettered) events back onto their queues

environment: PORT (site, 3000), S3_PORT (4569), DYNAMODB_PORT (4567), DATA_DIR (.local),
  CITY_ID (lechang: an entry of infra/cities.ts), CITY_CONFIG (a city settings file, JSON),
  CITY_NAME, LAG_THRESHOLD, SCORE_WEIGHT (shorthands on top), UPLOAD_BUCKET, SITE_BUCKET,
  TABLE_NAME, DEMO
`;

/** Relative when under the working directory (the usual `.local`), else absolute. */
function displayPath(p: string): string {
  const relative = path.relative(process.cwd(), p);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? p : relative;
}

function banner(runtime: LocalRuntime): string {
  const { config, urls } = runtime;
  const dataDir = displayPath(config.dataDir);
  const creds = `AWS_ACCESS_KEY_ID=${LOCAL_CREDENTIALS.accessKeyId} AWS_SECRET_ACCESS_KEY=${LOCAL_CREDENTIALS.secretAccessKey}`;
  return [
    '',
    `预算执行分析 · local pipeline for ${config.city.displayName} (${config.city.id})`,
    `  site / 网站            ${urls.site}`,
    `  S3 (s3rver)            ${urls.s3}   buckets ${config.uploadBucket}, ${config.siteBucket}`,
    `  DynamoDB (dynalite)    ${urls.dynamodb}   table ${config.tableName}`,
    `  state / 数据目录       ${dataDir}   (reset: stop, then rm -rf ${dataDir})`,
    '',
    'upload a monthly export / 上传月度导出文件:',
    // The CLI finds this pipeline's ports in its data directory (running.json), custom ones too.
    `  ${dataDir === '.local' ? '' : `DATA_DIR=${dataDir} `}npx budget upload x.csv`,
    `  ${creds} \\`,
    `    aws s3 cp x.csv s3://${config.uploadBucket}/incoming/ --endpoint-url ${urls.s3}`,
    `results: ${urls.site}/ (reports, uploads page); status/<key>.json in ${config.uploadBucket}`,
    'Ctrl-C stops.',
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  const unknown = argv.filter((a) => !['--no-demo', '--redrive'].includes(a));
  if (unknown.length > 0) {
    process.stderr.write(`unknown option(s): ${unknown.join(' ')}\n${HELP}`);
    return 2;
  }

  const started = Date.now();
  let runtime: LocalRuntime;
  try {
    runtime = await startLocal({
      ...(argv.includes('--no-demo') && { loadDemo: false }),
      redrive: argv.includes('--redrive'),
    });
  } catch (err) {
    if (err instanceof PortInUseError || err instanceof ConfigError || err instanceof DataDirInUseError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 1;
    }
    throw err;
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping (finishing the event in progress)…\n`);
    await runtime.stop();
    process.stdout.write('stopped.\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP'));
  // Set by npm for run-scripts: the npm → sh → tsx chain can lose its head without a signal here.
  if (process.env.npm_lifecycle_event !== undefined) {
    watchForOrphaning(() => void stop('npm exited'));
  }

  process.stdout.write(banner(runtime));
  const summary = await runtime.ready;
  if (summary.demoKeys.length > 0) {
    const exports = summary.demoKeys.filter(isExportKey).length;
    const indicators = summary.demoKeys.filter(isIndicatorKey).length;
    process.stdout.write(
      `demo: ${exports} Lechang 2021 exports loaded` +
        (indicators === 0 ? '\n' : `, and ${indicators} indicator file (self-evaluation/2021/)\n`),
    );
  }
  if (summary.deadLetters.length > 0) {
    process.stdout.write(
      `warning: ${summary.deadLetters.length} event(s) parked in ${displayPath(path.join(runtime.config.dataDir, 'dead-letter'))}; ` +
        're-drive with: npm start -- --redrive\n',
    );
  }
  process.stdout.write(`ready: ${runtime.urls.site}   (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  return 0;
}

const code = await main(process.argv.slice(2));
// 0 means "running": the servers keep the process alive until a signal.
if (code !== 0) process.exit(code);
