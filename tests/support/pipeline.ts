/**
 * The whole pipeline on embedded emulators, driven step by step: the real ingest and render
 * handlers (built by their factories, aimed at s3rver and dynalite), with events delivered
 * the way AWS delivers them (S3 notification in an SQS message). Sequencers and clocks are
 * deterministic, so runs are repeatable. The local runtime can reuse it in its own tests.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type PutObjectCommandOutput,
} from '@aws-sdk/client-s3';
import type { SQSBatchResponse } from 'aws-lambda';
import { ingestConfigFromEnv, renderConfigFromEnv } from '../../functions/common/env';
import { statusKeyFor } from '../../functions/common/object-key';
import { stripQuotes } from '../../functions/common/s3-notification';
import { type StatusRecord, statusRecordSchema } from '../../functions/common/status-record';
import { silentTelemetry } from '../../functions/common/telemetry';
import { buildIngestDeps } from '../../functions/ingest/build-ingest-deps';
import { createIngestHandler, type IngestHandler } from '../../functions/ingest/create-ingest-handler';
import { buildRenderDeps } from '../../functions/render/build-render-deps';
import { createRenderHandler, type RenderHandler } from '../../functions/render/create-render-handler';
import { DynamoDbPipelineStore } from '../../functions/store/dynamodb/dynamodb-pipeline-store';
import { type Emulators, startEmulators } from './emulators';
import { objectCreated, objectRemoved, sqsBatch, sqsBatchResponse, statusCreated } from './events';

export const CITY = { id: 'lechang', name: '乐昌市民政局' };

export interface Delivery {
  key: string;
  sequencer: string;
  eTag: string | null;
  ingest: SQSBatchResponse;
  render: SQSBatchResponse;
}

/** A deterministic clock: one second later on every reading. */
function steppingClock(startIso: string): () => Date {
  let t = Date.parse(startIso);
  return () => {
    const now = new Date(t);
    t += 1_000;
    return now;
  };
}

export class PipelineHarness {
  readonly uploadBucket = `${CITY.id}-uploads`;
  readonly siteBucket = `${CITY.id}-site`;
  readonly tableName = `${CITY.id}-budget`;
  readonly ingest: IngestHandler;
  readonly render: RenderHandler;
  readonly store: DynamoDbPipelineStore;
  private sequence = 0x61d4ff2f3c9a0000n;
  private messages = 0;

  constructor(readonly emulators: Emulators) {
    const env = {
      TABLE_NAME: this.tableName,
      UPLOAD_BUCKET: this.uploadBucket,
      SITE_BUCKET: this.siteBucket,
      CITY_ID: CITY.id,
      CITY_NAME: CITY.name,
    };
    const clients = { s3: emulators.s3, dynamodb: emulators.dynamodb, telemetry: silentTelemetry };
    this.ingest = createIngestHandler(
      buildIngestDeps(ingestConfigFromEnv(env), {
        ...clients,
        now: steppingClock('2022-01-05T00:00:00.000Z'),
      }),
    );
    this.render = createRenderHandler(
      buildRenderDeps(renderConfigFromEnv(env), {
        ...clients,
        now: () => new Date('2022-01-05T00:00:00.000Z'),
      }),
    );
    this.store = new DynamoDbPipelineStore({ client: emulators.dynamodb, tableName: this.tableName });
  }

  /** S3-style sequencers: hex, growing with every event. */
  nextSequencer(): string {
    this.sequence += 0x100n;
    return this.sequence.toString(16).toUpperCase().padStart(18, '0');
  }

  async putObject(
    key: string,
    body: string | Uint8Array,
  ): Promise<{ eTag: string | null; sequencer: string }> {
    const output: PutObjectCommandOutput = await this.emulators.s3.send(
      new PutObjectCommand({ Bucket: this.uploadBucket, Key: key, Body: body }),
    );
    return {
      eTag: output.ETag === undefined ? null : stripQuotes(output.ETag),
      sequencer: this.nextSequencer(),
    };
  }

  createdEvent(key: string, sequencer: string, eTag: string | null) {
    return objectCreated({
      bucket: this.uploadBucket,
      key,
      sequencer,
      ...(eTag === null ? {} : { eTag }),
      versionId: null,
    });
  }

  removedEvent(key: string, sequencer: string) {
    return objectRemoved({
      bucket: this.uploadBucket,
      key,
      sequencer,
      versionId: null,
      eventName: 'ObjectRemoved:Delete',
    });
  }

  /** Delivers S3 notifications to ingest in an SQS batch. */
  async deliver(...events: unknown[]): Promise<SQSBatchResponse> {
    const response = await this.ingest(sqsBatch(events, `ingest-${++this.messages}`));
    return sqsBatchResponse(response, 'ingest');
  }

  /** What S3 → SQS → render does after ingest wrote status objects for these keys. */
  async renderAfter(keys: string[]): Promise<SQSBatchResponse> {
    const events = keys.map((key) =>
      statusCreated({ bucket: this.uploadBucket, key: statusKeyFor(key), sequencer: this.nextSequencer() }),
    );
    const response = await this.render(sqsBatch(events, `render-${++this.messages}`));
    return sqsBatchResponse(response, 'render');
  }

  /** Upload, ingest, render: one file through the whole pipeline. */
  async upload(key: string, body: string | Uint8Array): Promise<Delivery> {
    const { eTag, sequencer } = await this.putObject(key, body);
    const ingest = await this.deliver(this.createdEvent(key, sequencer, eTag));
    const render = await this.renderAfter([key]);
    return { key, sequencer, eTag, ingest, render };
  }

  async remove(key: string): Promise<Delivery> {
    await this.emulators.s3.send(new DeleteObjectCommand({ Bucket: this.uploadBucket, Key: key }));
    const sequencer = this.nextSequencer();
    const ingest = await this.deliver(this.removedEvent(key, sequencer));
    const render = await this.renderAfter([key]);
    return { key, sequencer, eTag: null, ingest, render };
  }

  private async readText(bucket: string, key: string): Promise<string | null> {
    try {
      const output = await this.emulators.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await output.Body?.transformToString('utf-8')) ?? null;
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  }

  async siteObject(key: string): Promise<{ body: string; contentType: string | undefined } | null> {
    try {
      const output = await this.emulators.s3.send(
        new GetObjectCommand({ Bucket: this.siteBucket, Key: key }),
      );
      return { body: (await output.Body?.transformToString('utf-8')) ?? '', contentType: output.ContentType };
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  }

  async siteText(key: string): Promise<string | null> {
    return this.readText(this.siteBucket, key);
  }

  async siteJson(key: string): Promise<unknown> {
    const text = await this.siteText(key);
    return text === null ? null : JSON.parse(text);
  }

  async status(key: string): Promise<StatusRecord | null> {
    const text = await this.readText(this.uploadBucket, statusKeyFor(key));
    return text === null ? null : statusRecordSchema.parse(JSON.parse(text));
  }

  async close(): Promise<void> {
    await this.emulators.close();
  }
}

export async function startPipeline(): Promise<PipelineHarness> {
  const emulators = await startEmulators({
    buckets: [`${CITY.id}-uploads`, `${CITY.id}-site`],
    tableName: `${CITY.id}-budget`,
  });
  return new PipelineHarness(emulators);
}
