import { iso } from "../serialize.js";
import { FILES_WINDOW_MS, FilesWindow } from "./files-window.js";
import { LIMIT_CATEGORIES, type LimitCategory, type ResolvedLimits } from "./plans.js";
import { TokenBucket } from "./token-bucket.js";

/** One API key's buckets and files/min window (each key stands for one Extend organisation). */
export interface KeyQuota {
  /** Position of the key in `apiKeys`; the admin view never shows the key itself. */
  readonly index: number;
  readonly buckets: Readonly<Record<LimitCategory, TokenBucket>>;
  readonly files: FilesWindow;
}

/** Answered (let through) and refused (429) requests of one category. */
export interface CategoryCounts {
  answered: number;
  refused: number;
}

/**
 * The plan limits of one emulator: a token bucket per category per API key, a files/min window per
 * API key, and counters of answered and refused requests per category (kept with limits off too,
 * so tests can read request counts the same way in both modes).
 */
export class PlanLimiter {
  readonly counts: Record<LimitCategory, CategoryCounts> = freshCounts();
  /** Creates refused because the files/min budget was spent (`throughput: "reject"`). */
  filesRefused = 0;
  private readonly quotas = new Map<string, KeyQuota>();

  constructor(
    readonly limits: ResolvedLimits | undefined,
    apiKeys: readonly string[],
    now: number,
  ) {
    if (!limits) return;
    apiKeys.forEach((key, index) => {
      if (this.quotas.has(key)) return;
      const bucket = (category: LimitCategory) =>
        new TokenBucket(limits.burst[category], limits.rates[category], now);
      this.quotas.set(key, {
        index,
        buckets: { get: bucket("get"), write: bucket("write"), run: bucket("run") },
        files: new FilesWindow(limits.filesPerMinute),
      });
    });
  }

  /** The quota of an authenticated key; `undefined` when limits are off. */
  quotaFor(apiKey: string): KeyQuota | undefined {
    return this.limits ? this.quotas.get(apiKey) : undefined;
  }

  /**
   * Counts one request and takes a token from its bucket. Returns `undefined` when it may proceed,
   * otherwise the milliseconds until the bucket has a token again.
   */
  admit(quota: KeyQuota | undefined, category: LimitCategory, now: number): number | undefined {
    const counts = this.counts[category];
    const wait = quota ? quota.buckets[category].take(now) : 0;
    if (wait === 0) {
      counts.answered++;
      return undefined;
    }
    counts.refused++;
    return wait;
  }

  /** Refills every bucket, empties every files window and zeroes the counters. */
  reset(now: number): void {
    for (const quota of this.quotas.values()) {
      for (const category of LIMIT_CATEGORIES) quota.buckets[category].fill(now);
      quota.files.clear();
    }
    Object.assign(this.counts, freshCounts());
    this.filesRefused = 0;
  }

  /** The admin view (`GET /_emulator/limits`); `pending` counts a key's runs waiting to start. */
  snapshot(now: number, pending: (quota: KeyQuota) => number): LimitsSnapshot {
    const { limits } = this;
    return {
      plan: limits?.plan ?? "off",
      enabled: limits !== undefined,
      now: iso(now),
      limits: limits
        ? {
            requestsPerSecond: { ...limits.rates },
            burst: { ...limits.burst },
            filesPerMinute: limits.filesPerMinute,
            throughput: limits.throughput,
          }
        : null,
      counts: {
        get: { ...this.counts.get },
        write: { ...this.counts.write },
        run: { ...this.counts.run },
      },
      filesRefused: this.filesRefused,
      keys: [...this.quotas.values()].map((quota) => ({
        index: quota.index,
        buckets: Object.fromEntries(
          LIMIT_CATEGORIES.map((category) => {
            const bucket = quota.buckets[category];
            return [
              category,
              {
                tokens: Math.floor(bucket.available(now) * 1000) / 1000,
                capacity: bucket.capacity,
                ratePerSecond: bucket.perSecond,
              },
            ];
          }),
        ) as LimitsSnapshot["keys"][number]["buckets"],
        files: {
          used: quota.files.used(now),
          limit: quota.files.limit,
          windowMs: FILES_WINDOW_MS,
          pending: pending(quota),
          nextFreeAt: iso(quota.files.nextFreeAt(now)),
        },
      })),
    };
  }
}

/** The body of `GET /_emulator/limits`. */
export interface LimitsSnapshot {
  /** "off", "payg", "scale", "enterprise" or "custom". */
  plan: string;
  enabled: boolean;
  /** Emulator time of the snapshot. */
  now: string;
  limits: {
    requestsPerSecond: Record<LimitCategory, number>;
    burst: Record<LimitCategory, number>;
    filesPerMinute: number;
    throughput: "queue" | "reject";
  } | null;
  /** Per category: requests let through and requests answered 429 since start or the last reset. */
  counts: Record<LimitCategory, CategoryCounts>;
  /** Run creates answered 429 because the files/min budget was spent (reject mode). */
  filesRefused: number;
  /** One entry per API key, in `apiKeys` order; keys themselves are never shown. */
  keys: Array<{
    index: number;
    buckets: Record<LimitCategory, { tokens: number; capacity: number; ratePerSecond: number }>;
    files: {
      /** Runs started in the last 60 s. */
      used: number;
      limit: number;
      windowMs: number;
      /** Runs of this key waiting PENDING to start (for the files/min budget or a processing slot). */
      pending: number;
      /** When the next run may start (now when the budget has room). */
      nextFreeAt: string;
    };
  }>;
}

function freshCounts(): Record<LimitCategory, CategoryCounts> {
  return {
    get: { answered: 0, refused: 0 },
    write: { answered: 0, refused: 0 },
    run: { answered: 0, refused: 0 },
  };
}

/**
 * The category of an API request, from its method and path: reads are GET; creating a run is RUN;
 * every other mutation (upload, cancel, delete) is WRITE.
 */
export function limitCategory(method: string, path: string): LimitCategory {
  if (method === "GET" || method === "HEAD") return "get";
  if (method === "POST" && (path === "/processor_runs" || path === "/processor_runs/")) return "run";
  return "write";
}
