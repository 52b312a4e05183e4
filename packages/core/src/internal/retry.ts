import { backoffDelay } from "./backoff.js";
import { parseRetryAfter } from "./retry-after.js";

/**
 * How a request may be repeated.
 * - `idempotent`: reads, cancel and delete — repeating them cannot do harm.
 * - `create`: creates something (a run, a file) — repeat only when the server certainly did not accept it.
 */
export type RetryPolicy = "idempotent" | "create";

/** What went wrong with one attempt. */
export type AttemptFailure =
  | { kind: "status"; status: number; headers: Headers }
  | { kind: "connection" }
  | { kind: "timeout" };

/** Statuses worth repeating for an idempotent request. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** The server certainly turned the request away before acting on it: 429, or 503 with Retry-After. */
function turnedAway(failure: AttemptFailure): boolean {
  return (
    failure.kind === "status" &&
    (failure.status === 429 || (failure.status === 503 && failure.headers.has("retry-after")))
  );
}

/**
 * Whether to try again. A create is repeated only when the server turned it away: a timeout, a dropped
 * connection or any other 5xx may come after the run was created, so repeating could start a duplicate.
 */
export function shouldRetry(policy: RetryPolicy, failure: AttemptFailure): boolean {
  return policy === "idempotent"
    ? failure.kind !== "status" || isRetryableStatus(failure.status)
    : turnedAway(failure);
}

/**
 * True when a failed create may nevertheless have been accepted: no response, a 2xx whose body could
 * not be read, a 408 or a 5xx — unless the server turned it away.
 */
export function mayHaveBeenAccepted(failure: AttemptFailure): boolean {
  return (
    !turnedAway(failure) &&
    (failure.kind !== "status" || failure.status < 300 || isRetryableStatus(failure.status))
  );
}

/** Delay before retry number `attempt` (0-based): the server's hint if any, else jittered backoff. */
export function retryDelay(attempt: number, failure: AttemptFailure): number {
  return (failure.kind === "status" ? parseRetryAfter(failure.headers) : undefined) ?? backoffDelay(attempt);
}
