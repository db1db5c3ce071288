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

/** The live sources of `period` (or year-scoped id), by key, from the live versions. */
export function activeSources(active: ReadonlyMap<string, ActiveVersion>, period: string): ActiveSource[] {
  const sources: ActiveSource[] = [];
  for (const [key, version] of active) {
    if (version.period !== period) continue;
    sources.push({ key, rows: version.rows, sha256: version.sha256, committedAt: version.committedAt });
  }
  return sources.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
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
  /**
   * The lines of generation `gen` of `key` in `period`, a page (at most `pageSize` lines) at a
   * time, in the order of their sort keys: render reads a period of any size this way, one
   * page per live source at a time (functions/render/period-lines.ts puts them in group order).
   */
  generationLinePages(
    period: string,
    key: string,
    gen: string,
    pageSize: number,
  ): AsyncIterable<SourcedGroupLine[]>;
  /** A consistent read of several periods (absent periods map to empty contents). */
  readPeriods(periods: string[]): Promise<Map<string, PeriodContents>>;
  /** A consistent read of several years' indicator sets (`YYYY` ids; absent years map to empty contents). */
  readIndicatorSets(years: string[]): Promise<Map<string, IndicatorContents>>;
}
