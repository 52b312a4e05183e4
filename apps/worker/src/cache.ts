import { runTenant } from "./tenant.ts";

/** Statuses after which a run no longer changes on its own (edits aside, hence the TTL). */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(["PROCESSED", "FAILED", "CANCELLED"]);

/** One cached run: the upstream `processorRun` object as JSON, with its own timestamps. */
export interface CacheEntry {
  /** JSON of the run object. */
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

/** Whether a run object is in a terminal status and therefore cacheable. */
export function isTerminalRun(run: unknown): boolean {
  const status = (run as { status?: unknown } | null)?.status;
  return typeof status === "string" && TERMINAL_STATUSES.has(status);
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

  /** A live entry for this tenant's run, or null (missing, expired or stored for someone else). */
  async lookup(tenant: string, runId: string): Promise<{ run: unknown; remainingSeconds: number } | null> {
    if (!this.enabled) return null;
    const key = runCacheKey(tenant, this.#apiVersion, runId);
    const entry = await this.#store.get(key);
    if (entry === null) return null;
    const now = this.#now();
    if (entry.tenant !== tenant || entry.expiresAt <= now) {
      await this.#store.delete(key);
      return null;
    }
    let run: unknown;
    try {
      run = JSON.parse(entry.body);
    } catch {
      await this.#store.delete(key);
      return null;
    }
    // Defence in depth: the key already carries the tenant, but the body must agree too.
    if (runTenant(run) !== tenant) return null;
    return { run, remainingSeconds: Math.max(1, Math.ceil((entry.expiresAt - now) / 1000)) };
  }

  /** Stores a run if it is terminal and owned by `tenant`; returns whether it was stored. */
  async store(tenant: string, runId: string, run: unknown): Promise<boolean> {
    if (!this.enabled || !isTerminalRun(run) || runTenant(run) !== tenant) return false;
    const now = this.#now();
    const entry: CacheEntry = {
      body: JSON.stringify(run),
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
