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

/**
 * Whether to try again. A create is repeated only on 429 and on 503 with `Retry-After`: both mean the
 * server turned the request away before doing anything. A timeout, a dropped connection or any other 5xx
 * may come after the run was created, so repeating could start a duplicate.
 */
export function shouldRetry(policy: RetryPolicy, failure: AttemptFailure): boolean {
  if (policy === "idempotent") {
    return failure.kind !== "status" || isRetryableStatus(failure.status);
  }
  if (failure.kind !== "status") return false;
  if (failure.status === 429) return true;
  return failure.status === 503 && failure.headers.has("retry-after");
}

/** True when a failed create may nevertheless have been accepted by the server. */
export function mayHaveBeenAccepted(failure: AttemptFailure): boolean {
  if (failure.kind !== "status") return true;
  if (failure.status === 429) return false;
  if (failure.status === 503 && failure.headers.has("retry-after")) return false;
  // A 2xx whose body could not be read as the resource was accepted; 408 and 5xx may come after acceptance.
  return failure.status < 300 || failure.status === 408 || failure.status >= 500;
}

/** Delay before retry number `attempt` (0-based): the server's hint if any, else jittered backoff. */
export function retryDelay(attempt: number, failure: AttemptFailure): number {
  const hinted = failure.kind === "status" ? parseRetryAfter(failure.headers) : undefined;
  return hinted ?? backoffDelay(attempt);
}
