import type { RunCache } from "./cache.ts";
import type { Principal } from "./clients.ts";
import type { ProxyConfig } from "./config.ts";
import type { ProxyStore } from "./state/store.ts";
import type { Upstream } from "./upstream.ts";
import type { RunReader, WaitingRoom } from "./waiting/index.ts";

/** What `x-extendkit-cache` says about a cacheable route's answer. */
export type CacheStatus = "HIT" | "MISS" | "BYPASS";

/** Per-request facts collected for the response headers and the log line. */
export interface RequestState {
  tenant: string | null;
  route: string;
  cache: CacheStatus | null;
  upstreamStatus?: number;
  error?: string;
}

/** Everything a route handler needs. */
export interface RouteContext {
  request: Request;
  config: ProxyConfig;
  principal: Principal;
  /** The validated `:id` path segment, when the route has one. */
  id: string | null;
  upstream: Upstream;
  cache: RunCache;
  /** Durable state: ownership, the tenant index, idempotency records, counters. */
  store: ProxyStore;
  /** The proxy's clock (epoch ms). */
  now: () => number;
  /** Coalesced upstream reads of runs (shared by every tenant; ownership is checked per request). */
  runs: RunReader;
  /** Where `Prefer: wait` reads wait for their run to finish. */
  waiting: WaitingRoom;
  state: RequestState;
}
