// TTL logic with an injected clock, through the whole handler, for every cache store (memory LRU,
// Cache API, KV); plus the LRU bound and the in-memory rate-limit window.
import { describe, expect, it } from "vitest";
import { type CacheStore, RunCache } from "../../src/cache.ts";
import { CacheApiStore } from "../../src/cache-api.ts";
import { KvCacheStore } from "../../src/cache-kv.ts";
import { MemoryCacheStore } from "../../src/cache-memory.ts";
import { LOCAL_TIER_MAX_SECONDS, TieredCacheStore } from "../../src/cache-tiered.ts";
import { createProxy } from "../../src/proxy.ts";
import { StoreRateLimiter } from "../../src/rate-limit-store.ts";
import { MemoryStore } from "../../src/state/memory-store.ts";
import { bearer, call, createFinishedRun } from "../contract/harness.ts";
import { TOKENS } from "../fixtures.ts";
import { targetFor, testEnv } from "./env.ts";

function fakeClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const stores: Array<[string, (clock: () => number) => CacheStore]> = [
  ["memory LRU", (now) => new MemoryCacheStore({ now })],
  [
    "memory tier over Cache API (the Workers default)",
    (now) => new TieredCacheStore(new CacheApiStore(caches.default), { now }),
  ],
  ["Cache API", () => new CacheApiStore(caches.default)],
  ["KV", () => new KvCacheStore(testEnv.TEST_RUN_CACHE, `ttl-${crypto.randomUUID()}:`)],
];

describe.each(stores)("TTL through the handler (%s)", (_name, makeStore) => {
  it("HIT until CACHE_TTL_SECONDS have passed on the injected clock, then MISS and re-stored", async () => {
    const clock = fakeClock();
    const handler = createProxy(
      { ...testEnv, CACHE_TTL_SECONDS: "60" } as unknown as Record<string, unknown>,
      { cache: makeStore(clock.now), now: clock.now, log: () => {} },
    );
    const target = targetFor("ttl", handler);
    // JWT-free tokens only: the fake clock is in the past relative to real JWT claims.
    const id = await createFinishedRun(target, TOKENS.alpha);
    const get = () => call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
    expect((await get()).headers.get("x-extendkit-cache")).toBe("MISS");
    clock.advance(59_000);
    const hit = await get();
    expect(hit.headers.get("x-extendkit-cache")).toBe("HIT");
    expect(hit.headers.get("cache-control")).toBe("private, max-age=1");
    clock.advance(1_000);
    expect((await get()).headers.get("x-extendkit-cache")).toBe("MISS");
    expect((await get()).headers.get("x-extendkit-cache")).toBe("HIT");
  });
});

describe("CACHE_TTL_SECONDS=0", () => {
  it("disables caching", async () => {
    const handler = createProxy(
      { ...testEnv, CACHE_TTL_SECONDS: "0" } as unknown as Record<string, unknown>,
      {
        log: () => {},
      },
    );
    const target = targetFor("ttl0", handler);
    const id = await createFinishedRun(target, TOKENS.alpha);
    for (let i = 0; i < 2; i++) {
      const reply = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      expect(reply.headers.get("x-extendkit-cache")).toBe("MISS");
      expect(reply.headers.get("cache-control")).toBe("private, no-store");
    }
  });
});

describe("RunCache", () => {
  const run = (tenant: string, status = "PROCESSED") => ({
    id: "dpr_1",
    status,
    metadata: { "extendkit:tenant": tenant },
  });

  it("stores only terminal runs owned by the tenant, and reads are tenant-scoped", async () => {
    const clock = fakeClock();
    const cache = new RunCache(new MemoryCacheStore({ now: clock.now }), {
      ttlSeconds: 60,
      apiVersion: "2025-04-21",
      now: clock.now,
    });
    expect(await cache.store("alpha", "dpr_1", run("alpha", "PROCESSING"))).toBe(false);
    expect(await cache.store("alpha", "dpr_1", run("beta"))).toBe(false);
    expect(await cache.store("alpha", "dpr_1", run("alpha"))).toBe(true);
    expect(await cache.lookup("beta", "dpr_1")).toBeNull();
    expect(await cache.lookup("alpha", "dpr_1")).not.toBeNull();
  });

  it("keys include the API version", async () => {
    const clock = fakeClock();
    const store = new MemoryCacheStore({ now: clock.now });
    const v1 = new RunCache(store, { ttlSeconds: 60, apiVersion: "2025-04-21", now: clock.now });
    const v2 = new RunCache(store, { ttlSeconds: 60, apiVersion: "2026-02-09", now: clock.now });
    await v1.store("alpha", "dpr_1", run("alpha"));
    expect(await v2.lookup("alpha", "dpr_1")).toBeNull();
  });
});

describe("MemoryCacheStore", () => {
  const entry = (body: string) => ({ body, tenant: "t", storedAt: 0, expiresAt: Number.MAX_SAFE_INTEGER });

  it("evicts the least recently used entry beyond maxEntries", async () => {
    const store = new MemoryCacheStore({ maxEntries: 2 });
    await store.put("a", entry("a"));
    await store.put("b", entry("b"));
    await store.get("a");
    await store.put("c", entry("c"));
    expect(store.size).toBe(2);
    expect(await store.get("b")).toBeNull();
    expect(await store.get("a")).not.toBeNull();
    expect(await store.get("c")).not.toBeNull();
  });

  it("evicts to stay under maxBytes and refuses entries larger than the budget", async () => {
    const store = new MemoryCacheStore({ maxBytes: 10 });
    await store.put("a", entry("12345"));
    await store.put("b", entry("67890"));
    await store.put("c", entry("xyz"));
    expect(await store.get("a")).toBeNull();
    await store.put("huge", entry("x".repeat(11)));
    expect(await store.get("huge")).toBeNull();
  });
});

describe("TieredCacheStore", () => {
  const entry = (expiresAt: number) => ({ body: "b", tenant: "t", storedAt: 0, expiresAt });

  it("trusts a local copy for at most LOCAL_TIER_MAX_SECONDS, then re-reads the shared store", async () => {
    const clock = fakeClock();
    const shared = new MemoryCacheStore({ now: clock.now });
    const tiered = new TieredCacheStore(shared, { now: clock.now });
    await tiered.put("k", entry(clock.now() + 3_600_000), 3600);
    await shared.delete("k");
    // Purged elsewhere: this isolate's copy may still answer, but only within the local bound.
    expect(await tiered.get("k")).not.toBeNull();
    clock.advance(LOCAL_TIER_MAX_SECONDS * 1000);
    expect(await tiered.get("k")).toBeNull();
  });

  it("deletes from both tiers and never keeps a local copy past the entry's own expiry", async () => {
    const clock = fakeClock();
    const shared = new MemoryCacheStore({ now: clock.now });
    const tiered = new TieredCacheStore(shared, { now: clock.now });
    await tiered.put("k", entry(clock.now() + 5_000), 5);
    await tiered.delete("k");
    expect(await shared.get("k")).toBeNull();
    expect(await tiered.get("k")).toBeNull();
    await tiered.put("short", entry(clock.now() + 5_000), 5);
    clock.advance(5_000);
    expect(await tiered.get("short")).toBeNull();
  });
});

describe("StoreRateLimiter", () => {
  it("refills a minute's budget over the minute on the injected clock, per key", async () => {
    const clock = fakeClock();
    const limiter = new StoreRateLimiter(new MemoryStore(), 2, { now: clock.now });
    expect((await limiter.limit("t")).ok).toBe(true);
    clock.advance(10_000);
    expect((await limiter.limit("t")).ok).toBe(true);
    // 2/min refills one request every 30 s: a third of a token came back in 10 s, two thirds are missing.
    const third = await limiter.limit("t");
    expect(third.ok).toBe(false);
    expect(third.retryAfterSeconds).toBeGreaterThanOrEqual(20);
    expect(third.retryAfterSeconds).toBeLessThanOrEqual(21);
    expect((await limiter.limit("other")).ok).toBe(true);
    clock.advance(third.retryAfterSeconds * 1000);
    expect((await limiter.limit("t")).ok).toBe(true);
  });

  it("honours a per-client override and 0 disables the default", async () => {
    const limiter = new StoreRateLimiter(new MemoryStore(), 0, { now: Date.now });
    for (let i = 0; i < 5; i++) expect((await limiter.limit("t")).ok).toBe(true);
    expect((await limiter.limit("u", 1)).ok).toBe(true);
    expect((await limiter.limit("u", 1)).ok).toBe(false);
  });

  it("holds across isolates sharing a store: two limiters together never exceed the limit", async () => {
    const clock = fakeClock();
    const store = new MemoryStore();
    const isolates = [0, 1, 2].map(() => new StoreRateLimiter(store, 60, { now: clock.now }));
    let allowed = 0;
    for (let i = 0; i < 300; i++) if ((await isolates[i % 3]!.limit("tenant:x")).ok) allowed++;
    expect(allowed).toBe(60);
  });
});
