import type { APIPromise } from "./api-promise.ts";
import { AbortError, WaitTimeoutError } from "./errors.ts";
import { attemptSignal, sleep } from "./internal/timeout.ts";
import type { RequestOptions } from "./types/common.ts";
import type { ProcessorRun, TerminalProcessorRunStatus, WaitOptions } from "./types/processor-run.ts";

/** Statuses after which a run never changes. */
export const TERMINAL_STATUSES = ["PROCESSED", "FAILED", "CANCELLED"] as const;

/** Whether a run in this status is finished (PROCESSED, FAILED or CANCELLED). */
export function isTerminalStatus(status: string): status is TerminalProcessorRunStatus {
  return status === "PROCESSED" || status === "FAILED" || status === "CANCELLED";
}

/** Default limit of a wait. */
export const DEFAULT_WAIT_TIMEOUT_MS = 900_000; // 15 minutes
const DEFAULT_POLL_INTERVAL_MS = 1_000;
const DEFAULT_MAX_POLL_INTERVAL_MS = 10_000;
const POLL_GROWTH = 1.5;
/** Seconds each read asks the server to hold it while the run is not finished (`Prefer: wait`, RFC 7240). */
const LONG_POLL_SECONDS = 20;

/**
 * Polls `getRun` until the run is terminal. Each read asks the server to hold it until the run finishes
 * (`Prefer: wait=20`): a server that does (the extendkit proxy) says `Preference-Applied` and is asked
 * again at once; otherwise (Extend itself) the wait falls back to polling, at intervals that start at 1 s
 * and grow ×1.5 up to 10 s. Transient failures of a poll (connection, timeout, 429, 5xx — after the
 * transport's own retries) do not end the wait, other errors do; one before any server applied the
 * preference also stops asking for it (a browser's CORS refusal of `Prefer` looks like that). The limit
 * aborts a poll in flight, so the wait never overruns it.
 */
export async function pollUntilTerminal<R extends ProcessorRun>(
  getRun: (options: RequestOptions) => APIPromise<R>,
  id: string,
  options: WaitOptions<R> = {},
): Promise<R> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const maxInterval = options.maxPollIntervalMs ?? DEFAULT_MAX_POLL_INTERVAL_MS;
  let interval = Math.min(options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, maxInterval);
  const caller = options.signal;
  // Aborted by the limit or with the caller's reason: the limit also aborts a poll in flight.
  const limit = attemptSignal(timeoutMs, caller);
  const { signal } = limit;

  const deadline = Date.now() + timeoutMs;
  let last: R | undefined;
  let lastError: unknown;
  let longPoll = true;
  let applied = false;
  try {
    for (;;) {
      let held = false;
      try {
        const wait: number = longPoll ? Math.min(LONG_POLL_SECONDS, ((deadline - Date.now()) / 1000) | 0) : 0;
        const { data: run, response } = await getRun({
          signal,
          ...(wait > 0 && { headers: { prefer: `wait=${wait}` }, timeoutMs: (wait + 15) * 1000 }),
        }).withResponse();
        longPoll = held = wait > 0 && response.headers.has("preference-applied");
        applied ||= held;
        last = run;
        lastError = undefined;
        options.onUpdate?.(run);
        if (isTerminalStatus(run.status)) return run;
      } catch (error) {
        // Connection errors, timeouts, 429 and 5xx (all carry `retryable: true`) do not end a wait.
        if (signal.aborted || (error as { retryable?: unknown } | undefined)?.retryable !== true) throw error;
        lastError = error;
        longPoll = applied;
      }
      // The server already held this read for as long as it could: ask again at once.
      if (held) continue;
      await sleep(interval, signal);
      interval = Math.min(maxInterval, interval * POLL_GROWTH);
    }
  } catch (error) {
    if (limit.outcome() === "timeout") {
      throw new WaitTimeoutError(
        `Run ${id} is still ${last?.status ?? "unknown"} after ${timeoutMs} ms; wait again or get it later.`,
        { run: last, timeoutMs },
        lastError === undefined ? undefined : { cause: lastError },
      );
    }
    // An abort during a poll is the poll's own AbortError; otherwise it came during the pause between polls.
    if (signal.aborted && !(error instanceof AbortError)) {
      throw new AbortError(
        `Waiting for ${id} was aborted by the caller`,
        { nothingSent: true },
        { cause: caller?.reason },
      );
    }
    throw error;
  } finally {
    limit.dispose();
  }
}
