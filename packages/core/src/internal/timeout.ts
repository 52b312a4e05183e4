/** Cancellation of one attempt, or of a whole wait. */
export interface AttemptSignal {
  /** The signal to hand to fetch. */
  signal: AbortSignal;
  /**
   * A promise that rejects as soon as the attempt is aborted (created on first use). Raced against a
   * fetch implementation that might ignore its signal, so it still cannot keep the caller waiting.
   */
  aborted(): Promise<never>;
  /** What aborted the signal, if anything: its own timer, or the caller. */
  outcome(): "timeout" | "abort" | undefined;
  /** Stops the timer and detaches from the caller's signal. */
  dispose(): void;
}

/**
 * A fresh AbortController aborted by its own timer or by the caller's signal (then with the caller's
 * reason, so the AbortError of a request in flight names it as cause). Runtimes disagree on what fetch
 * rejects with after an abort (Node 20 rethrows the reason itself, others throw a DOMException), so a
 * failure is classified from which of the two fired first, never from the thrown value. Used for each
 * attempt of a request and for the limit of a wait.
 */
export function attemptSignal(timeoutMs: number, caller: AbortSignal | undefined): AttemptSignal {
  const controller = new AbortController();
  const { signal } = controller;
  let reject: ((reason: unknown) => void) | undefined;
  let aborted: Promise<never> | undefined;
  let timedOut = false;
  const fire = (byTimer?: boolean): void => {
    if (signal.aborted) return;
    timedOut = !!byTimer;
    controller.abort(byTimer ? undefined : caller?.reason);
    reject?.(signal.reason);
  };
  const onCallerAbort = (): void => fire();
  const timer = setTimeout(fire, timeoutMs, true);
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
    outcome: () => (signal.aborted ? (timedOut ? "timeout" : "abort") : undefined),
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onCallerAbort);
    },
  };
}

/**
 * Waits `ms`, or rejects with the signal's reason as soon as it aborts (a backoff sleep must never
 * outlive a cancelled call). Not on the request path: only between attempts and between polls.
 */
export async function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  const pause = attemptSignal(ms, signal);
  try {
    await pause.aborted();
  } catch (reason) {
    // The pause's own timer ending it is the normal way out; the caller's abort rejects with its reason.
    if (pause.outcome() === "abort") throw reason;
  } finally {
    pause.dispose();
  }
}
