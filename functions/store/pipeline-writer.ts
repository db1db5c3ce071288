/**
 * What ingest writes (and reads of heads), in the terms it thinks in (versions, generations,
 * period leases, conflicts), so it never sees table layout. `DynamoDbPipelineStore` is the
 * implementation; render reads through the smaller `PipelineReader`.
 *
 * Every write is idempotent and the head's conditional commit is the single point where a
 * version becomes visible, so a crash anywhere followed by a redelivery converges.
 */
import type { GroupLine } from '../../shared/domain-types';
import type { IndicatorSet } from '../../shared/self-evaluation/indicator-set';
import type { PeriodLease } from './period-lease';
import type {
  CommitVersion,
  Displacement,
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

export interface PipelineWriter {
  /** A message when the key or a group code cannot be stored (DynamoDB key size limits), else null. */
  storageProblem(key: string, groups: GroupKey[]): string | null;
  getHead(key: string): Promise<SourceHead | null>;

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
   * Every other object whose live version holds one of `groups` in `period`, each with the
   * first such group (in key order), ordered by it. Only meaningful under the period's lease.
   */
  findHolders(key: string, period: string, groups: GroupKey[]): Promise<GroupConflict[]>;
  /**
   * Takes a holder's live version away for a claimant that precedes it (holder rule), if its
   * head still records exactly the stamp and live version read: `superseded` otherwise. The
   * head then names the claimant as its blocker (`DISPLACED_GEN`); the stamp stays, so the
   * re-check that follows is recorded above it.
   */
  displace(displacement: Displacement): Promise<HeadWrite>;
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
}
