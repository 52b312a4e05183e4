import type { BucketSpec, TakeResult } from "./store.ts";

/** A token bucket's stored state. */
export interface BucketState {
  tokens: number;
  updatedAt: number;
}

/**
 * The token-bucket arithmetic, written once for every backend: refill since `updatedAt`, then take
 * `cost` if there is enough. Returns the new state to store (unchanged tokens on refusal, but the
 * refill is still recorded so time is never counted twice).
 */
export function takeTokens(
  state: BucketState | null,
  spec: BucketSpec,
  now: number,
  cost: number,
): { state: BucketState; result: TakeResult } {
  const start = state ?? { tokens: spec.burst, updatedAt: now };
  const elapsed = Math.max(0, now - start.updatedAt);
  // Callers pass their own clocks (a Worker's clock stands still while it computes), so a `now` older than
  // the last update must not move the bucket back in time: the refill since then would be granted twice.
  const at = Math.max(now, start.updatedAt);
  const tokens = Math.min(spec.burst, start.tokens + (elapsed * spec.ratePerSec) / 1000);
  if (tokens >= cost) {
    return {
      state: { tokens: tokens - cost, updatedAt: at },
      result: { ok: true, retryAfterMs: 0, remaining: tokens - cost },
    };
  }
  const retryAfterMs =
    spec.ratePerSec > 0 ? Math.ceil(((cost - tokens) * 1000) / spec.ratePerSec) : Number.POSITIVE_INFINITY;
  if (spec.queueMs !== undefined && retryAfterMs <= spec.queueMs) {
    // Reserve the slot: the debt is paid back by the refill, so later callers queue behind this one.
    return {
      state: { tokens: tokens - cost, updatedAt: at },
      result: { ok: true, retryAfterMs: 0, remaining: tokens - cost, waitMs: retryAfterMs },
    };
  }
  return { state: { tokens, updatedAt: at }, result: { ok: false, retryAfterMs, remaining: tokens } };
}

/**
 * When a bucket will be full again (epoch ms): from then on it is the same as no bucket at all, so a
 * backend may forget it (buckets keyed by client, tenant or source address would otherwise pile up).
 */
export function fullAt(state: BucketState, spec: BucketSpec): number {
  if (state.tokens >= spec.burst) return state.updatedAt;
  if (spec.ratePerSec <= 0) return Number.MAX_SAFE_INTEGER;
  return state.updatedAt + Math.ceil(((spec.burst - state.tokens) * 1000) / spec.ratePerSec);
}
