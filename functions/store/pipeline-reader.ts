/**
 * What render reads of the pipeline's storage: heads, the live version of every key, and
 * consistent cuts of periods and years. Small on purpose: render never writes the pipeline's
 * items and never sees table layout. `DynamoDbPipelineReader` is the implementation; ingest
 * writes through `PipelineWriter`.
 */
import type { SourcedGroupLine } from '../../shared/report/period-report';
import type { IndicatorSet } from '../../shared/self-evaluation/indicator-set';
import type { ActiveVersion, SourceHead } from './source-head';

export interface ActiveSource {
  key: string;
  rows: number;
  sha256: string;
  committedAt: string;
}

/** One period as readers see it: only the active version of each source, never a mix. */
export interface PeriodContents {
  sources: ActiveSource[];
  lines: SourcedGroupLine[];
}

/** One year's indicator sets as readers see them: only the active version of each indicator file. */
export interface IndicatorContents {
  sources: ActiveSource[];
  sets: { sourceKey: string; set: IndicatorSet }[];
}

export interface PipelineReader {
  getHead(key: string): Promise<SourceHead | null>;
  /** Every upload key ever seen, sorted by key. */
  listHeads(): Promise<SourceHead[]>;
  /**
   * The live version of every key that has one (a projection of the heads: small, and one
   * request for thousands of keys). Render compares it with what it last rendered.
   */
  listActiveVersions(): Promise<Map<string, ActiveVersion>>;
  /** A consistent read of several periods (absent periods map to empty contents). */
  readPeriods(periods: string[]): Promise<Map<string, PeriodContents>>;
  /** A consistent read of several years' indicator sets (`YYYY` ids; absent years map to empty contents). */
  readIndicatorSets(years: string[]): Promise<Map<string, IndicatorContents>>;
}
