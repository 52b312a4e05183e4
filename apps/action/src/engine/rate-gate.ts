/**
 * A shared gate in front of the client's `fetch`: when any request is answered 429 (or 503 with
 * Retry-After), every request that starts afterwards waits until the server's Retry-After has passed.
 * One file's rate limit thereby slows the whole pool instead of each worker hammering the API on its
 * own schedule. With a {@link Pacer} (the `rate-limits` input), every request first waits for its
 * category's paced slot, and a 429 also narrows that category's pace. The gate never retries anything itself — the client retries the limited request (it
 * knows which requests are safe to repeat), and that retry passes through the gate like any other.
 */

import { parseRetryAfter, statusOutcome } from "@extendkit/core";
import { categoryOf, type Pacer } from "./pacer.js";

/** The fetch signature the client accepts. */
export type FetchLike = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** Time source and sleep, injectable for tests. */
export interface GateClock {
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Options of {@link createRateGate}. */
export interface RateGateOptions {
  clock?: GateClock;
  /** Pause when a 429 carries no usable Retry-After. Default 1000 ms. */
  defaultPauseMs?: number;
  /** Upper bound of one pause, whatever the server says. Default 60 s. */
  maxPauseMs?: number;
  /** Paces requests under the plan's limits; without it requests are only held after a 429. */
  pacer?: Pacer;
  /** Called when the gate closes (for a log line). */
  onPause?(pauseMs: number, status: number): void;
}

/** A gated fetch and what it saw. */
export interface RateGate {
  readonly fetch: FetchLike;
  /** Number of 429/503 responses that closed the gate. */
  readonly limitedResponses: number;
  /** Total time requests spent waiting at the gate (pacing and pauses), in ms (summed over requests). */
  readonly waitedMs: number;
}

/** The default clock: real time and an abortable timer. */
export const realClock: GateClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

function methodOf(input: RequestInfo | URL, init?: RequestInit): string {
  if (init?.method) return init.method;
  return typeof input === "object" && "method" in input ? input.method : "GET";
}

function urlOf(input: RequestInfo | URL): string {
  if (typeof input === "string") return input;
  return input instanceof URL ? input.href : input.url;
}

function signalOf(input: RequestInfo | URL, init?: RequestInit): AbortSignal | undefined {
  if (init?.signal) return init.signal;
  return typeof input === "object" && "signal" in input ? input.signal : undefined;
}

/** Wraps `inner` so that a 429 anywhere pauses every later request until Retry-After. */
export function createRateGate(inner: FetchLike, options: RateGateOptions = {}): RateGate {
  const clock = options.clock ?? realClock;
  const defaultPauseMs = options.defaultPauseMs ?? 1000;
  const maxPauseMs = options.maxPauseMs ?? 60_000;
  let openAt = 0;
  let limitedResponses = 0;
  let waitedMs = 0;

  const gated: FetchLike = async (input, init) => {
    const signal = signalOf(input, init);
    const category = categoryOf(methodOf(input, init), urlOf(input));
    // Loop: the gate may close again (a later 429) while this request was waiting.
    for (let wait = openAt - clock.now(); wait > 0; wait = openAt - clock.now()) {
      waitedMs += wait;
      await clock.sleep(wait, signal);
    }
    // The paced slot is taken once Retry-After has passed, so requests leave a pause one slot apart.
    const paced = options.pacer?.reserve(category, clock.now()) ?? 0;
    if (paced > 0) {
      waitedMs += paced;
      await clock.sleep(paced, signal);
    }
    const response = await inner(input, init);
    // "turned-away" is core's 429, or 503 with Retry-After: the server asks everyone to wait.
    if (statusOutcome(response.status, response.headers) === "turned-away") {
      limitedResponses++;
      const now = clock.now();
      options.pacer?.narrow(category, now);
      const pause = Math.min(maxPauseMs, parseRetryAfter(response.headers, now) ?? defaultPauseMs);
      if (now + pause > openAt) {
        openAt = now + pause;
        options.onPause?.(pause, response.status);
      }
    }
    return response;
  };

  return {
    fetch: gated,
    get limitedResponses() {
      return limitedResponses;
    },
    get waitedMs() {
      return waitedMs;
    },
  };
}
