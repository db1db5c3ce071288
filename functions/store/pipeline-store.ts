/**
 * The pipeline's storage, in the terms the handlers think in (versions, generations, period
 * leases, conflicts), so they never see table layout. `DynamoDbPipelineStore` is the
 * implementation.
 *
 * Every write is idempotent and the head's conditional commit is the single point where a
 * version becomes visible, so a crash anywhere followed by a redelivery converges.
 */
import type { GroupLine } from '../../shared/domain-types';
import type { SourcedGroupLine } from '../../shared/report/period-report';
import type { IndicatorSet } from '../../shared/self-evaluation/indicator-set';
import type { PeriodLease } from './period-lease';
import type {
  ActiveVersion,
  CommitVersion,
  GenerationRef,
  GroupConflict,
  GroupKey,
  HeadWrite,
  ReconcileSummary,
  RecordOptions,
  SourceHead,
  VersionOutcome,
  Waiter,
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

/** One year's indicator sets as readers see them: only the active version of each indicator file. */
export interface IndicatorContents {
  sources: ActiveSource[];
  sets: { sourceKey: string; set: IndicatorSet }[];
}

export interface PipelineStore {
  /** A message when the key or a group code cannot be stored (DynamoDB key size limits), else null. */
  storageProblem(key: string, groups: GroupKey[]): string | null;
  getHead(key: string): Promise<SourceHead | null>;
  /** Every upload key ever seen, sorted by key. */
  listHeads(): Promise<SourceHead[]>;

  /**
   * Records a rejected version (invalid, or a group conflict) unless a newer one is recorded.
   * The live version stays, unless `options.retract` (it is no longer among the key's versions).
   */
  recordRejection(outcome: VersionOutcome, options?: RecordOptions): Promise<HeadWrite>;
  /** Notes that `key` may get lines of generation `gen` in `period`, before any is written. */
  registerGeneration(key: string, generation: GenerationRef): Promise<void>;
  /**
   * Takes the period's lease for version `gen` of `key`, waiting a little while another
   * version holds it; throws `PeriodLeaseHeldError` if it stays held.
   */
  acquirePeriodLease(period: string, key: string, gen: string): Promise<PeriodLease>;
  /** Gives the lease back if this attempt still holds it. */
  releasePeriodLease(lease: PeriodLease): Promise<void>;
  /**
   * Frees a period's lease left by version `gen` of `key` once that version's outcome is
   * recorded (its attempt crashed before giving it back); a lease of anyone else stays.
   */
  releaseLeaseOf(period: string, key: string, gen: string): Promise<void>;
  /**
   * The first of `groups` (in key order) that another object's live version holds in
   * `period`, or null. Only meaningful under the period's lease.
   */
  findConflict(key: string, period: string, groups: GroupKey[]): Promise<GroupConflict | null>;
  /** Writes the lines of generation `gen` (invisible until committed). */
  putLines(key: string, gen: string, period: string, lines: GroupLine[]): Promise<void>;
  /**
   * Writes the sets of generation `gen` of an indicator file (invisible until committed), in
   * the partition of its year, under the same generation rules as lines.
   */
  putIndicatorSets(key: string, gen: string, period: string, sets: IndicatorSet[]): Promise<void>;
  /**
   * The commit point: makes generation `outcome.gen` (default: its stamp `outcome.sequencer`)
   * live unless a newer stamp is recorded; `options.latest` is the newest version's outcome
   * when that one is not the version made live.
   */
  commitVersion(outcome: CommitVersion, options?: RecordOptions): Promise<HeadWrite>;
  /** Retracts the key unless a newer version is recorded. */
  recordDeletion(key: string, sequencer: string, processedAt: string): Promise<HeadWrite>;
  /**
   * Brings the lines of `key` in line with its head: deletes the lines of generations that
   * can no longer become live and drops their registration. `attempt` is the generation the
   * caller itself wrote, cleaned even if its registration is already gone. Idempotent; safe
   * beside in-flight newer versions.
   */
  reconcileSource(key: string, attempt?: GenerationRef): Promise<ReconcileSummary>;
  /** Leaves a note that `waiter.key` waits for `holder` to let go of a group (idempotent). */
  putWaiter(holder: string, waiter: Waiter): Promise<void>;
  /** The keys waiting for `holder`. */
  listWaiters(holder: string): Promise<Waiter[]>;
  /** Removes a note unless it was renewed since (another stamp). */
  deleteWaiter(holder: string, waiter: Pick<Waiter, 'key' | 'stamp'>): Promise<void>;
  /** Remembers that the status object for `sequencer` exists. */
  markStatusWritten(key: string, sequencer: string): Promise<void>;

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
