/**
 * What render remembers between runs, so that a run reads and writes only what changed
 * (docs/contract.md §8): per period, the fingerprint of the inputs its snapshot was rendered from and a
 * small summary (what the site-wide pages need); per year, the fingerprint of the year step's
 * inputs. Kept in the table beside the pipeline's items, in a partition of its own, and written
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

export interface RenderStateStore {
  /** Every period's record, sorted by period (small items; one request for years of history). */
  listPeriodStates(): Promise<PeriodRenderState[]>;
  putPeriodState(state: PeriodRenderState): Promise<void>;
  deletePeriodState(period: string): Promise<void>;
  listYearStates(): Promise<YearRenderState[]>;
  putYearState(state: YearRenderState): Promise<void>;
  deleteYearState(year: number): Promise<void>;
}
