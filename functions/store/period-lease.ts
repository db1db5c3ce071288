/**
 * A period lease serializes the one step that needs it: checking that no other object holds
 * a group of the file, then writing and committing the file's lines. With transactions the
 * check and the commit would be one; without them (dynalite has none), two files claiming the
 * same group could both check before either commits. Holding the period's lease from the
 * check to the commit makes that impossible, at the price of one conditional write to take it
 * and one to give it back, whatever the number of groups.
 */

/** A lease held by one attempt at ingesting one version (`key` at generation `gen`). */
export interface PeriodLease {
  period: string;
  key: string;
  gen: string;
  /** Unique per attempt: only the attempt that holds the lease now can give it back. */
  token: string;
  /**
   * True when this attempt took the lease over from an unexpired earlier attempt of the same
   * version (a redelivery after a crash, or a concurrent duplicate delivery). That attempt may
   * still be running, so this one gives the lease back only once the version's outcome is
   * recorded: after that no attempt of the version can commit anything.
   */
  tookOver: boolean;
}

/** Another version holds the period's lease and kept it while this attempt waited. */
export class PeriodLeaseHeldError extends Error {
  override name = 'PeriodLeaseHeldError';
  constructor(
    readonly period: string,
    readonly holder: string | null,
  ) {
    super(`period ${period} is being written by ${holder ?? 'another upload'}; the message is retried later`);
  }
}
