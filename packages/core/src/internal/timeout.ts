/** Reason used when an attempt's timer fires. */
const TIMEOUT = Symbol();
/** Reason used when the caller's signal fires. */
const CALLER_ABORT = Symbol();

/**
 * Per-attempt cancellation. Each attempt gets its own AbortController that is aborted by the attempt's
 * timer or by the caller's signal, each with a private reason. Runtimes disagree on what fetch rejects
 * with after an abort (Node 20 rethrows the reason itself, others throw a DOMException), so the failure
 * is classified from which reason fired, never from the thrown value.
 */
export class AttemptSignal {
  readonly controller = new AbortController();
  /**
   * Rejects as soon as the attempt is aborted. Raced against fetch so that a fetch implementation that
   * ignores its signal still cannot keep the caller waiting.
   */
  readonly aborted: Promise<never>;
  #reject: ((reason: unknown) => void) | undefined;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #caller: AbortSignal | undefined;
  readonly #onCallerAbort = (): void => this.#fire(CALLER_ABORT);

  constructor(timeoutMs: number, caller: AbortSignal | undefined) {
    this.aborted = new Promise<never>((_, reject) => {
      this.#reject = reject;
    });
    // Nobody may be racing this promise any more when it fires; that must not be an unhandled rejection.
    this.aborted.catch(() => {});
    this.#caller = caller;
    if (caller?.aborted) {
      this.#fire(CALLER_ABORT);
      return;
    }
    caller?.addEventListener("abort", this.#onCallerAbort);
    this.#timer = setTimeout(() => this.#fire(TIMEOUT), timeoutMs);
  }

  /** The signal to hand to fetch. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Which of our reasons aborted the attempt, if any. */
  get outcome(): "timeout" | "abort" | undefined {
    const { aborted, reason } = this.controller.signal;
    return aborted ? (reason === TIMEOUT ? "timeout" : "abort") : undefined;
  }

  #fire(reason: symbol): void {
    this.controller.abort(reason);
    this.#reject?.(reason);
  }

  /** Stops the timer and detaches from the caller's signal. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#caller?.removeEventListener("abort", this.#onCallerAbort);
  }
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
