/** The answer of a rate limiter for one request. */
export interface RateLimitDecision {
  ok: boolean;
  /** Seconds until a retry can succeed (sent as `Retry-After`). */
  retryAfterSeconds: number;
}

/** Per-tenant request limiter. */
export interface RateLimiter {
  /** Counts one request for `key`; `limitPerMinute` overrides the default where the limiter supports it. */
  limit(key: string, limitPerMinute?: number): Promise<RateLimitDecision>;
}

/** The Workers rate-limiting binding (`ratelimits` in wrangler.jsonc), structurally. */
export interface RateLimitBindingLike {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** Uses the Workers binding; it does not report when its window resets, so the full period is advised. */
export class BindingRateLimiter implements RateLimiter {
  readonly #binding: RateLimitBindingLike;
  readonly #periodSeconds: number;

  constructor(binding: RateLimitBindingLike, periodSeconds = 60) {
    this.#binding = binding;
    this.#periodSeconds = periodSeconds;
  }

  async limit(key: string): Promise<RateLimitDecision> {
    const { success } = await this.#binding.limit({ key });
    return { ok: success, retryAfterSeconds: success ? 0 : this.#periodSeconds };
  }
}

/**
 * A fixed one-minute window per key that opens with the key's first request, in memory (per isolate /
 * per process), so `Retry-After` is exact. Stale windows are dropped as the map grows.
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #limit: number;
  readonly #now: () => number;
  readonly #windowMs: number;
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(limitPerWindow: number, options: { now?: () => number; windowMs?: number } = {}) {
    this.#limit = limitPerWindow;
    this.#now = options.now ?? Date.now;
    this.#windowMs = options.windowMs ?? 60_000;
  }

  async limit(key: string, limitPerMinute?: number): Promise<RateLimitDecision> {
    const limit = limitPerMinute ?? this.#limit;
    // RATE_LIMIT_PER_MINUTE=0 switches the default limit off.
    if (limit === 0) return { ok: true, retryAfterSeconds: 0 };
    const now = this.#now();
    let window = this.#windows.get(key);
    if (window === undefined || now >= window.start + this.#windowMs) {
      if (this.#windows.size > 10_000) this.#sweep(now);
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    window.count++;
    if (window.count <= limit) return { ok: true, retryAfterSeconds: 0 };
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((window.start + this.#windowMs - now) / 1000)),
    };
  }

  #sweep(now: number): void {
    for (const [key, window] of this.#windows) {
      if (now >= window.start + this.#windowMs) this.#windows.delete(key);
    }
  }
}
