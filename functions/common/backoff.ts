/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"): the delay before retry n is uniform in [0, min(cap, base·2ⁿ)), so writers that
 * were throttled together do not retry together. Sleep and randomness are injected so tests
 * can assert the schedule without waiting.
 */
export interface BackoffPolicy {
  /** Retries after the first attempt before giving up. */
  maxRetries: number;
  baseMs: number;
  capMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const DEFAULT_BACKOFF: BackoffPolicy = {
  maxRetries: 8,
  baseMs: 50,
  capMs: 5_000,
  sleep: realSleep,
  random: Math.random,
};

export function backoffDelayMs(
  retry: number,
  policy: Pick<BackoffPolicy, 'baseMs' | 'capMs' | 'random'>,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** retry);
  return Math.floor(policy.random() * ceiling);
}
