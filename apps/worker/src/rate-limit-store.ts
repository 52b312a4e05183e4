import type { RateLimitDecision, RateLimiter } from "./rate-limit.ts";
import type { ProxyStore } from "./state/store.ts";

/** How long tokens leased from the store may be spent locally before they lapse. */
const LEASE_MS = 2_000;

interface Lease {
  tokens: number;
  until: number;
}

/**
 * Per-minute limits that hold across isolates and processes: one token bucket per key in the durable
 * store (a CounterState Durable Object on Cloudflare, Deno KV, SQLite), refilled at `limit / 60` per second
 * with a minute's worth of burst, so it is exact over any minute like the old window.
 *
 * To keep most requests free of a store round trip (cache HITs above all), an isolate leases a small
 * share of a bucket (a twentieth of the limit, at least one token) and spends it locally for up to two
 * seconds. Across N isolates the limit can be overrun by at most N leases, and unused leased tokens
 * lapse rather than return, which errs on the side of refusing.
 */
export class StoreRateLimiter implements RateLimiter {
  readonly #store: ProxyStore;
  readonly #limit: number;
  readonly #now: () => number;
  readonly #leases = new Map<string, Lease>();

  constructor(store: ProxyStore, limitPerMinute: number, options: { now: () => number }) {
    this.#store = store;
    this.#limit = limitPerMinute;
    this.#now = options.now;
  }

  async limit(key: string, limitPerMinute?: number): Promise<RateLimitDecision> {
    const limit = limitPerMinute ?? this.#limit;
    // A limit of 0 (RATE_LIMIT_PER_MINUTE=0) switches limiting off.
    if (limit === 0) return { ok: true, retryAfterSeconds: 0 };
    const now = this.#now();
    const lease = this.#leases.get(key);
    if (lease !== undefined && lease.tokens >= 1 && now < lease.until) {
      lease.tokens--;
      return { ok: true, retryAfterSeconds: 0 };
    }
    const spec = { ratePerSec: limit / 60, burst: limit };
    const size = Math.max(1, Math.floor(limit / 20));
    const storeKey = `rate:${key}`;
    let taken = await this.#store.take(storeKey, spec, now, size);
    let granted = size;
    if (!taken.ok && size > 1) {
      taken = await this.#store.take(storeKey, spec, now, 1);
      granted = 1;
    }
    if (!taken.ok) {
      this.#leases.delete(key);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(taken.retryAfterMs / 1000)) };
    }
    if (this.#leases.size > 10_000) this.#sweep(now);
    this.#leases.set(key, { tokens: granted - 1, until: now + LEASE_MS });
    return { ok: true, retryAfterSeconds: 0 };
  }

  #sweep(now: number): void {
    for (const [key, lease] of this.#leases) if (now >= lease.until) this.#leases.delete(key);
  }
}
