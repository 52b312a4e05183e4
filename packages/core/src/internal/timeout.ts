/**
 * Per-attempt cancellation. Each attempt gets its own AbortController that is aborted by the attempt's
 * timer or by the caller's signal, each with a private reason object. Runtimes disagree on what fetch
 * rejects with after an abort (Node 20 rethrows the reason itself, others throw a DOMException), so the
 * failure is classified from which reason fired, never from the thrown value.
 */
export class AttemptSignal {
  /** Reason used when the attempt's timer fires. */
  static readonly TIMEOUT: unique symbol = Symbol("extendkit.timeout");
  /** Reason used when the caller's signal fires. */
  static readonly CALLER_ABORT: unique symbol = Symbol("extendkit.abort");

  readonly controller = new AbortController();
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #caller: AbortSignal | undefined;
  readonly #onCallerAbort = (): void => this.controller.abort(AttemptSignal.CALLER_ABORT);

  constructor(timeoutMs: number, caller: AbortSignal | undefined) {
    this.#caller = caller;
    if (caller?.aborted) {
      this.controller.abort(AttemptSignal.CALLER_ABORT);
      return;
    }
    caller?.addEventListener("abort", this.#onCallerAbort, { once: true });
    if (Number.isFinite(timeoutMs)) {
      this.#timer = setTimeout(() => this.controller.abort(AttemptSignal.TIMEOUT), timeoutMs);
    }
  }

  /** The signal to hand to fetch. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Which of our reasons aborted the attempt, if any. */
  get outcome(): "timeout" | "abort" | undefined {
    if (!this.signal.aborted) return undefined;
    return this.signal.reason === AttemptSignal.TIMEOUT ? "timeout" : "abort";
  }

  /**
   * A promise that rejects as soon as the attempt is aborted. Raced against fetch so that a fetch
   * implementation that ignores its signal still cannot keep the caller waiting.
   */
  aborted(): Promise<never> {
    return new Promise<never>((_, reject) => {
      const fire = (): void => reject(this.signal.reason);
      if (this.signal.aborted) fire();
      else this.signal.addEventListener("abort", fire, { once: true });
    });
  }

  /** Stops the timer and detaches from the caller's signal. */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#caller?.removeEventListener("abort", this.#onCallerAbort);
  }
}

/**
 * Waits `ms`, or rejects with the signal's reason as soon as it aborts (a backoff sleep must never
 * outlive a cancelled call).
 */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
