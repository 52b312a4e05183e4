// Cloudflare Workers entry: maps env bindings to the portable handler. The only Workers-specific file.
import { CacheApiStore } from "../cache-api.ts";
import { KvCacheStore } from "../cache-kv.ts";
import { TieredCacheStore } from "../cache-tiered.ts";
import { errorResponse } from "../errors.ts";
import { createProxy, type ProxyDeps, type ProxyHandler } from "../proxy.ts";
import { BindingRateLimiter } from "../rate-limit.ts";
import type { CounterState, TenantState } from "./cloudflare-objects.ts";
import { DurableObjectStore } from "./cloudflare-store.ts";

/** The Durable Object classes must be exported by the Worker's main module. */
export { CounterState, TenantState } from "./cloudflare-objects.ts";

/**
 * Bindings the Worker uses when present. They are commented out in wrangler.jsonc (a KV namespace or
 * rate limiter needs account-specific ids), so `wrangler types` cannot know them; everything else
 * comes from the generated `Env`.
 */
export interface OptionalBindings {
  /** KV namespace for a cache shared by every location (instead of the per-location Cache API). */
  RUN_CACHE?: KVNamespace;
  /** Workers rate-limiting binding (instead of the store's counters; approximate, and blind to per-client limits). */
  RATE_LIMITER?: RateLimit;
  /** A service binding to reach the upstream (for example an emulator Worker) instead of public fetch. */
  EXTEND_UPSTREAM?: Fetcher;
}

/** The Worker's environment: generated bindings plus the optional ones. */
export type WorkerEnv = Env & OptionalBindings;

const byEnv = new WeakMap<object, ProxyHandler>();
const byFingerprint = new Map<string, ProxyHandler>();

function fingerprint(env: WorkerEnv): string {
  const settings = Object.entries(env).filter(([, value]) => typeof value === "string");
  const bound = [
    env.RUN_CACHE,
    env.RATE_LIMITER,
    env.EXTEND_UPSTREAM,
    env.TENANT_STATE,
    env.COUNTER_STATE,
  ].map((b) => (b === undefined ? 0 : 1));
  return JSON.stringify([settings, bound]);
}

function build(env: WorkerEnv): ProxyHandler {
  const tenants = env.TENANT_STATE as unknown as DurableObjectNamespace<TenantState> | undefined;
  const counters = env.COUNTER_STATE as unknown as DurableObjectNamespace<CounterState> | undefined;
  if (tenants === undefined || counters === undefined) {
    // Without its durable state the proxy could not keep ownership or idempotency: refuse to serve.
    console.log(
      JSON.stringify({
        kind: "config",
        problems: [
          "TENANT_STATE and COUNTER_STATE Durable Object bindings are required (see wrangler.jsonc)",
        ],
      }),
    );
    return async () => errorResponse(500, "PROXY_MISCONFIGURED", "proxy misconfigured: see the proxy's log");
  }
  const shared =
    env.RUN_CACHE !== undefined ? new KvCacheStore(env.RUN_CACHE) : new CacheApiStore(caches.default);
  const deps: ProxyDeps = {
    cache: new TieredCacheStore(shared),
    store: new DurableObjectStore(tenants, counters),
  };
  if (env.RATE_LIMITER !== undefined) deps.rateLimiter = new BindingRateLimiter(env.RATE_LIMITER);
  const upstream = env.EXTEND_UPSTREAM;
  if (upstream !== undefined) deps.fetch = (request) => upstream.fetch(request);
  return createProxy(env as unknown as Record<string, unknown>, deps);
}

/**
 * Validates configuration once per isolate: the env object is normally the same on every request,
 * and when a runtime hands out a fresh copy the fingerprint still finds the same handler (so the
 * in-memory rate-limit windows survive).
 */
function handlerFor(env: WorkerEnv): ProxyHandler {
  let handler = byEnv.get(env);
  if (handler !== undefined) return handler;
  const key = fingerprint(env);
  handler = byFingerprint.get(key);
  if (handler === undefined) {
    if (byFingerprint.size >= 8) byFingerprint.clear();
    handler = build(env);
    byFingerprint.set(key, handler);
  }
  byEnv.set(env, handler);
  return handler;
}

/** The Worker: every request goes through the isolate's cached proxy handler. */
export default {
  fetch(request, env) {
    // Cloudflare's edge sets CF-Connecting-IP itself (a client cannot supply it), so it is the peer address.
    return handlerFor(env)(request, { address: request.headers.get("cf-connecting-ip") });
  },
} satisfies ExportedHandler<WorkerEnv>;
