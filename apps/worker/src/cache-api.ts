import type { CacheEntry, CacheStore } from "./cache.ts";

/** The part of the Workers Cache API (`caches.default`) the store uses. */
export interface CacheApiLike {
  match(request: Request): Promise<Response | undefined>;
  put(request: Request, response: Response): Promise<void>;
  delete(request: Request): Promise<boolean>;
}

/**
 * Synthetic key origin: entries live under a host nobody can request, so a cached run can only be
 * reached through `RunCache.lookup` (tenant in the path), never by a client URL.
 */
export const CACHE_KEY_ORIGIN = "https://run-cache.extendkit.internal";

/** Per-location cache on the Workers Cache API (the default on Cloudflare). */
export class CacheApiStore implements CacheStore {
  readonly #cache: CacheApiLike;

  constructor(cache: CacheApiLike) {
    this.#cache = cache;
  }

  #request(key: string): Request {
    return new Request(`${CACHE_KEY_ORIGIN}/${key}`);
  }

  async get(key: string): Promise<CacheEntry | null> {
    const response = await this.#cache.match(this.#request(key));
    if (response === undefined) return null;
    const storedAt = Number(response.headers.get("x-extendkit-stored-at"));
    const expiresAt = Number(response.headers.get("x-extendkit-expires-at"));
    const tenant = response.headers.get("x-extendkit-tenant");
    if (!Number.isFinite(storedAt) || !Number.isFinite(expiresAt) || tenant === null) return null;
    return { body: await response.text(), tenant, storedAt, expiresAt };
  }

  async put(key: string, entry: CacheEntry, ttlSeconds: number): Promise<void> {
    const response = new Response(entry.body, {
      headers: {
        "content-type": "application/json",
        // The Cache API evicts on its own clock; `x-extendkit-expires-at` is checked on read with ours.
        "cache-control": `max-age=${Math.max(1, ttlSeconds)}`,
        "x-extendkit-stored-at": String(entry.storedAt),
        "x-extendkit-expires-at": String(entry.expiresAt),
        "x-extendkit-tenant": entry.tenant,
      },
    });
    await this.#cache.put(this.#request(key), response);
  }

  async delete(key: string): Promise<void> {
    await this.#cache.delete(this.#request(key));
  }
}
