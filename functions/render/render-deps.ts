/** What render runs against; built from the environment in Lambda, by hand in tests. */
import type { BuildPeriodReportInput, PeriodReport, ReportOptions } from '../../shared/report/period-report';
import type { AlertDeps } from '../alerts/alert-deps';
import type { Telemetry } from '../common/telemetry';
import type { PipelineReader } from '../store/pipeline-reader';
import type { RenderStateStore } from '../store/render-state';
import type { SiteBucket } from './site-bucket';

export type BuildPeriodReport = (input: BuildPeriodReportInput) => PeriodReport;

export interface RenderDeps {
  /** What render reads of the pipeline's table (never writes). */
  store: PipelineReader;
  /** What render drew last time (per period and year); render's own records. */
  renderState: RenderStateStore;
  site: SiteBucket;
  buildReport: BuildPeriodReport;
  telemetry: Telemetry;
  /** `new-warnings` alerts: where they go and what was already announced. */
  alerts: AlertDeps;
  city: { id: string; name: string };
  options: ReportOptions;
  /** Only for timestamps when the table holds nothing to date a page by. */
  now: () => Date;
}

export interface RenderSummary {
  /** Periods whose snapshot objects were (re)written. */
  rendered: string[];
  /** Of those, periods whose report could not be drawn (their page says why). */
  failed: string[];
  /** Years whose year step ran. */
  years: number[];
  /** Periods whose snapshot objects were removed (no data left). */
  removed: string[];
  durationMs: number;
}
