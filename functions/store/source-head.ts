/**
 * What the pipeline knows about one upload key: the outcome of the latest version processed,
 * and separately the version whose lines are live (a rejected re-upload leaves the previous
 * accepted data in place, so "latest" and "active" differ).
 */
import type { Amounts } from '../../shared/domain-types';
import type { PublicIssue } from '../../shared/export/public-issue';
import type { UploadStatus } from '../common/status-record';

/** The accepted version whose lines readers use. */
export interface ActiveVersion {
  /** Normalized sequencer of the version; its lines carry it as their generation. */
  gen: string;
  period: string;
  rows: number;
  sha256: string;
  committedAt: string;
}

export interface SourceHead {
  key: string;
  /**
   * Normalized sequencer of the latest event recorded for the key. Null when only a generation
   * registration exists (a first version is being written but has not committed yet).
   */
  sequencer: string | null;
  status: UploadStatus | null;
  /** Period of the latest version, when it could be read. */
  period: string | null;
  rows: number;
  sha256: string | null;
  etag: string | null;
  versionId: string | null;
  groups: number;
  totals: Amounts | null;
  errors: PublicIssue[];
  errorCount: number;
  warnings: PublicIssue[];
  processedAt: string | null;
  active: ActiveVersion | null;
  /** Period the active version lived in before the last commit or deletion (render hint). */
  previousPeriod: string | null;
  /**
   * Every generation whose lines may exist (registered before its first line is written,
   * dropped by cleanup once its lines are gone), sorted. Cleanup reads only the stale ones.
   */
  generations: GenerationRef[];
  /** The periods of `generations`: where this key may still have lines. */
  periods: string[];
  /** Sequencer whose status object has been written; lets a redelivery repair a lost write. */
  statusSequencer: string | null;
}

/** The result of processing one version, as ingest records it. */
export interface VersionOutcome {
  key: string;
  sequencer: string;
  period: string | null;
  rows: number;
  sha256: string | null;
  etag: string | null;
  versionId: string | null;
  groups: number;
  totals: Amounts | null;
  errors: PublicIssue[];
  errorCount: number;
  warnings: PublicIssue[];
  processedAt: string;
}

/** A version to make live: its lines are already written under generation `sequencer`. */
export interface CommitVersion extends VersionOutcome {
  period: string;
  sha256: string;
}

/** One generation of a key's lines: the version with that sequencer, in that period. */
export interface GenerationRef {
  period: string;
  gen: string;
}

export interface GroupKey {
  unitCode: string;
  projectCode: string;
  fundType: string;
}

/** A group of the file that another object's live version already holds. */
export interface GroupConflict {
  holder: string;
  group: GroupKey;
}

/** Conditional head writes either land or lose to a newer version of the key. */
export type HeadWrite = 'recorded' | 'superseded';

export interface ReconcileSummary {
  linesDeleted: number;
  /** Stale generations whose lines are gone and whose registration was dropped. */
  generationsDropped: number;
  /** Periods where the key has nothing left. */
  periodsPruned: string[];
}
