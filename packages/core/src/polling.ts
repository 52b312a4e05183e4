import { AbortError, WaitTimeoutError } from "./errors.ts";
import { sleep } from "./internal/timeout.ts";
import type { RequestOptions } from "./types/common.ts";
import type { ProcessorRun, TerminalProcessorRunStatus, WaitOptions } from "./types/processor-run.ts";

/** Statuses after which a run never changes. */
export const TERMINAL_STATUSES = ["PROCESSED", "FAILED", "CANCELLED"] as const;

/** Whether a run in this status is finished (PROCESSED, FAILED or CANCELLED). */
export function isTerminalStatus(status: string): status is TerminalProcessorRunStatus {
  return status === "PROCESSED" || status === "FAILED" || status === "CANCELLED";
}

/** Default limit of a wait. */
export const DEFAULT_WAIT_TIMEOUT_MS = 15 * 60_000;
const DEFAULT_POLL_INTERVAL_MS = 1_000;
const DEFAULT_MAX_POLL_INTERVAL_MS = 10_000;
const POLL_GROWTH = 1.5;

/**
 * Polls `getRun` until the run is terminal. Intervals start at 1 s and grow ×1.5 up to 10 s; transient
 * failures of a poll (connection, timeout, 429, 5xx — after the transport's own retries) do not end the
 * wait, other errors do. The limit aborts a poll in flight, so the wait never overruns it.
 */
export async function pollUntilTerminal<R extends ProcessorRun>(
  getRun: (options: RequestOptions) => Promise<R>,
  id: string,
  options: WaitOptions<R> = {},
): Promise<R> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const maxInterval = options.maxPollIntervalMs ?? DEFAULT_MAX_POLL_INTERVAL_MS;
  let interval = Math.min(options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, maxInterval);
  const caller = options.signal;
  const expired = Symbol();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(expired), timeoutMs);
  const forward = (): void => controller.abort(caller?.reason);
  if (caller?.aborted) forward();
  else caller?.addEventListener("abort", forward);

  let last: R | undefined;
  let lastError: unknown;
  try {
    for (;;) {
      try {
        const run = await getRun({ signal: controller.signal });
        last = run;
        lastError = undefined;
        options.onUpdate?.(run);
        if (isTerminalStatus(run.status)) return run;
      } catch (error) {
        if (controller.signal.aborted || !isTransient(error)) throw error;
        lastError = error;
      }
      await sleep(interval, controller.signal);
      interval = Math.min(maxInterval, interval * POLL_GROWTH);
    }
  } catch (error) {
    if (controller.signal.reason === expired) {
      throw new WaitTimeoutError(
        `Run ${id} is still ${last?.status ?? "unknown"} after ${timeoutMs} ms; wait again or get it later.`,
        { run: last, timeoutMs },
        lastError === undefined ? undefined : { cause: lastError },
      );
    }
    // An abort during a poll is the poll's own AbortError; otherwise it came during the pause between polls.
    if (controller.signal.aborted && !(error instanceof AbortError)) {
      throw new AbortError(
        `Waiting for ${id} was aborted by the caller`,
        { nothingSent: true },
        { cause: caller?.reason },
      );
    }
    throw error;
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener("abort", forward);
  }
}

/** Connection errors, timeouts, 429 and 5xx (all carry `retryable: true`) do not end a wait. */
function isTransient(error: unknown): boolean {
  return (error as { retryable?: unknown } | undefined)?.retryable === true;
}
