import type { CacheEntry, CacheStore } from "./cache.ts";
import { MemoryCacheStore } from "./cache-memory.ts";

/** Longest an isolate-local copy is trusted without asking the shared store again. */
export const LOCAL_TIER_MAX_SECONDS = 30;

/**
 * An isolate-local memory tier in front of a shared store (Cache API or KV). Reads hit memory first;
 * writes and deletes go to both. A local copy lives at most LOCAL_TIER_MAX_SECONDS (and never past the
 * entry's own expiry), which bounds how long another isolate may still serve an entry purged elsewhere
 * — the shared stores are per-location (Cache API) or eventually consistent (KV, ~60 s) anyway.
 */
export class TieredCacheStore implements CacheStore {
  readonly #local: MemoryCacheStore;
  readonly #shared: CacheStore;
  readonly #now: () => number;

  constructor(shared: CacheStore, options: { now?: () => number; maxEntries?: number } = {}) {
    this.#now = options.now ?? Date.now;
    this.#local = new MemoryCacheStore({ now: this.#now, maxEntries: options.maxEntries ?? 500 });
    this.#shared = shared;
  }

  async get(key: string): Promise<CacheEntry | null> {
    const local = await this.#local.get(key);
    if (local !== null) return local;
    const shared = await this.#shared.get(key);
    if (shared !== null) await this.#local.put(key, this.#localCopy(shared));
    return shared;
  }

  async put(key: string, entry: CacheEntry, ttlSeconds: number): Promise<void> {
    await this.#shared.put(key, entry, ttlSeconds);
    await this.#local.put(key, this.#localCopy(entry));
  }

  async delete(key: string): Promise<void> {
    await this.#local.delete(key);
    await this.#shared.delete(key);
  }

  /** The same entry, expiring locally no later than LOCAL_TIER_MAX_SECONDS from now. */
  #localCopy(entry: CacheEntry): CacheEntry {
    return { ...entry, expiresAt: Math.min(entry.expiresAt, this.#now() + LOCAL_TIER_MAX_SECONDS * 1000) };
  }
}
