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
