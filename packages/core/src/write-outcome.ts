import { APIError, InvalidResponseError, UsageError } from "./errors.ts";

/**
 * What a failed write (a run create, an upload; any request) may have done on the server:
 * - `not-sent`: the request never reached the server (a refused connection, an unknown host, an abort
 *   before sending). Sending it again is safe.
 * - `turned-away`: the server declined to act on it for now (429, or 503 with `Retry-After`). Sending it
 *   again after the pause is safe.
 * - `rejected`: it will not be done as sent: the server answered with another 4xx, or the client refused it
 *   before sending (`UsageError`). Sending the same again fails again.
 * - `uncertain`: it may have been carried out (a timeout, a dropped connection, 408, another 5xx, a garbled
 *   2xx, an abort in flight). Look for what it created before sending it again.
 */
export type WriteOutcome = "not-sent" | "turned-away" | "rejected" | "uncertain";

/**
 * Classifies an error thrown by a client call (see {@link WriteOutcome}). The client itself repeats a
 * create or upload only when this says `not-sent` or `turned-away`; anything it does not recognise is
 * `uncertain`.
 */
export function writeOutcome(error: unknown): WriteOutcome {
  if (error instanceof UsageError) return "rejected";
  if ((error as { nothingSent?: unknown } | null)?.nothingSent === true) return "not-sent";
  return error instanceof APIError || error instanceof InvalidResponseError
    ? statusOutcome(error.status, error.headers)
    : "uncertain";
}

/**
 * The outcome of a write that got an unusable answer with this status: a 2xx here is one whose body could
 * not be read. For code that sees raw responses, such as a fetch wrapper pacing requests.
 */
export function statusOutcome(status: number, headers: Headers): Exclude<WriteOutcome, "not-sent"> {
  if (status === 429 || (status === 503 && headers.has("retry-after"))) return "turned-away";
  return status < 300 || status === 408 || status >= 500 ? "uncertain" : "rejected";
}
