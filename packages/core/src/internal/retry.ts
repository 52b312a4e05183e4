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

/** No usable answer, so the request may or may not have been acted on: no response, a 2xx whose body could not be read, 408, 429 or 5xx. */
function unanswered(failure: AttemptFailure): boolean {
  return failure.kind !== "status" || failure.status < 300 || isRetryableStatus(failure.status);
}

/**
 * Whether to try again. Idempotent requests are repeated whenever there was no usable answer (including a
 * 2xx with a garbled body). A create is repeated only when the server turned it away: a timeout, a dropped
 * connection, a garbled 2xx or any other 5xx may come after the run was created, so repeating could start a
 * duplicate.
 */
export function shouldRetry(policy: RetryPolicy, failure: AttemptFailure): boolean {
  return policy === "idempotent" ? unanswered(failure) : turnedAway(failure);
}

/** True when a failed create may nevertheless have been accepted: no usable answer, unless the server turned it away. */
export function mayHaveBeenAccepted(failure: AttemptFailure): boolean {
  return !turnedAway(failure) && unanswered(failure);
}

/** Delay before retry number `attempt` (0-based): the server's hint if any, else jittered backoff. */
export function retryDelay(attempt: number, failure: AttemptFailure): number {
  return (failure.kind === "status" ? parseRetryAfter(failure.headers) : undefined) ?? backoffDelay(attempt);
}
