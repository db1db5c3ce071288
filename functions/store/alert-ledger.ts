/**
 * What has been announced (docs/contract.md §5.1), kept in the pipeline's table so it survives retries,
 * redeliveries and re-renders: an alert is claimed here before it is sent, and a claim is
 * made once. Not derived data: `budget rebuild` keeps it (rebuilding must not re-announce).
 */
export interface AlertLedger {
  /**
   * Claims the `upload-rejected` alert of one version of a key (`version`: what identifies it,
   * e.g. `sha256:<hex>`). True for the first caller only; every later call (a redelivered
   * event, a retried batch) gets false.
   */
  claimRejection(key: string, version: string): Promise<boolean>;
  /** Gives a claim back after the alert could not be delivered, so a redelivery may try again. */
  releaseRejection(key: string, version: string): Promise<void>;
  /**
   * What was announced for the period, to test announcement keys (subject + level) against as
   * a render's lines stream past. Holds one hash per announcement, not the subjects.
   */
  announcedWarnings(period: string): Promise<AnnouncedWarnings>;
  /** Records announcement keys of a period as announced. Idempotent. */
  recordWarnings(period: string, keys: readonly string[]): Promise<void>;
}

export interface AnnouncedWarnings {
  has(announcementKey: string): boolean;
}
