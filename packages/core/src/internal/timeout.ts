/** Reason used when an attempt's timer fires. */
const TIMEOUT = Symbol();
/** Reason used when the caller's signal fires. */
const CALLER_ABORT = Symbol();

/** Cancellation of one attempt. */
export interface AttemptSignal {
  /** The signal to hand to fetch. */
  signal: AbortSignal;
  /**
   * A promise that rejects as soon as the attempt is aborted (created on first use). Raced against a
   * fetch implementation that might ignore its signal, so it still cannot keep the caller waiting.
   */
  aborted(): Promise<never>;
  /** Which of our reasons aborted the attempt, if any. */
  outcome(): "timeout" | "abort" | undefined;
  /** Stops the timer and detaches from the caller's signal. */
  dispose(): void;
}

/**
 * Per-attempt cancellation: a fresh AbortController aborted by the attempt's timer or by the caller's
 * signal, each with a private reason. Runtimes disagree on what fetch rejects with after an abort
 * (Node 20 rethrows the reason itself, others throw a DOMException), so a failure is classified from
 * which reason fired, never from the thrown value.
 */
export function attemptSignal(timeoutMs: number, caller: AbortSignal | undefined): AttemptSignal {
  const controller = new AbortController();
  const { signal } = controller;
  let reject: ((reason: unknown) => void) | undefined;
  let aborted: Promise<never> | undefined;
  const fire = (reason: symbol): void => {
    controller.abort(reason);
    reject?.(reason);
  };
  const onCallerAbort = (): void => fire(CALLER_ABORT);
  const timer = setTimeout(fire, timeoutMs, TIMEOUT);
  if (caller?.aborted) onCallerAbort();
  else caller?.addEventListener("abort", onCallerAbort);
  return {
    signal,
    aborted() {
      aborted ??= new Promise<never>((_, r) => {
        reject = r;
        if (signal.aborted) r(signal.reason);
      });
      // Nobody may be racing it any more when it fires; that must not be an unhandled rejection.
      aborted.catch(() => {});
      return aborted;
    },
    outcome: () => (signal.aborted ? (signal.reason === TIMEOUT ? "timeout" : "abort") : undefined),
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onCallerAbort);
    },
  };
}

/**
 * Waits `ms`, or rejects with the signal's reason as soon as it aborts (a backoff sleep must never
 * outlive a cancelled call).
 */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort);
  });
}
