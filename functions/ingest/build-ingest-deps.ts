/**
 * Ingest's production wiring: real clients (or emulator endpoints), the DynamoDB store, the
 * S3 upload bucket, the shared validator and Powertools telemetry. Anything can be replaced,
 * which is how the tests and the local runtime aim the same handler at other endpoints.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { validateExport } from '../../shared/export/validate-export';
import { DEFAULT_EXECUTION_WEIGHT, validateIndicators } from '../../shared/indicators/validate-indicators';
import { buildAlertDeps } from '../alerts/alert-deps';
import type { AlertSink } from '../alerts/alert-sink';
import type { BackoffPolicy } from '../common/backoff';
import { createDynamoDbClient, createS3Client } from '../common/clients';
import type { IngestConfig } from '../common/env';
import { uploadFileTypeOf } from '../common/object-key';
import { powertoolsTelemetry, type Telemetry } from '../common/telemetry';
import { DynamoDbPipelineStore } from '../store/dynamodb/dynamodb-pipeline-store';
import type { IngestDeps, ValidateExport, ValidateIndicators } from './ingest-deps';
import { S3UploadBucket } from './s3-upload-bucket';
import type { UploadBucket } from './upload-bucket';

export interface IngestOverrides {
  s3?: S3Client;
  dynamodb?: DynamoDBClient;
  telemetry?: Telemetry;
  validate?: ValidateExport;
  /** The upload bucket itself (tests: a versioned bucket model). */
  uploads?: UploadBucket;
  validateIndicators?: ValidateIndicators;
  now?: () => Date;
  backoff?: BackoffPolicy;
  alertSink?: AlertSink;
}

export function buildIngestDeps(config: IngestConfig, overrides: IngestOverrides = {}): IngestDeps {
  const s3 = overrides.s3 ?? createS3Client(config.connection);
  const dynamodb = overrides.dynamodb ?? createDynamoDbClient(config.connection);
  const telemetry = overrides.telemetry ?? powertoolsTelemetry('ingest', config.city?.id);
  const cityId = config.city?.id ?? 'city';
  return {
    store: new DynamoDbPipelineStore({
      client: dynamodb,
      tableName: config.tableName,
      backoff: overrides.backoff,
      writeConcurrency: config.city?.writeConcurrency,
    }),
    uploads: overrides.uploads ?? new S3UploadBucket(s3, config.uploadBucket),
    // The city's limits (rows, groups per file, file, field and record size) and header texts;
    // the key says the format and may state the period.
    validate:
      overrides.validate ??
      ((input, key) =>
        validateExport(input, config.city?.limits, {
          format: uploadFileTypeOf(key) === 'xlsx' ? 'xlsx' : 'csv',
          fileName: key,
          ...(config.city === null ? {} : { columns: config.city.columns }),
        })),
    telemetry,
    alerts: buildAlertDeps({
      config: config.alerts,
      connection: config.connection,
      city: { id: cityId, name: config.city?.displayName ?? cityId },
      dynamodb,
      tableName: config.tableName,
      logger: telemetry.logger,
      backoff: overrides.backoff,
      sink: overrides.alertSink,
    }),
    validateIndicators:
      overrides.validateIndicators ??
      ((input, key) =>
        validateIndicators(
          input,
          { ...config.city?.limits, executionWeight: config.city?.scoreWeight ?? DEFAULT_EXECUTION_WEIGHT },
          uploadFileTypeOf(key) === 'xlsx' ? 'xlsx' : 'csv',
        )),
    uploadBucket: config.uploadBucket,
    now: overrides.now ?? (() => new Date()),
  };
}
