/** What the ingest logic runs against; built from the environment in Lambda, by hand in tests. */
import type { ValidationResult } from '../../shared/domain-types';
import type { IndicatorValidationResult } from '../../shared/indicators/indicator-validation';
import type { AlertDeps } from '../alerts/alert-deps';
import type { Telemetry } from '../common/telemetry';
import type { PipelineWriter } from '../store/pipeline-writer';
import type { UploadBucket } from './upload-bucket';

/**
 * `validateExport` from shared/export, injectable so handler tests can script outcomes. The
 * key says the format (`.csv` / `.xlsx`) and may state the period (`2021-12.xlsx`).
 */
export type ValidateExport = (input: AsyncIterable<Uint8Array>, key: string) => Promise<ValidationResult>;

/** `validateIndicators` from shared/indicators with the city's execution weight. */
export type ValidateIndicators = (
  input: AsyncIterable<Uint8Array>,
  key: string,
) => Promise<IndicatorValidationResult>;

export interface IngestDeps {
  store: PipelineWriter;
  uploads: UploadBucket;
  validate: ValidateExport;
  validateIndicators: ValidateIndicators;
  telemetry: Telemetry;
  alerts: AlertDeps;
  /** Events for other buckets are ignored (s3rver reports every bucket). */
  uploadBucket: string;
  now: () => Date;
}

export type IngestOutcome =
  | 'accepted'
  | 'rejected'
  | 'conflict'
  | 'duplicate'
  | 'superseded'
  | 'deleted'
  | 'ignored';

export interface FileResult {
  outcome: IngestOutcome;
  rows: number;
  groups: number;
  period: string | null;
  /** Why, for superseded and ignored events. */
  reason?: string;
}
