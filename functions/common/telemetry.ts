/**
 * What the handlers need from logging and metrics, narrowed to an interface so tests and the
 * local runtime can pass their own. In Lambda it is Powertools: structured JSON logs and
 * CloudWatch metrics in Embedded Metric Format (written to stdout, no API calls).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';

export type LogAttributes = Record<string, unknown>;

export interface LogSink {
  debug(message: string, attributes?: LogAttributes): void;
  info(message: string, attributes?: LogAttributes): void;
  warn(message: string, attributes?: LogAttributes): void;
  error(message: string, attributes?: LogAttributes): void;
}

export type MetricName =
  | 'RowsIngested'
  | 'FilesAccepted'
  | 'FilesRejected'
  | 'FilesDeleted'
  | 'RenderDurationMs'
  | 'PeriodsRendered'
  | 'AlertsFailed';

export interface MetricSink {
  count(name: MetricName, value: number): void;
  milliseconds(name: MetricName, value: number): void;
  /** Emits what was recorded during this invocation. */
  flush(): void;
}

export interface Telemetry {
  logger: LogSink;
  metrics: MetricSink;
  /**
   * Puts the invocation's Lambda context on every later log line (request id, cold start,
   * function name, version and memory), so a log line leads to its invocation. Powertools only.
   */
  addLambdaContext?: (context: Context) => void;
}

export const METRICS_NAMESPACE = 'BudgetPipeline';

export function powertoolsTelemetry(serviceName: string, cityId?: string): Telemetry {
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
  if (cityId !== undefined) metrics.addDimension('city', cityId);
  const log =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, attributes?: LogAttributes): void => {
      if (attributes === undefined) logger[level](message);
      else logger[level](message, attributes);
    };
  return {
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    addLambdaContext: (context) => logger.addContext(context),
    metrics: {
      count: (name, value) => metrics.addMetric(name, MetricUnit.Count, value),
      milliseconds: (name, value) => metrics.addMetric(name, MetricUnit.Milliseconds, value),
      flush: () => {
        // Powertools warns when flushing an empty set; an invocation that only ignored
        // test events has nothing to say.
        if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      },
    },
  };
}

/**
 * A Lambda entry point: hands each invocation's context to the logger (Powertools'
 * `addContext`, what its `injectLambdaContext` middleware does) before the handler runs.
 */
export function withLambdaContext<E, R>(
  telemetry: Telemetry,
  handler: (event: E, context?: unknown) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  return (event, context) => {
    telemetry.addLambdaContext?.(context);
    return handler(event, context);
  };
}

/** For tests: drops everything. */
export const silentTelemetry: Telemetry = {
  logger: { debug() {}, info() {}, warn() {}, error() {} },
  metrics: { count() {}, milliseconds() {}, flush() {} },
};
