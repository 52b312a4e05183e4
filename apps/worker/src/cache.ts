import { isTerminalStatus } from "@extendkit/core";
import { runTenant } from "./tenant.ts";

/** One cached entry with its own timestamps. */
export interface CacheEntry {
  /** For runs: the complete response body, `{"success":true,"processorRun":{...}}`. */
  body: string;
  /** Tenant the entry was stored for (checked again on read). */
  tenant: string;
  storedAt: number;
  expiresAt: number;
}

/** A key/value store with expiry. Implementations: memory LRU, Workers KV, Workers Cache API. */
export interface CacheStore {
  get(key: string): Promise<CacheEntry | null>;
  put(key: string, entry: CacheEntry, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * Whether a run object is in a terminal status (core's `isTerminalStatus`) and therefore cacheable: it no
 * longer changes on its own (edits aside, hence the TTL).
 */
export function isTerminalRun(run: unknown): boolean {
  const status = (run as { status?: unknown } | null)?.status;
  return typeof status === "string" && isTerminalStatus(status);
}

/**
 * The cache key: tenant, API version and run id (all validated to `[A-Za-z0-9_.-]`), so two tenants
 * or two API versions can never share an entry.
 */
export function runCacheKey(tenant: string, apiVersion: string, runId: string): string {
  return `v1/${tenant}/${apiVersion}/processor_runs/${runId}`;
}

/** Tenant-scoped cache of terminal runs with a TTL measured by an injected clock. */
export class RunCache {
  readonly #store: CacheStore;
  readonly #ttlSeconds: number;
  readonly #apiVersion: string;
  readonly #now: () => number;

  constructor(store: CacheStore, options: { ttlSeconds: number; apiVersion: string; now: () => number }) {
    this.#store = store;
    this.#ttlSeconds = options.ttlSeconds;
    this.#apiVersion = options.apiVersion;
    this.#now = options.now;
  }

  /** False when CACHE_TTL_SECONDS is 0. */
  get enabled(): boolean {
    return this.#ttlSeconds > 0;
  }

  /**
   * A live entry for this tenant's run, or null (missing, expired or stored for someone else). The body
   * is served as stored, without re-parsing: ownership was checked when it was written, and the key and
   * the entry's own `tenant` field must both name the caller's tenant.
   */
  async lookup(tenant: string, runId: string): Promise<{ body: string; remainingSeconds: number } | null> {
    if (!this.enabled) return null;
    const key = runCacheKey(tenant, this.#apiVersion, runId);
    const entry = await this.#store.get(key);
    if (entry === null) return null;
    const now = this.#now();
    if (entry.tenant !== tenant || entry.expiresAt <= now) {
      await this.#store.delete(key);
      return null;
    }
    return { body: entry.body, remainingSeconds: Math.max(1, Math.ceil((entry.expiresAt - now) / 1000)) };
  }

  /** Stores a run if it is terminal and owned by `tenant`; returns whether it was stored. */
  async store(tenant: string, runId: string, run: unknown): Promise<boolean> {
    if (!this.enabled || !isTerminalRun(run) || runTenant(run) !== tenant) return false;
    const now = this.#now();
    const entry: CacheEntry = {
      body: JSON.stringify({ success: true, processorRun: run }),
      tenant,
      storedAt: now,
      expiresAt: now + this.#ttlSeconds * 1000,
    };
    await this.#store.put(runCacheKey(tenant, this.#apiVersion, runId), entry, this.#ttlSeconds);
    return true;
  }

  /** Drops an entry (after cancel or delete). */
  async purge(tenant: string, runId: string): Promise<void> {
    await this.#store.delete(runCacheKey(tenant, this.#apiVersion, runId));
  }

  /** Seconds a freshly stored entry lives, for `Cache-Control: private, max-age`. */
  get ttlSeconds(): number {
    return this.#ttlSeconds;
  }
}
