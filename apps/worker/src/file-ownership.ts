import type { CacheStore } from "./cache.ts";
import { ID_PATTERN } from "./routes.ts";

/** Extend files carry no metadata, so the proxy remembers which tenant uploaded each file id. */
const OWNERSHIP_TTL_SECONDS = 7 * 24 * 3600;

function key(tenant: string, fileId: string): string {
  return `v1/${tenant}/files/${fileId}`;
}

/**
 * Records of "tenant T uploaded file F", kept in the same store as the run cache (KV when bound, so
 * they are shared across locations). A file without a record for the caller's tenant is treated as
 * not found, both when reading it and when starting a run on it.
 */
export class FileOwnership {
  readonly #store: CacheStore;
  readonly #now: () => number;

  constructor(store: CacheStore, now: () => number) {
    this.#store = store;
    this.#now = now;
  }

  /** Remembers an upload. */
  async record(tenant: string, fileId: string): Promise<void> {
    const now = this.#now();
    await this.#store.put(
      key(tenant, fileId),
      { body: fileId, tenant, storedAt: now, expiresAt: now + OWNERSHIP_TTL_SECONDS * 1000 },
      OWNERSHIP_TTL_SECONDS,
    );
  }

  /** Whether `tenant` uploaded `fileId` through this proxy (and the record has not expired). */
  async owns(tenant: string, fileId: string): Promise<boolean> {
    if (!ID_PATTERN.test(fileId)) return false;
    const entry = await this.#store.get(key(tenant, fileId));
    return (
      entry !== null && entry.tenant === tenant && entry.body === fileId && entry.expiresAt > this.#now()
    );
  }
}
