/** One log line standing for every cache HIT of a window. */
export interface HitSummaryLog {
  kind: "cache_hits";
  /** Window bounds, ISO 8601: from the first counted HIT to the request that closed the window. */
  from: string;
  to: string;
  /** HITs in the window. */
  total: number;
  /** HITs per tenant; tenants beyond the cap are added up under `"(other)"`. */
  tenants: Record<string, number>;
}

/** Length of a summary window. */
export const HIT_SUMMARY_WINDOW_MS = 60_000;
/** Most tenants named in one summary line. */
export const HIT_SUMMARY_MAX_TENANTS = 500;
const OTHER = "(other)";

/**
 * Counts cache HITs per tenant so they can be logged as one line a minute instead of one line each. HITs
 * are the proxy's cheapest and most frequent answers and never reach Extend; a line for each would cost
 * more than the HIT itself (under `wrangler dev` every console.log crosses into another process, and
 * Workers Logs bills per event). Windows close when a request arrives after the window has passed, as
 * Workers have no timer that outlives a request; a quiet isolate's last window is logged with its next
 * request, or lost if the isolate is evicted first.
 */
export class HitTally {
  readonly #now: () => number;
  #from: number | null = null;
  #total = 0;
  #tenants = new Map<string, number>();

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Counts one HIT for `tenant`. */
  count(tenant: string): void {
    this.#from ??= this.#now();
    this.#total++;
    const key = this.#tenants.has(tenant) || this.#tenants.size < HIT_SUMMARY_MAX_TENANTS ? tenant : OTHER;
    this.#tenants.set(key, (this.#tenants.get(key) ?? 0) + 1);
  }

  /** The summary of the current window once it has lasted a full window (and starts the next), else null. */
  takeIfDue(): HitSummaryLog | null {
    if (this.#from === null) return null;
    const now = this.#now();
    if (now - this.#from < HIT_SUMMARY_WINDOW_MS) return null;
    const summary: HitSummaryLog = {
      kind: "cache_hits",
      from: new Date(this.#from).toISOString(),
      to: new Date(now).toISOString(),
      total: this.#total,
      tenants: Object.fromEntries(this.#tenants),
    };
    this.#from = null;
    this.#total = 0;
    this.#tenants = new Map();
    return summary;
  }
}
