/** Base delay of the first retry. */
export const BACKOFF_BASE_MS = 500;
/** Longest computed delay between retries. */
export const BACKOFF_CAP_MS = 8_000;

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(cap, base × 2^attempt)).
 * Full jitter spreads clients that failed together so they do not retry in lockstep.
 *
 * @param attempt 0 for the delay before the first retry.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return Math.floor(random() * ceiling);
}
