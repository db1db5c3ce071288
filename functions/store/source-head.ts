/**
 * What the pipeline knows about one upload key: the outcome of the latest version processed,
 * and separately the version whose lines are live (a rejected re-upload leaves the previous
 * accepted data in place, so "latest" and "active" differ).
 */
import type { Amounts } from '../../shared/domain-types';
import type { PublicIssue } from '../../shared/export/public-issue';
import type { GroupKey } from '../../shared/group-key';
import type { UploadStatus } from '../common/status-record';

/** The accepted version whose lines readers use. */
export interface ActiveVersion {
  /** Normalized sequencer of the version; its lines carry it as their generation. */
  gen: string;
  period: string;
  rows: number;
  sha256: string;
  committedAt: string;
  /** S3 version id of the live bytes (null or absent on an unversioned bucket). */
  versionId?: string | null;
}

/**
 * The live version of another key that held a group of one of this key's valid versions when
 * it was checked, and when that key's run began. While that key still has exactly this version
 * live and the same run start, the conflict stands; once either changes, this key is re-checked
 * (docs/contract.md §3.1, moves converge): a holder whose oldest version was deleted began
 * later, and may no longer precede this key (the holder rule).
 */
export interface Blocker {
  key: string;
  gen: string;
  period: string;
  runBegan: string | null;
}

/**
 * The blocker generation written on a displaced holder (and in its note under the key that
 * displaced it): no live generation ever equals it, so the displaced key is re-checked as soon
 * as the key that displaced it settles.
 */
export const DISPLACED_GEN = 'displaced';

/** A key waiting for a holder to let go, as the holder finds it (`WAITING#<holder>`). */
export interface Waiter {
  key: string;
  /** The waiting key's recorded stamp when it was blocked: a newer one makes this note stale. */
  stamp: string;
  /** The holder's live generation and period that blocked it, and when its run began then. */
  gen: string;
  period: string;
  runBegan: string | null;
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
  /**
   * When the key's current run of versions began (`functions/common/holder-rule.ts`): what
   * decides which of two keys claiming one group holds it. Null before anything was recorded.
   */
  runBegan: string | null;
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
  /**
   * The holders keeping this key's valid versions out, when its newest valid version is kept
   * out: for each version looked at and kept out, the first holder found (distinct, newest
   * version's first). Empty when nothing is kept out. Each gets a note (`WAITING#<holder>`), so
   * whichever lets go re-checks the key: an older version kept out by another holder may be
   * the one that becomes live.
   */
  blockedBy: Blocker[];
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
  /** When the key's current run of versions began, as S3 lists it (`holder-rule.ts`); null if unknown. */
  runBegan: string | null;
}

/** A version to make live: its lines are already written under generation `sequencer`. */
export interface CommitVersion extends VersionOutcome {
  period: string;
  sha256: string;
  /** Generation id of its lines; the stamp (`sequencer`) unless another version is made live. */
  gen?: string;
}

/** What a head write records besides the live version (see `PipelineWriter.commitVersion`). */
export interface RecordOptions {
  /**
   * The newest version's outcome, when it is not the version being made live (an older valid
   * version goes live because every newer one was rejected). The status describes it.
   */
  latest?: VersionOutcome;
  /** The holders keeping valid versions out (`SourceHead.blockedBy`); none when absent. */
  blockedBy?: readonly Blocker[];
  /** Rejections only: also retract the live version (it is no longer among the key's current versions). */
  retract?: boolean;
}

/** One generation of a key's lines: the version with that sequencer, in that period. */
export interface GenerationRef {
  period: string;
  gen: string;
}

/** The key of a group (shared/group-key.ts): what one source object may hold in a period. */
export type { GroupKey };

/** A group of the file that another object's live version already holds. */
export interface GroupConflict {
  holder: string;
  group: GroupKey;
}

/**
 * What a claimant that precedes a holder (`holder-rule.ts`) writes on the holder's head to take
 * its groups: the holder's live version as it was read under the period's lease, and the key
 * that displaces it. The write lands only if the head still says exactly that.
 */
export interface Displacement {
  holder: string;
  /** The holder's recorded stamp, live generation and its period when it was read. */
  sequencer: string;
  gen: string;
  period: string;
  by: string;
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
