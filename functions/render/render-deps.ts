/** What render runs against; built from the environment in Lambda, by hand in tests. */
import type { CitySettings } from '../../shared/city-settings';
import { type ReportOptions, reportOptionsOf } from '../../shared/report/period-report';
import type {
  PeriodReportBuilder,
  PeriodReportBuilderInput,
} from '../../shared/report/period-report-builder';
import type { AlertDeps } from '../alerts/alert-deps';
import type { Telemetry } from '../common/telemetry';
import type { PipelineReader } from '../store/pipeline-reader';
import type { RenderStateStore } from '../store/render-state';
import type { SiteBucket } from './site-bucket';

export type RenderOptions = ReportOptions &
  Partial<Pick<CitySettings, 'competentDepartment' | 'scoring' | 'bulletin'>>;

/**
 * Just the settings render uses, out of a city's whole settings: the report's and the forms'.
 * The plan fingerprints them, so any other setting (alertEmails, limits, columns) redraws nothing.
 */
export function renderOptionsOf(settings: CitySettings): RenderOptions {
  return {
    ...reportOptionsOf(settings),
    ...(settings.competentDepartment === undefined
      ? {}
      : { competentDepartment: settings.competentDepartment }),
    scoring: settings.scoring,
    bulletin: settings.bulletin,
  };
}

/** Starts a period's report; replaceable so tests can make one period's drawing fail. */
export type ReportBuilderFactory = (input: PeriodReportBuilderInput) => PeriodReportBuilder;

export interface RenderDeps {
  /** What render reads of the pipeline's table (never writes). */
  store: PipelineReader;
  /** What render drew last time (per period and year); render's own records. */
  renderState: RenderStateStore;
  site: SiteBucket;
  reportBuilder: ReportBuilderFactory;
  telemetry: Telemetry;
  /** `new-warnings` alerts: where they go and what was already announced. */
  alerts: AlertDeps;
  city: { id: string; name: string };
  /** The report's settings, and those of the forms (主管部门, scoring options, the 通报's 落款). */
  options: RenderOptions;
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
