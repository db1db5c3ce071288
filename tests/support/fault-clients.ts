/**
 * SDK clients aimed at the emulators, with faults injected through SDK middleware so the real
 * handlers and the real store code run unchanged:
 *
 * - a crash at the k-th AWS call (counted across S3 and DynamoDB), before the request is sent
 *   or after its response arrived (the write happened, the caller never learns it);
 * - a GetObject body that breaks after n bytes;
 * - throttling of a share of DynamoDB attempts, thrown inside the SDK's retry loop as the
 *   service would answer (ProvisionedThroughputExceededException / ThrottlingException), so the
 *   SDK's own retries, then the store's, then SQS redelivery deal with it;
 * - BatchWriteItem calls that write only part of their requests and hand the rest back as
 *   UnprocessedItems (the held-back requests are really not written).
 *
 * Retries inside the SDK wait zero milliseconds, so tests stay fast.
 */
import { PassThrough, Readable } from 'node:stream';
import {
  type BatchWriteItemCommandInput,
  type BatchWriteItemCommandOutput,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type {
  DeserializeHandler,
  DeserializeHandlerArguments,
  DeserializeHandlerOutput,
  HandlerExecutionContext,
  InitializeHandler,
  InitializeHandlerArguments,
  InitializeHandlerOutput,
  MetadataBearer,
  RetryErrorInfo,
  RetryStrategyV2,
  RetryToken,
} from '@smithy/types';
import type { ConnectionConfig } from '../../functions/common/env';
import { uploadKeyOfStatus } from '../../functions/common/object-key';
import { EMULATOR_CREDENTIALS } from './emulators';

export type Service = 'S3' | 'DynamoDB';
export type CrashTiming = 'before' | 'after';

export interface AwsCall {
  /** 1-based, across both services, since the counter was last reset. */
  n: number;
  service: Service;
  /** `GetItem`, `PutObject`, ... */
  operation: string;
}

/** The fault a test armed; not an AWS error, so nothing retries it but the caller's caller. */
export class InjectedCrash extends Error {
  override name = 'InjectedCrash';
}

export class InjectedStreamError extends Error {
  override name = 'InjectedStreamError';
}

/** Deterministic randomness for the throttling and UnprocessedItems shares. */
export type Random = () => number;

export interface FaultCounters {
  calls: number;
  /** DynamoDB requests sent, SDK retries included. */
  dynamodbAttempts: number;
  batchWrites: number;
  crashes: number;
  throttled: number;
  unprocessedCalls: number;
  unprocessedItems: number;
  brokenBodies: number;
}

/**
 * Shared by the S3 and DynamoDB client of one handler, so "the k-th call" counts both. Faults
 * are armed and disarmed between deliveries.
 */
export class FaultController {
  readonly calls: AwsCall[] = [];
  readonly counters: FaultCounters = {
    calls: 0,
    dynamodbAttempts: 0,
    batchWrites: 0,
    crashes: 0,
    throttled: 0,
    unprocessedCalls: 0,
    unprocessedItems: 0,
    brokenBodies: 0,
  };
  private crash: { at: number; timing: CrashTiming } | null = null;
  private brokenBody: { afterBytes: number } | null = null;
  throttle: { rate: number; random: Random } | null = null;
  unprocessed: { rate: number; random: Random } | null = null;
  private readonly statusListeners: ((uploadKey: string) => void)[] = [];

  /** @param uploadBucket status objects written there are reported to `onStatusWritten`. */
  constructor(readonly uploadBucket: string | null = null) {}

  /** Forgets the calls seen so far: the next call is number 1 again. */
  resetCount(): void {
    this.calls.length = 0;
  }

  armCrash(at: number, timing: CrashTiming): void {
    this.crash = { at, timing };
  }

  /** The next GetObject body breaks after this many bytes. */
  armBrokenBody(afterBytes: number): void {
    this.brokenBody = { afterBytes };
  }

  disarm(): void {
    this.crash = null;
    this.brokenBody = null;
  }

  /** Called when a PutObject of `status/<key>.json` to the upload bucket succeeded (what S3 would notify). */
  onStatusWritten(listener: (uploadKey: string) => void): void {
    this.statusListeners.push(listener);
  }

  /** @internal */
  beginCall(service: Service, operation: string): AwsCall {
    const call = { n: this.calls.length + 1, service, operation };
    this.calls.push(call);
    this.counters.calls++;
    return call;
  }

  /** @internal */
  crashes(call: AwsCall, timing: CrashTiming): boolean {
    if (this.crash === null || this.crash.at !== call.n || this.crash.timing !== timing) return false;
    this.crash = null;
    this.counters.crashes++;
    return true;
  }

  /** @internal */
  takeBrokenBody(): number | null {
    const armed = this.brokenBody;
    this.brokenBody = null;
    if (armed !== null) this.counters.brokenBodies++;
    return armed?.afterBytes ?? null;
  }

  /** @internal */
  throttles(): boolean {
    this.counters.dynamodbAttempts++;
    if (this.throttle === null || this.throttle.random() >= this.throttle.rate) return false;
    this.counters.throttled++;
    return true;
  }

  /** @internal How many of `count` requests to hand back unprocessed (0 for a normal call). */
  holdBack(count: number): number {
    this.counters.batchWrites++;
    if (this.unprocessed === null || count === 0 || this.unprocessed.random() >= this.unprocessed.rate)
      return 0;
    const held = 1 + Math.floor(this.unprocessed.random() * count);
    this.counters.unprocessedCalls++;
    this.counters.unprocessedItems += held;
    return held;
  }

  /** @internal */
  statusWritten(bucket: string | undefined, key: string | undefined): void {
    if (bucket !== this.uploadBucket || key === undefined) return;
    const uploadKey = uploadKeyOfStatus(key);
    if (uploadKey !== null) for (const listener of this.statusListeners) listener(uploadKey);
  }
}

/** Up to `maxAttempts` attempts for throttling and transient errors, without waiting in between. */
export function zeroDelayRetryStrategy(maxAttempts = 3): RetryStrategyV2 {
  const token = (retries: number): RetryToken => ({
    getRetryCount: () => retries,
    getRetryDelay: () => 0,
  });
  return {
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (previous: RetryToken, info: RetryErrorInfo) => {
      const retryable = info.errorType === 'THROTTLING' || info.errorType === 'TRANSIENT';
      if (!retryable || previous.getRetryCount() + 1 >= maxAttempts) throw new Error('no more retries');
      return token(previous.getRetryCount() + 1);
    },
    recordSuccess: () => {},
  };
}

const operationOf = (context: HandlerExecutionContext): string =>
  (context.commandName ?? 'Unknown').replace(/Command$/, '');

function breakAfter(body: Readable, afterBytes: number): Readable {
  const out = new PassThrough();
  let seen = 0;
  body.on('data', (chunk: Buffer) => {
    if (out.destroyed) return;
    const room = afterBytes - seen;
    seen += chunk.length;
    if (room > 0) out.write(chunk.subarray(0, Math.min(room, chunk.length)));
    if (seen >= afterBytes) {
      body.destroy();
      out.destroy(new InjectedStreamError(`connection reset after ${afterBytes} bytes (injected)`));
    }
  });
  body.on('end', () => out.end());
  body.on('error', (error) => out.destroy(error));
  return out;
}

type Output = MetadataBearer & Record<string, unknown>;

/** The outermost middleware: counts calls, crashes, breaks bodies, holds BatchWrite requests back. */
function callMiddleware(controller: FaultController, service: Service) {
  return (next: InitializeHandler<object, Output>, context: HandlerExecutionContext) =>
    async (args: InitializeHandlerArguments<object>): Promise<InitializeHandlerOutput<Output>> => {
      const operation = operationOf(context);
      const call = controller.beginCall(service, operation);
      if (controller.crashes(call, 'before')) {
        throw new InjectedCrash(`crash before call ${call.n} (${service} ${operation})`);
      }
      let result: InitializeHandlerOutput<Output>;
      if (service === 'DynamoDB' && operation === 'BatchWriteItem') {
        result = await partialBatchWrite(controller, next, args);
      } else {
        result = await next(args);
      }
      const input = args.input as { Bucket?: string; Key?: string };
      if (service === 'S3' && operation === 'PutObject') controller.statusWritten(input.Bucket, input.Key);
      if (controller.crashes(call, 'after')) {
        const body = result.output.Body;
        if (body instanceof Readable) body.destroy();
        throw new InjectedCrash(`crash after call ${call.n} (${service} ${operation})`);
      }
      if (service === 'S3' && operation === 'GetObject') {
        const afterBytes = controller.takeBrokenBody();
        const body = result.output.Body;
        if (afterBytes !== null && body instanceof Readable) {
          result.output.Body = breakAfter(body, afterBytes);
        }
      }
      return result;
    };
}

async function partialBatchWrite(
  controller: FaultController,
  next: InitializeHandler<object, Output>,
  args: InitializeHandlerArguments<object>,
): Promise<InitializeHandlerOutput<Output>> {
  const input = args.input as BatchWriteItemCommandInput;
  const [table, requests] = Object.entries(input.RequestItems ?? {})[0] ?? [];
  if (table === undefined || requests === undefined) return next(args);
  const held = controller.holdBack(requests.length);
  if (held === 0) return next(args);
  // Which requests DynamoDB hands back is its business; take them from the end.
  const sent: WriteRequest[] = requests.slice(0, requests.length - held);
  const unprocessed: WriteRequest[] = requests.slice(requests.length - held);
  if (sent.length === 0) {
    const output: BatchWriteItemCommandOutput = {
      UnprocessedItems: { [table]: unprocessed },
      $metadata: { httpStatusCode: 200 },
    };
    return { output: output as unknown as Output, response: {} };
  }
  const result = await next({ ...args, input: { ...input, RequestItems: { [table]: sent } } });
  const output = result.output as unknown as BatchWriteItemCommandOutput;
  const already = output.UnprocessedItems?.[table] ?? [];
  output.UnprocessedItems = { [table]: [...already, ...unprocessed] };
  return result;
}

/** Inside the SDK's retry loop: each attempt may be throttled, as DynamoDB answers under load. */
function throttleMiddleware(controller: FaultController) {
  let alternate = false;
  return (next: DeserializeHandler<object, Output>, context: HandlerExecutionContext) =>
    async (args: DeserializeHandlerArguments<object>): Promise<DeserializeHandlerOutput<Output>> => {
      if (controller.throttles()) {
        alternate = !alternate;
        const message = `Rate of requests exceeds the allowed throughput (injected, ${operationOf(context)})`;
        const $metadata = { httpStatusCode: 400, attempts: 1 };
        throw alternate
          ? new ProvisionedThroughputExceededException({ message, $metadata })
          : new ThrottlingException({ message, $metadata });
      }
      return next(args);
    };
}

export interface InstrumentedClients {
  s3: S3Client;
  dynamodb: DynamoDBClient;
  destroy(): void;
}

/**
 * Clients configured as `functions/common/clients.ts` configures them for an emulator, plus the
 * fault middleware and zero-delay SDK retries.
 */
export function instrumentedClients(
  connection: ConnectionConfig,
  controller: FaultController,
): InstrumentedClients {
  const credentials = connection.credentials ?? EMULATOR_CREDENTIALS;
  const s3 = new S3Client({
    region: connection.region,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    endpoint: connection.s3Endpoint,
    forcePathStyle: true,
    credentials,
    retryStrategy: zeroDelayRetryStrategy(),
  });
  const dynamodb = new DynamoDBClient({
    region: connection.region,
    endpoint: connection.dynamodbEndpoint,
    credentials,
    retryStrategy: zeroDelayRetryStrategy(),
  });
  // As createDynamoDbClient does: the SDK's logger middleware only costs CPU here.
  dynamodb.middlewareStack.remove('loggerMiddleware');
  s3.middlewareStack.add(callMiddleware(controller, 'S3') as never, {
    step: 'initialize',
    priority: 'high',
    name: 'faultInjectionCalls',
  });
  dynamodb.middlewareStack.add(callMiddleware(controller, 'DynamoDB') as never, {
    step: 'initialize',
    priority: 'high',
    name: 'faultInjectionCalls',
  });
  dynamodb.middlewareStack.add(throttleMiddleware(controller) as never, {
    step: 'deserialize',
    priority: 'high',
    name: 'faultInjectionThrottling',
  });
  return {
    s3,
    dynamodb,
    destroy() {
      s3.destroy();
      dynamodb.destroy();
    },
  };
}
