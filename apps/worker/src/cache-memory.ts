import type { CacheEntry, CacheStore } from "./cache.ts";

/** Bounds of the in-memory store (Deno, Bun, and Workers when neither KV nor the Cache API is wanted). */
export interface MemoryCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
  now?: () => number;
}

/**
 * A bounded LRU: a Map iterates in insertion order, so re-inserting on read keeps the most recently
 * used entries at the end and eviction takes from the front. Expiry uses the injected clock.
 */
export class MemoryCacheStore implements CacheStore {
  readonly #entries = new Map<string, CacheEntry>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #now: () => number;
  #bytes = 0;

  constructor(options: MemoryCacheOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 1000;
    this.#maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    this.#now = options.now ?? Date.now;
  }

  /** Number of live entries (for tests and diagnostics). */
  get size(): number {
    return this.#entries.size;
  }

  async get(key: string): Promise<CacheEntry | null> {
    const entry = this.#entries.get(key);
    if (entry === undefined) return null;
    this.#remove(key);
    if (entry.expiresAt <= this.#now()) return null;
    this.#insert(key, entry);
    return entry;
  }

  async put(key: string, entry: CacheEntry): Promise<void> {
    this.#remove(key);
    // An entry larger than the whole budget would evict everything and still not fit.
    if (entry.body.length > this.#maxBytes) return;
    this.#insert(key, entry);
    for (const [oldest] of this.#entries) {
      if (this.#entries.size <= this.#maxEntries && this.#bytes <= this.#maxBytes) break;
      this.#remove(oldest);
    }
  }

  async delete(key: string): Promise<void> {
    this.#remove(key);
  }

  #insert(key: string, entry: CacheEntry): void {
    this.#entries.set(key, entry);
    this.#bytes += entry.body.length;
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= entry.body.length;
  }
}
