import { ProxyError } from "../errors.ts";
import type { ProxyStore } from "../state/store.ts";
import { type UpstreamCategory, type UpstreamLimits, upstreamCategory } from "./upstream-limits.ts";

/**
 * Share of the plan's rate the governor lets through. Extend's buckets and ours run on different clocks
 * and requests spend a moment in transit, so sending exactly the plan's rate would now and then arrive
 * a little faster than it; 90 % keeps a margin without wasting much of the plan.
 */
export const GOVERNED_SHARE = 0.9;

/** Why a request was refused by the governor (the log's `error` and the 429's code). */
export const UPSTREAM_BUDGET_CODE = "UPSTREAM_RATE_LIMITED";

/** Requests the governor refused, per category, since this handler started (reported in the log). */
export type RefusalCounts = Record<UpstreamCategory, number>;

/**
 * Keeps the proxy inside the Extend plan: one token bucket per category in the durable store (shared by
 * every isolate and process on that store), refilled at 90 % of the plan's rate, with the other 10 % as
 * burst (at least one request). A request that finds no token reserves the next free slot if it is at most
 * `queueMs` away and waits for it; otherwise it is refused with 429 and `Retry-After`, and counted.
 */
export class UpstreamGovernor {
  readonly #store: ProxyStore;
  readonly #limits: UpstreamLimits;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  /** Refusals per category (this handler's share; every refusal is also logged with its request). */
  readonly refused: RefusalCounts = { get: 0, write: 0, run: 0 };

  constructor(
    store: ProxyStore,
    limits: UpstreamLimits,
    options: { now: () => number; sleep?: (ms: number) => Promise<void> },
  ) {
    this.#store = store;
    this.#limits = limits;
    this.#now = options.now;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The plan in force. */
  get limits(): UpstreamLimits {
    return this.#limits;
  }

  /** Requests per second the governor lets through in a category. */
  governedRate(category: UpstreamCategory): number {
    return this.#limits.rates[category] * GOVERNED_SHARE;
  }

  /** Waits until a request of this method and path may go upstream, or throws the 429. */
  async admit(method: string, path: string): Promise<void> {
    const category = upstreamCategory(method, path);
    const plan = this.#limits.rates[category];
    const ratePerSec = this.governedRate(category);
    const result = await this.#store.take(
      `upstream:${category}`,
      // Burst + rate stays within the plan's rate, so no one-second window ever holds more than the plan.
      { ratePerSec, burst: Math.max(1, Math.floor(plan - ratePerSec)), queueMs: this.#limits.queueMs },
      this.#now(),
    );
    if (!result.ok) {
      this.refused[category]++;
      throw new ProxyError(
        429,
        UPSTREAM_BUDGET_CODE,
        `The proxy is at its Extend ${category.toUpperCase()} budget (${this.#limits.plan}); retry later`,
        { "retry-after": String(Math.max(1, Math.ceil(result.retryAfterMs / 1000))) },
      );
    }
    if (result.waitMs !== undefined && result.waitMs > 0) await this.#sleep(result.waitMs);
  }
}
