import { writeOutcome } from "../write-outcome.ts";
import { backoffDelay } from "./backoff.ts";
import { parseRetryAfter } from "./retry-after.ts";

/**
 * How a request may be repeated.
 * - `idempotent`: reads, cancel and delete — repeating them cannot do harm.
 * - `create`: creates something (a run, a file) — repeat only when the server certainly did not accept it.
 */
export type RetryPolicy = "idempotent" | "create";

/** Statuses worth repeating for an idempotent request. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Whether to try again after an attempt failed with `error`. Idempotent requests are repeated whenever
 * there was no usable answer (including a 2xx with a garbled body), that is unless the server rejected them.
 * A create is repeated only when the server certainly did not act on it (see `writeOutcome`): nothing was
 * sent, or it was turned away. A timeout, a dropped connection, a garbled 2xx or any other 5xx may come after
 * the run was created, so repeating could start a duplicate.
 */
export function shouldRetry(policy: RetryPolicy, error: unknown): boolean {
  const outcome = writeOutcome(error);
  return policy === "idempotent"
    ? outcome !== "rejected"
    : outcome === "not-sent" || outcome === "turned-away";
}

/** Delay before retry number `attempt` (0-based): the server's hint if any, else jittered backoff. */
export function retryDelay(attempt: number, error: unknown): number {
  const headers = (error as { headers?: Headers }).headers;
  return (headers && parseRetryAfter(headers)) ?? backoffDelay(attempt);
}
