import type { CacheEntry, CacheStore } from "./cache.ts";

/** The part of a Workers KV namespace the cache uses (structural, so this file needs no Workers types). */
export interface KvLike {
  get(key: string, type: "text"): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** KV refuses expirationTtl below 60 s; shorter TTLs are still enforced by `expiresAt` on read. */
const KV_MIN_TTL_SECONDS = 60;

/** Cross-location cache on a KV namespace (eventually consistent: a purge may take a while to spread). */
export class KvCacheStore implements CacheStore {
  readonly #kv: KvLike;
  readonly #prefix: string;

  constructor(kv: KvLike, prefix = "extendkit:") {
    this.#kv = kv;
    this.#prefix = prefix;
  }

  async get(key: string): Promise<CacheEntry | null> {
    const raw = await this.#kv.get(this.#prefix + key, "text");
    if (raw === null) return null;
    try {
      const entry = JSON.parse(raw) as CacheEntry;
      return typeof entry.body === "string" && typeof entry.expiresAt === "number" ? entry : null;
    } catch {
      return null;
    }
  }

  async put(key: string, entry: CacheEntry, ttlSeconds: number): Promise<void> {
    await this.#kv.put(this.#prefix + key, JSON.stringify(entry), {
      expirationTtl: Math.max(KV_MIN_TTL_SECONDS, ttlSeconds),
    });
  }

  async delete(key: string): Promise<void> {
    await this.#kv.delete(this.#prefix + key);
  }
}
