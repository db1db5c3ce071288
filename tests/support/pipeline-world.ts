/**
 * One isolated copy of the pipeline inside shared emulators: its own table, upload bucket and
 * site bucket, and the real ingest and render handlers built by their factories on clients
 * that can inject faults (tests/support/fault-clients.ts). Many worlds fit in one s3rver +
 * dynalite, so a test can start from a clean state for every crash point or schedule without
 * restarting the emulators.
 *
 * `observe()` reads what a user and an operator can see — live lines per period through the
 * store's read API, stale line items left behind, every snapshot object in the site bucket,
 * status objects — never claim bookkeeping, which is the store's own business.
 */
import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ScanCommand,
  type ScanCommandOutput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { SQSBatchResponse } from 'aws-lambda';
import { DEFAULT_BACKOFF } from '../../functions/common/backoff';
import { ingestConfigFromEnv, renderConfigFromEnv } from '../../functions/common/env';
import { statusKeyFor } from '../../functions/common/object-key';
import { stripQuotes } from '../../functions/common/s3-notification';
import { statusRecordSchema } from '../../functions/common/status-record';
import { createTableInput } from '../../functions/common/table-definition';
import { silentTelemetry, type Telemetry } from '../../functions/common/telemetry';
import { buildIngestDeps } from '../../functions/ingest/build-ingest-deps';
import { createIngestHandler, type IngestHandler } from '../../functions/ingest/create-ingest-handler';
import type { UploadBucket } from '../../functions/ingest/upload-bucket';
import { buildRenderDeps } from '../../functions/render/build-render-deps';
import { createRenderHandler, type RenderHandler } from '../../functions/render/create-render-handler';
import type { RenderSummary, ReportBuilderFactory } from '../../functions/render/render-deps';
import type { SiteBucket, SiteObject, SiteObjectWriter } from '../../functions/render/site-bucket';
import { DynamoDbPipelineStore } from '../../functions/store/dynamodb/dynamodb-pipeline-store';
import { RENDERED_PK, UPLOADS_PK } from '../../functions/store/dynamodb/dynamodb-render-state';
import { type GroupKey, groupKeyId } from '../../shared/group-key';
import { toStoredIndicatorSet } from '../../shared/indicators/stored-indicator-set';
import { isPeriodId, parseYearId } from '../../shared/period-id';
import { RecordingAlertSink } from './alerts';
import type { Emulators } from './emulators';
import { objectCreated, objectRemoved, sqsBatch, sqsBatchResponse, statusCreated } from './events';
import { FaultController, type InstrumentedClients, instrumentedClients } from './fault-clients';
import { partitionItems } from './table-dump';

export const WORLD_CITY = { id: 'lechang', name: '乐昌市民政局' };

/** Backoff that never waits: the store's retries (UnprocessedItems, unstable reads) stay instant. */
export const NO_WAIT_BACKOFF = { ...DEFAULT_BACKOFF, sleep: async () => {}, random: () => 0.5 };

function steppingClock(startIso: string): () => Date {
  let t = Date.parse(startIso);
  return () => {
    const now = new Date(t);
    t += 1_000;
    return now;
  };
}

export interface PutResult {
  key: string;
  sequencer: string;
  eTag: string | null;
}

/** One change through the whole pipeline: what its notification carried and both batch responses. */
export interface Delivery extends PutResult {
  ingest: SQSBatchResponse;
  render: SQSBatchResponse;
}

/** What a reader of the table and the site sees; comparable across worlds. */
export interface Observation {
  /** Per period with live data: sources (key, rows, sha256) and live lines, via the store's read API. */
  live: Record<string, { sources: { key: string; rows: number; sha256: string }[]; lines: unknown[] }>;
  /** Line items of a generation or period that is not their source's active one (left-over garbage). */
  staleLines: string[];
  /** Every object under reports/ in the site bucket. */
  siteReportObjects: string[];
  /** reports/<P>/report.json, parsed, without generatedAt (the commit time of a run's clock). */
  reports: Record<string, unknown>;
  /** reports/<P>/lines.csv as text. */
  linesCsv: Record<string, string>;
  /**
   * reports/<P>/index.html and the site's index.html, timestamps blanked: they carry what a
   * period's neighbours contribute (trend, month-over-month), so incremental renders must
   * draw them exactly as a full one does.
   */
  pages: Record<string, string>;
  /** reports/index.json without its timestamps. */
  index: unknown;
  /** Per year with live indicator files: sources and live sets, via the store's read API. */
  indicators: Record<string, { sources: { key: string; rows: number; sha256: string }[]; sets: unknown[] }>;
  /** self-evaluation/<YYYY>/self-evaluation.json, parsed, and every object under self-evaluation/. */
  selfEvaluations: Record<string, unknown>;
  siteSelfEvaluationObjects: string[];
}

export interface WorldOptions {
  /**
   * Where render writes the site: the s3rver site bucket (default), or memory — the same
   * render handler and snapshot logic, minus the cost of s3rver writes, for tests that render
   * hundreds of times and only read the result.
   */
  site?: 's3' | 'memory';
  /** Faults for the ingest handler's clients (a fresh, idle controller by default). */
  ingestFaults?: FaultController;
  /** Faults for the render handler's clients. */
  renderFaults?: FaultController;
  /** The report builder render uses (a failing one, to test render isolation). */
  reportBuilder?: ReportBuilderFactory;
  /** Ingest reads uploads from here instead of the s3rver bucket (a versioned bucket model). */
  uploads?: UploadBucket;
  /** Ingest's clock (processing times). @default one second per call from 2022-01-05 */
  ingestNow?: () => Date;
  /** Environment beyond the table, buckets and city (e.g. CITY_SETTINGS with warning levels). */
  env?: Record<string, string>;
  /** Ingest's logs and metrics (what a test counts: re-checks, displacements). @default silent */
  ingestTelemetry?: Telemetry;
}

/** A site bucket in memory, with the semantics render relies on (put, remove, list periods). */
export class MemorySiteBucket implements SiteBucket {
  readonly objects = new Map<string, SiteObject>();

  async put(object: SiteObject): Promise<void> {
    this.objects.set(object.key, object);
  }

  openWriter(object: Omit<SiteObject, 'body'>): SiteObjectWriter {
    let body = '';
    return {
      write: async (text) => {
        body += text;
      },
      close: async () => {
        this.objects.set(object.key, { ...object, body });
      },
      abort: async () => {
        body = '';
      },
    };
  }

  async remove(key: string): Promise<void> {
    this.objects.delete(key);
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
  }

  async listReportPeriods(): Promise<string[]> {
    const periods = new Set<string>();
    for (const key of this.objects.keys()) {
      const id = /^reports\/([^/]+)\//.exec(key)?.[1];
      if (id !== undefined && isPeriodId(id)) periods.add(id);
    }
    return [...periods].sort();
  }
}

/** A world's table items and upload objects, to start other worlds from (see `PipelineWorld.restore`). */
export interface WorldSnapshot {
  items: Record<string, AttributeValue>[];
  uploads: { key: string; body: Uint8Array; contentType: string | undefined }[];
  sequence: bigint;
}

let worldCount = 0;

export class PipelineWorld {
  readonly uploadBucket: string;
  readonly siteBucket: string;
  readonly tableName: string;
  readonly ingestFaults: FaultController;
  readonly renderFaults: FaultController;
  readonly ingest: IngestHandler;
  readonly render: RenderHandler;
  /** Uninstrumented store for observations. */
  readonly store: DynamoDbPipelineStore;
  /** Set when render writes to memory. */
  readonly memorySite: MemorySiteBucket | null;
  /** Every alert ingest and render delivered (the ledger is the world's table). */
  readonly alerts = new RecordingAlertSink();
  private readonly clients: InstrumentedClients[] = [];
  private sequence = 0x61d4ff2f3c9a0000n;
  private messages = 0;

  private constructor(
    readonly emulators: Emulators,
    name: string,
    options: WorldOptions,
  ) {
    this.uploadBucket = `${name}-uploads`;
    this.siteBucket = `${name}-site`;
    this.tableName = `${name}-budget`;
    this.ingestFaults = options.ingestFaults ?? new FaultController(this.uploadBucket);
    this.renderFaults = options.renderFaults ?? new FaultController(null);
    const env = {
      TABLE_NAME: this.tableName,
      UPLOAD_BUCKET: this.uploadBucket,
      SITE_BUCKET: this.siteBucket,
      CITY_ID: WORLD_CITY.id,
      CITY_NAME: WORLD_CITY.name,
      ...options.env,
    };
    const ingestClients = instrumentedClients(emulators.connection, this.ingestFaults);
    const renderClients = instrumentedClients(emulators.connection, this.renderFaults);
    this.clients.push(ingestClients, renderClients);
    this.ingest = createIngestHandler(
      buildIngestDeps(ingestConfigFromEnv(env), {
        s3: ingestClients.s3,
        dynamodb: ingestClients.dynamodb,
        telemetry: options.ingestTelemetry ?? silentTelemetry,
        now: options.ingestNow ?? steppingClock('2022-01-05T00:00:00.000Z'),
        backoff: NO_WAIT_BACKOFF,
        ...(options.uploads === undefined ? {} : { uploads: options.uploads }),
        alertSink: this.alerts,
      }),
    );
    const renderDeps = buildRenderDeps(renderConfigFromEnv(env), {
      s3: renderClients.s3,
      dynamodb: renderClients.dynamodb,
      telemetry: silentTelemetry,
      alertSink: this.alerts,
      now: () => new Date('2022-01-05T00:00:00.000Z'),
      backoff: NO_WAIT_BACKOFF,
      ...(options.reportBuilder === undefined ? {} : { reportBuilder: options.reportBuilder }),
    });
    this.memorySite = options.site === 'memory' ? new MemorySiteBucket() : null;
    this.render = createRenderHandler(
      this.memorySite === null ? renderDeps : { ...renderDeps, site: this.memorySite },
    );
    this.store = new DynamoDbPipelineStore({ client: emulators.dynamodb, tableName: this.tableName });
  }

  /** A new, empty world: table and buckets created. Names are unique within the process. */
  static async create(emulators: Emulators, options: WorldOptions = {}): Promise<PipelineWorld> {
    const name = `w${++worldCount}-${process.pid}`;
    const world = new PipelineWorld(emulators, name, options);
    await emulators.s3.send(new CreateBucketCommand({ Bucket: world.uploadBucket }));
    await emulators.s3.send(new CreateBucketCommand({ Bucket: world.siteBucket }));
    await emulators.dynamodb.send(new CreateTableCommand(createTableInput(world.tableName)));
    await tableActive(emulators.dynamodb, world.tableName);
    return world;
  }

  /** The table's items and the upload bucket's objects (not the site: renders rewrite it). */
  async snapshot(): Promise<WorldSnapshot> {
    const items: Record<string, AttributeValue>[] = [];
    let startKey: ScanCommandOutput['LastEvaluatedKey'];
    do {
      const page: ScanCommandOutput = await this.dynamodb.send(
        new ScanCommand({ TableName: this.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    const uploads: WorldSnapshot['uploads'] = [];
    for (const key of await this.listKeys(this.uploadBucket, '')) {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.uploadBucket, Key: key }));
      const body = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      uploads.push({ key, body, contentType: object.ContentType });
    }
    return { items, uploads, sequence: this.sequence };
  }

  /**
   * A new world in the state of `snapshot`, so every crash point can start from the same state
   * without replaying the uploads that built it. Its site starts empty: the next render
   * rewrites every period of the years it touches.
   */
  static async restore(
    emulators: Emulators,
    snapshot: WorldSnapshot,
    options: WorldOptions = {},
  ): Promise<PipelineWorld> {
    const world = await PipelineWorld.create(emulators, options);
    world.sequence = snapshot.sequence;
    // Render's own records describe the snapshot's site, which is not restored: without them
    // the restored world's first render draws every period, as it must.
    const requests: WriteRequest[] = snapshot.items
      .filter((item) => item.pk?.S !== RENDERED_PK && item.pk?.S !== UPLOADS_PK)
      .map((item) => ({ PutRequest: { Item: item } }));
    const writes: Promise<void>[] = [];
    for (let i = 0; i < requests.length; i += 25) {
      writes.push(
        (async () => {
          let pending = requests.slice(i, i + 25);
          while (pending.length > 0) {
            const output = await world.dynamodb.send(
              new BatchWriteItemCommand({ RequestItems: { [world.tableName]: pending } }),
            );
            pending = output.UnprocessedItems?.[world.tableName] ?? [];
          }
        })(),
      );
    }
    for (const upload of snapshot.uploads) {
      writes.push(
        world.s3
          .send(
            new PutObjectCommand({
              Bucket: world.uploadBucket,
              Key: upload.key,
              Body: upload.body,
              ContentType: upload.contentType,
            }),
          )
          .then(() => {}),
      );
    }
    await Promise.all(writes);
    return world;
  }

  private get s3(): S3Client {
    return this.emulators.s3;
  }

  private get dynamodb(): DynamoDBClient {
    return this.emulators.dynamodb;
  }

  nextSequencer(): string {
    this.sequence += 0x100n;
    return this.sequence.toString(16).toUpperCase().padStart(18, '0');
  }

  /** Uploads (S3 keeps only these bytes for the key) and returns what its notification carries. */
  async put(key: string, body: string | Uint8Array): Promise<PutResult> {
    const output = await this.s3.send(
      new PutObjectCommand({ Bucket: this.uploadBucket, Key: key, Body: body }),
    );
    return {
      key,
      sequencer: this.nextSequencer(),
      eTag: output.ETag === undefined ? null : stripQuotes(output.ETag),
    };
  }

  async delete(key: string): Promise<PutResult> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.uploadBucket, Key: key }));
    return { key, sequencer: this.nextSequencer(), eTag: null };
  }

  createdEvent(put: PutResult): unknown {
    return objectCreated({
      bucket: this.uploadBucket,
      key: put.key,
      sequencer: put.sequencer,
      ...(put.eTag === null ? {} : { eTag: put.eTag }),
      versionId: null,
    });
  }

  removedEvent(removal: PutResult): unknown {
    return objectRemoved({
      bucket: this.uploadBucket,
      key: removal.key,
      sequencer: removal.sequencer,
      versionId: null,
      eventName: 'ObjectRemoved:Delete',
    });
  }

  /** S3 notifications to ingest, one SQS message each, in one batch. */
  async deliver(events: unknown[]): Promise<SQSBatchResponse> {
    const response = await this.ingest(sqsBatch(events, `ingest-${++this.messages}`));
    return sqsBatchResponse(response, 'ingest');
  }

  /** What S3 → SQS → render does after status objects of these upload keys were written. */
  async renderKeys(keys: string[]): Promise<SQSBatchResponse> {
    const events = keys.map((key) =>
      statusCreated({ bucket: this.uploadBucket, key: statusKeyFor(key), sequencer: this.nextSequencer() }),
    );
    const response = await this.render(sqsBatch(events, `render-${++this.messages}`));
    return sqsBatchResponse(response, 'render');
  }

  /** A render of these keys' status notifications as local mode runs it, with its summary. */
  async renderKeysSummary(keys: string[]): Promise<RenderSummary> {
    const records = keys.flatMap(
      (key) =>
        statusCreated({ bucket: this.uploadBucket, key: statusKeyFor(key), sequencer: this.nextSequencer() })
          .Records,
    );
    const summary = await this.render({ Records: records });
    if (!('rendered' in summary)) throw new Error('render answered as for SQS');
    return summary;
  }

  async renderAll(): Promise<void> {
    await this.render({ kind: 'render-all' });
  }

  /** Upload, ingest, render: one file through the whole pipeline. */
  async upload(key: string, body: string | Uint8Array): Promise<Delivery> {
    const put = await this.put(key, body);
    const ingest = await this.deliver([this.createdEvent(put)]);
    const render = await this.renderKeys([key]);
    return { ...put, ingest, render };
  }

  /** Delete, ingest, render. */
  async remove(key: string): Promise<Delivery> {
    const removal = await this.delete(key);
    const ingest = await this.deliver([this.removedEvent(removal)]);
    const render = await this.renderKeys([key]);
    return { ...removal, ingest, render };
  }

  /** A clean, serial run: upload, ingest, render, asserting nothing failed. */
  async uploadSerially(key: string, body: string | Uint8Array): Promise<void> {
    const { ingest, render } = await this.upload(key, body);
    if (ingest.batchItemFailures.length > 0 || render.batchItemFailures.length > 0) {
      throw new Error(`clean run of ${key} failed`);
    }
  }

  async status(key: string): Promise<ReturnType<typeof statusRecordSchema.parse> | null> {
    const text = await this.readText(this.uploadBucket, statusKeyFor(key));
    return text === null ? null : statusRecordSchema.parse(JSON.parse(text));
  }

  async readText(bucket: string, key: string): Promise<string | null> {
    try {
      const output = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await output.Body?.transformToString('utf-8')) ?? null;
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  }

  private async listKeys(bucket: string, prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          ...(token === undefined ? {} : { ContinuationToken: token }),
        }),
      );
      for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return keys.sort();
  }

  /** Keys of the site, wherever render writes it. */
  async siteKeys(prefix: string): Promise<string[]> {
    if (this.memorySite !== null)
      return [...this.memorySite.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    return this.listKeys(this.siteBucket, prefix);
  }

  async siteText(key: string): Promise<string | null> {
    return (await this.siteObject(key))?.body ?? null;
  }

  async siteJson(key: string): Promise<unknown> {
    const text = await this.siteText(key);
    return text === null ? null : JSON.parse(text);
  }

  /** A site object's bytes (the self-evaluation's .xlsx and .docx), or null when absent. */
  async siteBytes(key: string): Promise<Uint8Array | null> {
    if (this.memorySite !== null) {
      const body = this.memorySite.objects.get(key)?.body;
      if (body === undefined) return null;
      return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    }
    try {
      const output = await this.s3.send(new GetObjectCommand({ Bucket: this.siteBucket, Key: key }));
      return (await output.Body?.transformToByteArray()) ?? null;
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  }

  /** A site object with the content type it was written with. */
  async siteObject(key: string): Promise<{ body: string; contentType: string | undefined } | null> {
    if (this.memorySite !== null) {
      const object = this.memorySite.objects.get(key);
      if (object === undefined) return null;
      const body = typeof object.body === 'string' ? object.body : Buffer.from(object.body).toString('utf8');
      return { body, contentType: object.contentType };
    }
    try {
      const output = await this.s3.send(new GetObjectCommand({ Bucket: this.siteBucket, Key: key }));
      return { body: (await output.Body?.transformToString('utf-8')) ?? '', contentType: output.ContentType };
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  }

  /** Only the report.json of each period, without timestamps. */
  async reports(): Promise<Record<string, unknown>> {
    const reports: Record<string, unknown> = {};
    for (const key of await this.siteKeys('reports/')) {
      const match = /^reports\/(\d{4}-\d{2})\/report\.json$/.exec(key);
      if (match?.[1] === undefined) continue;
      const text = await this.siteText(key);
      if (text !== null) reports[match[1]] = withoutTimestamps(JSON.parse(text));
    }
    return reports;
  }

  async observe(): Promise<Observation> {
    const heads = await this.store.listHeads();
    const active = new Map(heads.flatMap((h) => (h.active === null ? [] : [[h.key, h.active] as const])));
    const activePeriods = [...new Set([...active.values()].map((a) => a.period))].sort();
    // An indicator file's period is its year (`YYYY`); exports' are `YYYY-MM`.
    const periods = activePeriods.filter(isPeriodId);
    const years = activePeriods.filter((id) => parseYearId(id) !== null);
    const contents = await this.store.readPeriods(periods);
    const live: Observation['live'] = {};
    for (const period of periods) {
      const content = contents.get(period);
      if (content === undefined || content.sources.length === 0) continue;
      live[period] = {
        sources: content.sources.map(({ key, rows, sha256 }) => ({ key, rows, sha256 })),
        lines: content.lines
          .map((line) => ({ ...line }))
          .sort((a, b) => lineOrder(a).localeCompare(lineOrder(b))),
      };
    }

    const indicators: Observation['indicators'] = {};
    const setContents = await this.store.readIndicatorSets(years);
    for (const year of years) {
      const content = setContents.get(year);
      if (content === undefined || content.sources.length === 0) continue;
      indicators[year] = {
        sources: content.sources.map(({ key, rows, sha256 }) => ({ key, rows, sha256 })),
        sets: content.sets
          .map(({ sourceKey, set }) => ({ sourceKey, ...toStoredIndicatorSet(set) }))
          .sort((a, b) =>
            `${a.sourceKey}\u0000${a.projectCode}`.localeCompare(`${b.sourceKey}\u0000${b.projectCode}`),
          ),
      };
    }

    // Every period any head may still have items in, plus the live ones.
    const candidates = new Set(activePeriods);
    for (const head of heads) {
      for (const p of [...head.periods, head.previousPeriod, head.period]) if (p !== null) candidates.add(p);
    }
    const staleLines: string[] = [];
    for (const period of [...candidates].sort()) {
      for (const item of await partitionItems(this.dynamodb, this.tableName, `PERIOD#${period}`)) {
        if (!(item.sk?.S ?? '').startsWith('LINE#')) continue;
        const sourceKey = item.sourceKey?.S ?? '';
        const gen = item.gen?.S ?? '';
        const version = active.get(sourceKey);
        if (version === undefined || version.gen !== gen || version.period !== period) {
          staleLines.push(`${period} ${sourceKey} gen ${gen} ${item.unitCode?.S}/${item.projectCode?.S}`);
        }
      }
    }

    const siteReportObjects = await this.siteKeys('reports/');
    const reports = await this.reports();
    const linesCsv: Record<string, string> = {};
    for (const period of Object.keys(reports)) {
      linesCsv[period] = (await this.siteText(`reports/${period}/lines.csv`)) ?? '';
    }
    const pages: Record<string, string> = {};
    for (const key of [...siteReportObjects.filter((k) => k.endsWith('/index.html')), 'index.html']) {
      const text = await this.siteText(key);
      if (text !== null) pages[key] = withoutIsoTimes(text);
    }
    const indexText = await this.siteText('reports/index.json');
    const siteSelfEvaluationObjects = await this.siteKeys('self-evaluation/');
    const selfEvaluations: Record<string, unknown> = {};
    for (const key of siteSelfEvaluationObjects) {
      const match = /^self-evaluation\/(\d{4})\/self-evaluation\.json$/.exec(key);
      const text = match?.[1] === undefined ? null : await this.siteText(key);
      if (match?.[1] !== undefined && text !== null) selfEvaluations[match[1]] = JSON.parse(text);
    }
    return {
      indicators,
      selfEvaluations,
      siteSelfEvaluationObjects,
      live,
      staleLines,
      siteReportObjects,
      reports,
      linesCsv,
      pages,
      index: indexText === null ? null : withoutTimestamps(JSON.parse(indexText)),
    };
  }

  /** Drops the table (dynalite keeps tables in memory); objects stay until the emulators close. */
  async dispose(): Promise<void> {
    for (const clients of this.clients) clients.destroy();
    await this.dynamodb.send(new DeleteTableCommand({ TableName: this.tableName }));
  }
}

/**
 * dynalite answers CreateTable while the table is CREATING and makes it ACTIVE on a timer; a
 * read of a CREATING table fails (ResourceNotFoundException). A handler's message would be
 * retried, but a test reading the table at once would fail now and then.
 */
async function tableActive(dynamodb: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}

function lineOrder(line: GroupKey & { sourceKey: string }): string {
  return `${line.sourceKey}\u0000${groupKeyId(line)}`;
}

/** Blanks ISO timestamps in a page (its footer shows the latest commit time of a run's clock). */
export function withoutIsoTimes(text: string): string {
  return text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, '<time>');
}

/** Drops `generatedAt` at any depth: it is the latest commit time, which depends on each run's clock. */
export function withoutTimestamps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimestamps);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, inner] of Object.entries(value)) {
      if (name !== 'generatedAt') out[name] = withoutTimestamps(inner);
    }
    return out;
  }
  return value;
}
