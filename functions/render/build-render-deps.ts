/** Render's production wiring; every part replaceable (tests, local runtime). */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { PeriodReportBuilder } from '../../shared/report/period-report-builder';
import { buildAlertDeps } from '../alerts/alert-deps';
import type { AlertSink } from '../alerts/alert-sink';
import type { BackoffPolicy } from '../common/backoff';
import { createDynamoDbClient, createS3Client } from '../common/clients';
import type { RenderConfig } from '../common/env';
import { powertoolsTelemetry, type Telemetry } from '../common/telemetry';
import { DynamoDbPipelineReader } from '../store/dynamodb/dynamodb-pipeline-reader';
import { DynamoDbRenderState } from '../store/dynamodb/dynamodb-render-state';
import { type RenderDeps, type ReportBuilderFactory, renderOptionsOf } from './render-deps';
import { S3SiteBucket } from './s3-site-bucket';

export interface RenderOverrides {
  s3?: S3Client;
  dynamodb?: DynamoDBClient;
  telemetry?: Telemetry;
  reportBuilder?: ReportBuilderFactory;
  now?: () => Date;
  backoff?: BackoffPolicy;
  alertSink?: AlertSink;
}

export function buildRenderDeps(config: RenderConfig, overrides: RenderOverrides = {}): RenderDeps {
  const s3 = overrides.s3 ?? createS3Client(config.connection);
  const dynamodb = overrides.dynamodb ?? createDynamoDbClient(config.connection);
  const telemetry = overrides.telemetry ?? powertoolsTelemetry('render', config.city.id);
  return {
    store: new DynamoDbPipelineReader({
      client: dynamodb,
      tableName: config.tableName,
      backoff: overrides.backoff,
    }),
    renderState: new DynamoDbRenderState(dynamodb, config.tableName),
    site: new S3SiteBucket(s3, config.siteBucket),
    reportBuilder: overrides.reportBuilder ?? ((input) => new PeriodReportBuilder(input)),
    telemetry,
    alerts: buildAlertDeps({
      config: config.alerts,
      connection: config.connection,
      city: { id: config.city.id, name: config.city.displayName },
      dynamodb,
      tableName: config.tableName,
      logger: telemetry.logger,
      backoff: overrides.backoff,
      sink: overrides.alertSink,
    }),
    city: { id: config.city.id, name: config.city.displayName },
    // Only what render uses: the plan fingerprints `city` and `options`, so any other setting
    // (alertEmails, limits, columns) must stay out of them or its change would redraw everything.
    options: renderOptionsOf(config.city),
    now: overrides.now ?? (() => new Date()),
  };
}
