/**
 * The pipeline's storage, in the terms the handlers think in (versions, claims, periods),
 * so they never see table layout. `DynamoDbPipelineStore` is the implementation.
 *
 * Every write is idempotent and the head's conditional commit is the single point where a
 * version becomes visible, so a crash anywhere followed by a redelivery converges.
 */
import type { GroupLine } from '../../shared/domain-types';
import type { SourcedGroupLine } from '../../shared/report/period-report';
import type {
  ClaimResult,
  CommitVersion,
  GroupKey,
  HeadWrite,
  ReconcileSummary,
  SourceHead,
  VersionOutcome,
} from './source-head';

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

export interface PipelineStore {
  /** A message when the key or a group code cannot be stored (DynamoDB key size limits), else null. */
  storageProblem(key: string, groups: GroupKey[]): string | null;
  getHead(key: string): Promise<SourceHead | null>;
  /** Every upload key ever seen, sorted by key. */
  listHeads(): Promise<SourceHead[]>;

  /** Records a rejected version (invalid, or a group conflict) unless a newer one is recorded. */
  recordRejection(outcome: VersionOutcome): Promise<HeadWrite>;
  /** Notes that `key` may get lines/claims in `period`, before any are written. */
  registerPeriod(key: string, period: string): Promise<void>;
  /** Takes the groups for `key` at generation `gen`, in a fixed order; stops at the first conflict. */
  claimGroups(key: string, gen: string, period: string, groups: GroupKey[]): Promise<ClaimResult>;
  /** Writes the lines of generation `gen` (invisible until committed). */
  putLines(key: string, gen: string, period: string, lines: GroupLine[]): Promise<void>;
  /** The commit point: makes generation `outcome.sequencer` live unless a newer version is recorded. */
  commitVersion(outcome: CommitVersion): Promise<HeadWrite>;
  /** Retracts the key unless a newer version is recorded. */
  recordDeletion(key: string, sequencer: string, processedAt: string): Promise<HeadWrite>;
  /**
   * Brings lines and claims of `key` in line with its head: drops superseded generations and
   * claims the active version does not need. Idempotent; safe beside in-flight newer versions.
   */
  reconcileSource(key: string, extraPeriods: string[]): Promise<ReconcileSummary>;
  /** Remembers that the status object for `sequencer` exists. */
  markStatusWritten(key: string, sequencer: string): Promise<void>;

  /** A consistent read of several periods (absent periods map to empty contents). */
  readPeriods(periods: string[]): Promise<Map<string, PeriodContents>>;
}
