/**
 * Why the engine stopped early, and the two levels of stopping:
 * - no new files start (any reason: the overall timeout, the runner's cancellation, a fatal error);
 * - work in flight is interrupted (timeout and cancellation only — after a fatal error such as a 401,
 *   runs that were already accepted are left to finish and are reported normally).
 */
import type { FileError } from "./results.js";

/** Why the engine stopped early. */
export type StopReason =
  | { kind: "timeout"; label: string }
  | { kind: "abort"; detail: string }
  | { kind: "fatal"; error: FileError };

/** Shared by every worker of one engine run. */
export class StopSwitch {
  #startReason: StopReason | undefined;
  #inFlightReason: StopReason | undefined;
  readonly #controller = new AbortController();

  /** Aborts when work in flight must be interrupted. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Set once no new file may start. */
  get startReason(): StopReason | undefined {
    return this.#startReason;
  }

  /** Set once work in flight is being interrupted. */
  get inFlightReason(): StopReason | undefined {
    return this.#inFlightReason;
  }

  /** Records a reason; the first one of each level wins. */
  stop(reason: StopReason): void {
    this.#startReason ??= reason;
    if (reason.kind !== "fatal" && this.#inFlightReason === undefined) {
      this.#inFlightReason = reason;
      this.#controller.abort(new Error(describeStop(reason)));
    }
  }
}

/** A short sentence for logs: "the overall timeout (15m) passed". */
export function describeStop(reason: StopReason): string {
  if (reason.kind === "timeout") return `the overall timeout (${reason.label}) passed`;
  if (reason.kind === "abort") return `the action was cancelled (${reason.detail})`;
  return `a fatal error stopped the action: ${reason.error.advice ?? reason.error.message}`;
}
