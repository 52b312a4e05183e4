import { ProxyError } from "./errors.ts";
import type { ProxyStore } from "./state/store.ts";

/** Default `AUTH_FAILURES_PER_MINUTE`: failed authentications one source address may cause per minute. */
export const DEFAULT_AUTH_FAILURES_PER_MINUTE = 30;

function throttled(retryAfterSeconds: number): ProxyError {
  return new ProxyError(429, "RATE_LIMIT_EXCEEDED", "Too many failed authentication attempts; retry later", {
    "retry-after": String(retryAfterSeconds),
  });
}

/**
 * Throttles failed authentication per source address, so tokens and JWT secrets cannot be guessed at
 * the proxy's speed. Failures are counted in the durable store (shared by every isolate and process);
 * a successful request costs nothing. Once an address has spent its failures, each isolate that sees it
 * fail remembers the block locally and refuses that address before verifying anything, until the bucket
 * has refilled enough for one more attempt.
 */
export class AuthThrottle {
  readonly #store: ProxyStore;
  readonly #perMinute: number;
  readonly #now: () => number;
  readonly #blocked = new Map<string, number>();

  constructor(store: ProxyStore, perMinute: number, options: { now: () => number }) {
    this.#store = store;
    this.#perMinute = perMinute;
    this.#now = options.now;
  }

  /** Before authenticating: throws 429 when this address is blocked (local memory only). */
  check(address: string | null): void {
    if (address === null || this.#perMinute === 0) return;
    const until = this.#blocked.get(address);
    if (until === undefined) return;
    const now = this.#now();
    if (now >= until) {
      this.#blocked.delete(address);
      return;
    }
    throw throttled(Math.max(1, Math.ceil((until - now) / 1000)));
  }

  /** After a failed authentication: counts it; returns the 429 to answer instead when the budget is spent. */
  async failed(address: string | null): Promise<ProxyError | null> {
    if (address === null || this.#perMinute === 0) return null;
    const now = this.#now();
    const result = await this.#store.take(
      `authfail:${address}`,
      { ratePerSec: this.#perMinute / 60, burst: this.#perMinute },
      now,
    );
    if (result.ok) return null;
    if (this.#blocked.size > 10_000) this.#blocked.clear();
    this.#blocked.set(address, now + result.retryAfterMs);
    return throttled(Math.max(1, Math.ceil(result.retryAfterMs / 1000)));
  }
}
