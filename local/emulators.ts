/**
 * The embedded AWS: s3rver (S3) and dynalite (DynamoDB) in this process, on 127.0.0.1,
 * with their state under the data directory so a restart keeps uploads and reports.
 *
 * Neither package ships types; they are loaded through `createRequire` and described by
 * the small interfaces below (only what is used), so no ambient module declaration can
 * clash with another one elsewhere in the tree.
 */
import { mkdirSync } from 'node:fs';
import http, { type IncomingHttpHeaders, type RequestListener } from 'node:http';
import { createRequire as createModuleRequire } from 'node:module';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CreateTableCommand, type DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { createTableInput } from '../functions/common/table-definition';
import { AwsChunkedDecoder, isAwsChunked, storedContentEncoding } from './aws-chunked';
import { closeServer, listenLocal } from './ports';
import { guardLocalRequests } from './request-guard';

// Named apart from `createRequire`, which the bundles' banner already declares (scripts/bundle-options.mjs).
const require = createModuleRequire(import.meta.url);

/** The record s3rver emits on `event` (one per request; always a single record). */
export interface S3rverEventRecord {
  eventName: string;
  eventTime: string;
  s3: {
    bucket: { name: string };
    object: { key: string; size?: number; eTag?: string };
  };
}

interface S3rverObject {
  content: Readable | Buffer;
  metadata: Record<string, string>;
}

interface S3rverStore {
  getBucket(bucket: string): Promise<unknown>;
  putBucket(bucket: string): Promise<unknown>;
  deleteObject(bucket: string, key: string): Promise<unknown>;
  putObject(object: S3rverObject): Promise<unknown>;
  putPart(bucket: string, uploadId: string, partNumber: string, content: Readable): Promise<unknown>;
}

interface S3rverInstance {
  store: S3rverStore;
  logger: { exceptions: { unhandle(): void }; close(): void };
  callback(): http.RequestListener;
  on(event: 'event', listener: (event: { Records: S3rverEventRecord[] }) => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
}

type S3rverConstructor = new (options: {
  directory: string;
  silent: boolean;
  resetOnClose: boolean;
  allowMismatchedSignatures: boolean;
  vhostBuckets: boolean;
}) => S3rverInstance;

type DynaliteFactory = (options: {
  path?: string;
  createTableMs: number;
  deleteTableMs: number;
}) => http.Server;

/** A removal as the store performed it: seen for DeleteObject and DeleteObjects alike. */
export interface StoreRemoval {
  bucket: string;
  key: string;
}

export interface S3Emulator {
  /** What users and their tools connect to (S3_PORT). */
  port: number;
  /** What the handlers, the site server and the demo loader use. */
  internalPort: number;
  /** Every object-created event s3rver emits (all buckets; the caller filters). */
  onObjectCreated(listener: (record: S3rverEventRecord) => void): void;
  /** Every object removal, including each key of a multi-object delete. */
  onObjectRemoved(listener: (removal: StoreRemoval) => void): void;
  ensureBuckets(names: string[]): Promise<void>;
  close(): Promise<void>;
}

export interface S3EmulatorOptions {
  directory: string;
  port: number;
  /** Awaited before s3rver sees a request (the runtime holds site-bucket reads for queued renders). */
  beforeRequest?: (req: http.IncomingMessage) => Promise<void>;
}

export async function startS3(options: S3EmulatorOptions): Promise<S3Emulator> {
  mkdirSync(options.directory, { recursive: true });
  const S3rver = require('s3rver') as S3rverConstructor;
  const s3rver = new S3rver({
    directory: options.directory,
    silent: true,
    resetOnClose: false,
    allowMismatchedSignatures: false,
    vhostBuckets: false,
  });
  const created: ((record: S3rverEventRecord) => void)[] = [];
  const removed: ((removal: StoreRemoval) => void)[] = [];

  s3rver.on('event', (event) => {
    for (const record of event.Records) {
      // Removals come from the store hook below, which also sees multi-object deletes.
      if (record.eventName.startsWith('ObjectCreated:')) for (const l of created) l(record);
    }
  });
  // Koa logs request errors to stderr by default; s3rver already answers them as S3 XML errors.
  s3rver.on('error', () => {});

  // s3rver only emits an event for single-object DeleteObject; `aws s3 rm --recursive` and
  // the SDK's DeleteObjects would otherwise retract nothing. Hook the store instead.
  const store = s3rver.store;
  const deleteObject = store.deleteObject.bind(store);
  store.deleteObject = async (bucket, key) => {
    const result = await deleteObject(bucket, key);
    for (const l of removed) l({ bucket, key });
    return result;
  };

  // s3rver keeps aws-chunked framing (and checksum trailers) in the stored bytes; real S3
  // removes it. Decode at the store so signatures are still checked on the request as sent.
  const putObject = store.putObject.bind(store);
  store.putObject = async (object) => {
    if (object.content instanceof Readable && isAwsChunked(headersOf(object.content))) {
      object.content = await decodeAwsChunked(object.content);
      const encoding = storedContentEncoding(object.metadata['content-encoding']);
      if (encoding === undefined) delete object.metadata['content-encoding'];
      else object.metadata['content-encoding'] = encoding;
    }
    return putObject(object);
  };
  const putPart = store.putPart.bind(store);
  store.putPart = async (bucket, uploadId, partNumber, content) => {
    if (isAwsChunked(headersOf(content))) {
      return putPart(bucket, uploadId, partNumber, Readable.from([await decodeAwsChunked(content)]));
    }
    return putPart(bucket, uploadId, partNumber, content);
  };

  // Our own HTTP server rather than s3rver.run(): its listen() never rejects, so a busy
  // port would surface as an unhandled 'error' instead of a message naming S3_PORT.
  // Behind the local-mode guard (docs/contract.md §6.1): no browser page, no unsigned request.
  const handle = guardLocalRequests(s3rver.callback(), 'S3 emulator');
  const { beforeRequest } = options;
  const server = http.createServer(
    beforeRequest === undefined
      ? handle
      : (req, res) => {
          // The request body stays unread (paused) until s3rver takes over.
          beforeRequest(req).then(
            () => handle(req, res),
            () => handle(req, res),
          );
        },
  );
  const port = await listenLocal(server, options.port, 'S3 emulator (s3rver)', 'S3_PORT');
  // The pipeline's own door to the same store, without `beforeRequest`: render reads the site
  // bucket while a render is in flight, and must not wait for itself.
  const internal = http.createServer(handle);
  let internalPort: number;
  try {
    internalPort = await listenLocal(internal, 0, 'S3 emulator (internal)', 'S3_PORT');
  } catch (err) {
    await closeServer(server);
    throw err;
  }

  return {
    port,
    internalPort,
    onObjectCreated: (l) => created.push(l),
    onObjectRemoved: (l) => removed.push(l),
    async ensureBuckets(names) {
      for (const name of names) {
        if (!(await store.getBucket(name))) await store.putBucket(name);
      }
    },
    async close() {
      await closeServer(server);
      await closeServer(internal);
      s3rver.logger.exceptions.unhandle();
      s3rver.logger.close();
    },
  };
}

function headersOf(stream: Readable): IncomingHttpHeaders {
  return (stream as Partial<http.IncomingMessage>).headers ?? {};
}

/** Buffers the decoded body: uploads here are exports of a few MB, parts at most 5 GiB by API, 8 MiB by the CLI. */
async function decodeAwsChunked(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(body, new AwsChunkedDecoder(), async (decoded: AsyncIterable<Buffer>) => {
    for await (const chunk of decoded) chunks.push(chunk);
  });
  return Buffer.concat(chunks);
}

export interface DynamoEmulator {
  port: number;
  close(): Promise<void>;
}

export async function startDynamo(options: { directory: string; port: number }): Promise<DynamoEmulator> {
  mkdirSync(path.dirname(options.directory), { recursive: true });
  const dynalite = require('dynalite') as DynaliteFactory;
  // createTableMs 0: dynalite otherwise keeps a new table CREATING for half a second.
  const server = dynalite({ path: options.directory, createTableMs: 0, deleteTableMs: 0 });
  // dynalite answers every origin (`Access-Control-Allow-Origin: *`) and checks no signature:
  // its request listener goes behind the local-mode guard (docs/contract.md §6.1).
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  const handle: RequestListener = (req, res) => {
    for (const listener of listeners) listener.call(server, req, res);
  };
  server.on('request', guardLocalRequests(handle, 'DynamoDB emulator'));
  const port = await listenLocal(server, options.port, 'DynamoDB emulator (dynalite)', 'DYNAMODB_PORT');
  return {
    port,
    // dynalite's close() waits for pending LevelDB writes and closes the database.
    close: () => closeServer(server),
  };
}

/** The table as the stack defines it (one definition shared with infra and the tests). */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
}
