/**
 * What render remembers between runs, so that a run reads and writes only what changed
 * (docs/contract.md §8): per period, the fingerprint of the inputs its snapshot was rendered from and a
 * small summary (what the site-wide pages need); per year, the fingerprint of the year step's
 * inputs; per upload, a summary filed by processing month, from which the paged uploads pages
 * are drawn. Kept in the table beside the pipeline's items, in a partition of its own, and written
 * only by render. `DynamoDbRenderState` is the implementation.
 *
 * Nothing here is a source of truth: deleting every record makes the next render re-render
 * everything (render-all ignores them), which is how `budget rebuild` re-derives the site.
 */

/** A period's record: what its published snapshot was rendered from, and what it showed. */
export interface PeriodRenderState {
  period: string;
  /** Fingerprint of the period's inputs (its sources, its dependencies' sources, settings). */
  inputs: string;
  /** JSON of the period's summary (`PeriodSummary`), read back by the site-wide pages. */
  summary: string;
}

/** A year's record: what the year step (self-evaluation, …) last ran on. */
export interface YearRenderState {
  year: number;
  inputs: string;
}

/** One upload as the uploads pages list it, filed under the month it was processed. */
export interface UploadSummary {
  key: string;
  /** Where it is filed: `<processedAt>#<hash of key>`, so a month's uploads come back in time order. */
  listedAt: string;
  /** JSON of the upload's view (`UploadView`). */
  view: string;
}

export interface RenderStateStore {
  /** Every period's record, sorted by period (small items; one request for years of history). */
  listPeriodStates(): Promise<PeriodRenderState[]>;
  putPeriodState(state: PeriodRenderState): Promise<void>;
  deletePeriodState(period: string): Promise<void>;
  listYearStates(): Promise<YearRenderState[]>;
  putYearState(state: YearRenderState): Promise<void>;
  deleteYearState(year: number): Promise<void>;

  /** Where `key`'s summary is filed now, or null. */
  getUploadListing(key: string): Promise<string | null>;
  /** Files the summary under `summary.listedAt`; the caller then drops the old one and re-points. */
  putUploadSummary(summary: UploadSummary): Promise<void>;
  deleteUploadSummary(listedAt: string): Promise<void>;
  putUploadListing(key: string, listedAt: string): Promise<void>;
  deleteUploadListing(key: string): Promise<void>;
  /** The summaries filed under listedAt prefix `month` (`YYYY-MM`), oldest first; every one when `month` is ''. */
  listUploadSummaries(month: string): Promise<UploadSummary[]>;
  /** Months that have an uploads page, ascending. */
  listUploadMonths(): Promise<string[]>;
  putUploadMonth(month: string): Promise<void>;
  deleteUploadMonth(month: string): Promise<void>;
}
