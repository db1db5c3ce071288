/**
 * The embedded pipeline behind `npm start`: emulators, the S3 → SQS → Lambda wiring of the
 * AWS stack (every upload key → ingest, whatever its name; status records → render), the
 * site server and the demo data, in one process. `startLocal` is also what the tests use.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { withCityShorthands } from '../functions/common/env';
import { decodeEventKey, isStatusKey, isUploadKey, STATUS_PREFIX } from '../functions/common/object-key';
import { localDynamoClient, localS3Client } from './clients';
import {
  configFromEnv,
  dynamodbEndpoint,
  LOCAL_HOST,
  LOCAL_REGION,
  type LocalConfig,
  s3Endpoint,
} from './config';
import { lockDataDir } from './data-dir-lock';
import { loadDemoOnce } from './demo';
import { type DynamoEmulator, ensureTable, type S3Emulator, startDynamo, startS3 } from './emulators';
import { errorMessage } from './error-message';
import { lambdaContext, loadHandlers, localHandlerEnvironment, type PipelineHandlers } from './handlers';
import { defaultBackoffMs, LocalQueue } from './queue';
import { recordRunningPipeline } from './running-pipeline';
import { buildS3Event, newQueuedMessage, type QueuedMessage, Sequencer, s3EventNameFor } from './s3-event';
import { type SiteServer, startSiteServer } from './site-server';
import { describeStatus, parseUploadStatus } from './upload-status';

export interface StartLocalOptions extends Partial<LocalConfig> {
  /** Shorthands on top of the city's settings, as CITY_ID and CITY_NAME are (tests). */
  cityId?: string;
  cityName?: string;
  /** Where console lines go; default stdout. Tests pass a collector. */
  log?: (line: string) => void;
  /** Receives before a message is dead-lettered. Default as on AWS: ingest 5, render 10. */
  maxReceiveCount?: number;
  backoffMs?: (receiveCount: number) => number;
  /** Messages per handler invocation, like the event source mapping. Default ingest 5, render 10. */
  batchSize?: number;
  /** Move parked messages back onto their queues at start. */
  redrive?: boolean;
  /** Replaces the handler modules (unit tests of the wiring). */
  handlers?: PipelineHandlers;
}

export interface ReadySummary {
  /** Keys uploaded as demo data by this start (empty when already loaded or disabled). */
  demoKeys: string[];
  /** Messages recovered from a previous run's queues. */
  recovered: number;
  /** Dead letters present once idle. */
  deadLetters: string[];
}

export interface LocalRuntime {
  config: LocalConfig;
  ports: { site: number; s3: number; dynamodb: number };
  urls: { site: string; s3: string; dynamodb: string };
  /** Resolves once the demo (if any) and recovered messages are processed. */
  ready: Promise<ReadySummary>;
  /** Resolves when no event is waiting or being handled. */
  whenIdle(): Promise<void>;
  stop(): Promise<void>;
}

/** Longest a site request waits for queued events to be handled. */
const SITE_WAIT_MS = 10_000;

/** A GET/HEAD (object or listing) of the site bucket, or of status records in the upload bucket. */
export function readsDerivedState(
  req: { method?: string | undefined; url?: string | undefined },
  buckets: { siteBucket: string; uploadBucket: string },
): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const url = new URL(req.url ?? '/', 'http://local');
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return false;
  }
  const [bucket = '', ...rest] = path.slice(1).split('/');
  const key = rest.join('/');
  if (bucket === buckets.siteBucket) return true;
  if (bucket !== buckets.uploadBucket) return false;
  return key === ''
    ? (url.searchParams.get('prefix') ?? '').startsWith(STATUS_PREFIX)
    : key.startsWith(STATUS_PREFIX);
}

function labelOf(message: QueuedMessage): string {
  try {
    const body = JSON.parse(message.body) as { Records?: { s3?: { object?: { key?: string } } }[] };
    const key = body.Records?.[0]?.s3?.object?.key;
    return key === undefined ? message.messageId : decodeEventKey(key);
  } catch {
    return message.messageId;
  }
}

export async function startLocal(options: StartLocalOptions = {}): Promise<LocalRuntime> {
  const {
    log = (line: string) => process.stdout.write(`${line}\n`),
    cityId,
    cityName,
    ...overrides
  } = options;
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const config: LocalConfig = { ...configFromEnv(), ...defined };
  if (cityId !== undefined || cityName !== undefined) {
    config.city = withCityShorthands(
      config.city,
      { CITY_ID: cityId, CITY_NAME: cityName },
      'startLocal options',
    );
  }
  const dir = (...parts: string[]) => path.join(config.dataDir, ...parts);
  mkdirSync(config.dataDir, { recursive: true });

  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((err: unknown) => log(`stop: ${errorMessage(err)}`));
    }
  };

  try {
    const release = lockDataDir(config.dataDir);
    cleanups.push(async () => release());
    const dynamo: DynamoEmulator = await startDynamo({
      directory: dir('dynamodb'),
      port: config.dynamodbPort,
    });
    cleanups.push(() => dynamo.close());
    // Set once the queues exist; until then nothing is queued and nothing waits.
    let settle: () => Promise<void> = async () => {};
    const s3emu: S3Emulator = await startS3({
      directory: dir('s3'),
      port: config.s3Port,
      // Reads of what the pipeline derives (site bucket, status records) through the S3 API
      // get the same read-your-writes as the site.
      beforeRequest: (req) => (readsDerivedState(req, config) ? settle() : Promise.resolve()),
    });
    cleanups.push(() => s3emu.close());

    const s3 = localS3Client(s3emu.internalPort);
    const ddb = localDynamoClient(dynamo.port);
    cleanups.push(async () => {
      s3.destroy();
      ddb.destroy();
    });
    await s3emu.ensureBuckets([config.uploadBucket, config.siteBucket]);
    await ensureTable(ddb, config.tableName);

    const handlers =
      options.handlers ??
      (await loadHandlers(
        localHandlerEnvironment(config, { s3: s3emu.internalPort, dynamodb: dynamo.port }),
        {
          log,
        },
      ));

    // Batch sizes and receive counts as the stack's event source mappings and redrive
    // policies set them (infra/budget-pipeline-stack.ts); the batching window is shorter.
    const queueSettings = {
      ingest: { batchSize: 5, maxReceiveCount: 5, batchingWindowMs: 0 },
      render: { batchSize: 10, maxReceiveCount: 10, batchingWindowMs: 250 },
    };
    const queueOptions = (name: 'ingest' | 'render') => ({
      name: `${config.city.id}-${name}`,
      batchingWindowMs: queueSettings[name].batchingWindowMs,
      directory: dir('queue', name),
      deadLetterDirectory: dir('dead-letter', name),
      region: LOCAL_REGION,
      batchSize: options.batchSize ?? queueSettings[name].batchSize,
      maxReceiveCount: options.maxReceiveCount ?? queueSettings[name].maxReceiveCount,
      backoffMs: options.backoffMs ?? defaultBackoffMs,
      describe: labelOf,
      onRetry: (i: { label: string; receiveCount: number; delayMs: number; error: string }) =>
        log(
          `${name}: attempt ${i.receiveCount} failed for ${i.label} (${i.error}); retrying in ${i.delayMs} ms`,
        ),
      onDeadLetter: (
        letter: { receiveCount: number; lastError: string; message: QueuedMessage },
        file: string,
      ) =>
        log(
          `${name}: gave up on ${labelOf(letter.message)} after ${letter.receiveCount} attempts ` +
            `(${letter.lastError}); parked in ${file}. ` +
            'Fix the cause, then re-drive with: npm start -- --redrive',
        ),
    });
    const ingestQueue = new LocalQueue({
      ...queueOptions('ingest'),
      consumer: (event) => handlers.ingest(event, lambdaContext(`${config.city.id}-ingest`)),
    });
    const renderQueue = new LocalQueue({
      ...queueOptions('render'),
      consumer: (event) => handlers.render(event, lambdaContext(`${config.city.id}-render`)),
    });
    cleanups.push(() => renderQueue.stop());
    cleanups.push(() => ingestQueue.stop());

    const sequencer = new Sequencer({ file: dir('sequencer') });
    const enqueue = (queue: LocalQueue, event: ReturnType<typeof buildS3Event>) =>
      queue.send(newQueuedMessage(JSON.stringify(event)));

    const statusReports = new Set<Promise<void>>();
    const reportStatus = async (statusKey: string) => {
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: config.uploadBucket, Key: statusKey }));
        const status = parseUploadStatus((await object.Body?.transformToString('utf-8')) ?? '');
        if (status) for (const line of describeStatus(status, { maxErrors: 5, totals: false })) log(line);
      } catch {
        // Only a console nicety; the site's uploads page is the record.
      }
    };

    s3emu.onObjectCreated((record) => {
      const { name: bucket } = record.s3.bucket;
      const { key, size, eTag } = record.s3.object;
      // The S3 notification configuration of the stack: only the upload bucket, by prefix.
      if (bucket !== config.uploadBucket) return;
      const eventName = s3EventNameFor(record.eventName);
      const base = { eventName, bucket, key, sequencer: sequencer.next(), region: LOCAL_REGION };
      const event = buildS3Event({ ...base, ...(size !== undefined && { size }), ...(eTag && { eTag }) });
      if (isUploadKey(key)) {
        log(`event: ${eventName} ${key}`);
        enqueue(ingestQueue, event);
      } else if (isStatusKey(key)) {
        enqueue(renderQueue, event);
        const report = reportStatus(key).finally(() => statusReports.delete(report));
        statusReports.add(report);
      }
    });
    s3emu.onObjectRemoved(({ bucket, key }) => {
      if (bucket !== config.uploadBucket || !isUploadKey(key)) return;
      log(`event: ObjectRemoved:Delete ${key}`);
      enqueue(
        ingestQueue,
        buildS3Event({
          eventName: 'ObjectRemoved:Delete',
          bucket,
          key,
          sequencer: sequencer.next(),
          region: LOCAL_REGION,
        }),
      );
    });

    const recovered = ingestQueue.recover() + renderQueue.recover();
    if (recovered > 0) log(`resuming ${recovered} event(s) left unprocessed by the previous run`);
    let redriven = 0;
    if (options.redrive) redriven = ingestQueue.redrive() + renderQueue.redrive();
    if (redriven > 0) log(`re-driving ${redriven} parked message(s)`);

    const whenIdle = async () => {
      // Ingest feeds render (status writes), never the other way round.
      do {
        await ingestQueue.whenIdle();
        await renderQueue.whenIdle();
        await Promise.all(statusReports);
      } while (ingestQueue.depth + renderQueue.depth + statusReports.size > 0);
    };

    settle = () => Promise.race([whenIdle(), new Promise<void>((r) => setTimeout(r, SITE_WAIT_MS).unref())]);
    const site: SiteServer = await startSiteServer({
      s3,
      bucket: config.siteBucket,
      port: config.sitePort,
      // Read-your-writes for the local site: a page asked for right after a verdict (or an
      // upload) shows it, instead of the previous render. Bounded, so a long ingest only
      // delays pages, never hangs them. On AWS the render queue's batching window applies.
      beforeServe: () => settle(),
    });
    // Closed first on stop: no page requests while the emulators go away.
    cleanups.push(() => site.close());
    // So `npx budget upload` / `rebuild` find these ports, custom ones included.
    const forgetRunning = recordRunningPipeline(config.dataDir, {
      ports: { site: site.port, s3: s3emu.port, dynamodb: dynamo.port },
      uploadBucket: config.uploadBucket,
    });
    cleanups.push(async () => forgetRunning());

    const siteHasIndex = async () => {
      try {
        await s3.send(new HeadObjectCommand({ Bucket: config.siteBucket, Key: 'index.html' }));
        return true;
      } catch {
        return false;
      }
    };
    const ready = (async (): Promise<ReadySummary> => {
      const demoKeys = config.loadDemo
        ? await loadDemoOnce({ s3, bucket: config.uploadBucket, dataDir: config.dataDir })
        : [];
      await whenIdle();
      // Without the demo nothing has been rendered yet: give the site its (empty) index and
      // uploads page instead of a 404 at its root.
      if (!(await siteHasIndex())) {
        await handlers
          .render({ kind: 'render-all' }, lambdaContext(`${config.city.id}-render`))
          .catch((err: unknown) => log(`render: first render failed (${errorMessage(err)})`));
      }
      return {
        demoKeys,
        recovered,
        deadLetters: [...ingestQueue.deadLetters(), ...renderQueue.deadLetters()],
      };
    })();
    // Observed by the caller; this only keeps an early stop() from raising an unhandled rejection.
    ready.catch(() => {});

    let stopping: Promise<void> | undefined;
    return {
      config,
      ports: { site: site.port, s3: s3emu.port, dynamodb: dynamo.port },
      urls: {
        site: `http://${LOCAL_HOST}:${site.port}`,
        s3: s3Endpoint(s3emu.port),
        dynamodb: dynamodbEndpoint(dynamo.port),
      },
      ready,
      whenIdle,
      stop: () => {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
