import { Authenticator, AuthFailure } from "./auth.ts";
import { AuthThrottle } from "./auth-throttle.ts";
import { type CacheStore, RunCache } from "./cache.ts";
import { MemoryCacheStore } from "./cache-memory.ts";
import type { Principal } from "./clients.ts";
import { type ProxyConfig, type ProxySettings, parseConfig } from "./config.ts";
import type { RequestState, RouteContext } from "./context.ts";
import { applyCors, isPreflight, preflightResponse } from "./cors.ts";
import { errorResponse, ProxyError, renderError } from "./errors.ts";
import { FileOwnership } from "./file-ownership.ts";
import { UpstreamGovernor } from "./governor/index.ts";
import { getBatchRun, listRuns } from "./handlers/admin.ts";
import { deleteFile, getFile, uploadFile } from "./handlers/files.ts";
import { healthz } from "./handlers/healthz.ts";
import { listOwnFiles } from "./handlers/list-files.ts";
import { listOwnRuns } from "./handlers/list-runs.ts";
import { cancelRun, createRun, deleteRun, getRun } from "./handlers/runs.ts";
import { HitTally } from "./hit-summary.ts";
import { JwtVerifier } from "./jwt.ts";
import { consoleLogSink, type LogSink } from "./log.ts";
import { JwksKeys } from "./oidc/jwks.ts";
import { OidcVerifier } from "./oidc/verifier.ts";
import type { RateLimiter } from "./rate-limit.ts";
import { StoreRateLimiter } from "./rate-limit-store.ts";
import { newRequestId, REQUEST_ID_HEADER } from "./request-id.ts";
import { jsonResponse } from "./respond.ts";
import { matchRoute } from "./routes.ts";
import { hasScope } from "./scopes.ts";
import { MemoryStore } from "./state/memory-store.ts";
import type { ProxyStore } from "./state/store.ts";
import { Upstream, type UpstreamFetch } from "./upstream.ts";
import { LocalWaitingRoom, RUNNING_ENTRY_MS, RunReader, type WaitingRoom } from "./waiting/index.ts";
import { ReplayGuard, receiveWebhook } from "./webhook.ts";

/** Runtime services the handler uses; every one has a portable default. */
export interface ProxyDeps {
  /** Upstream transport (default: global fetch). Tests bind the emulator here. */
  fetch?: UpstreamFetch;
  /** Run cache store (default: bounded in-memory LRU). Workers pass the Cache API or KV. */
  cache?: CacheStore;
  /**
   * Durable state: ownership, the tenant index, idempotency records, counters, replay memory (default:
   * in this process's memory, for tests and embedding; every runtime entry passes its platform's store).
   */
  store?: ProxyStore;
  /** Per-tenant and per-client limiter (default: token buckets in `store`, RATE_LIMIT_PER_MINUTE per tenant). */
  rateLimiter?: RateLimiter;
  /** Clock in epoch milliseconds, for TTLs, JWT expiry and rate windows (default Date.now). */
  now?: () => number;
  /** Log sink (default: one JSON line per request, and per minute of cache HITs, on console.log). */
  log?: LogSink;
  /** Random numbers in [0, 1) for LOG_SAMPLE_RATE (default Math.random). */
  random?: () => number;
}

/** What the runtime knows about the connection a request came on. */
export interface ConnectionInfo {
  /** The client's address as the platform saw it (never a client-supplied header), for auth throttling. */
  address?: string | null;
}

/** The portable handler: a Web-standard `Request` in, `Response` out. */
export type ProxyHandler = (request: Request, connection?: ConnectionInfo) => Promise<Response>;

const CACHEABLE_ROUTE = "getRun";
/** Share of the governed GET budget the waiting room's pollers may use together. */
const POLL_SHARE_OF_GET_BUDGET = 0.5;
/** The whole answer while the configuration is invalid; the problems go to the log. */
export const MISCONFIGURED_MESSAGE = "proxy misconfigured: see the proxy's log";

/** Services derived from a valid configuration, created once per handler. */
interface Services {
  config: ProxyConfig;
  upstream: Upstream;
  cache: RunCache;
  files: FileOwnership;
  store: ProxyStore;
  auth: Authenticator;
  rateLimiter: RateLimiter;
  authThrottle: AuthThrottle;
  runs: RunReader;
  waiting: WaitingRoom;
  replay: ReplayGuard;
  now: () => number;
}

/** The OIDC verifier when OIDC_* is set; its JWKS URL is the only host besides the upstream the proxy calls. */
function oidcVerifier(config: ProxyConfig, now: () => number): OidcVerifier | null {
  if (config.oidc === null) return null;
  const { issuer, audience, jwksUrl, policies } = config.oidc;
  const keys = new JwksKeys({ url: jwksUrl, fetch: (input, init) => fetch(input, init), now });
  return new OidcVerifier({ issuer, audience, keys, policies, now });
}

function buildServices(config: ProxyConfig, deps: ProxyDeps, now: () => number): Services {
  const cacheStore = deps.cache ?? new MemoryCacheStore({ now });
  const store = deps.store ?? new MemoryStore();
  const governor =
    config.upstreamLimits === null ? null : new UpstreamGovernor(store, config.upstreamLimits, { now });
  const upstream = new Upstream(config, deps.fetch ?? ((request) => fetch(request)), governor);
  const runs = new RunReader(upstream, now);
  return {
    config,
    upstream,
    runs,
    waiting: new LocalWaitingRoom({
      reader: runs,
      // With webhooks configured, deliveries release the waiting clients: no upstream polling at all.
      poll: config.webhookSecret === null,
      pollIntervalMs: (runsPolled) => pollIntervalMs(governor, runsPolled),
      now,
    }),
    cache: new RunCache(cacheStore, {
      ttlSeconds: config.cacheTtlSeconds,
      apiVersion: config.apiVersion,
      now,
    }),
    files: new FileOwnership(store, now),
    store,
    auth: new Authenticator(
      config.clients,
      new JwtVerifier({
        secret: config.jwtSecret,
        publicKey: config.jwtPublicKey,
        issuer: config.jwtIssuer,
        audience: config.jwtAudience,
        maxTtlSeconds: config.jwtMaxTtlSeconds,
        revoked: config.jwtRevoked,
        now,
      }),
      now,
      oidcVerifier(config, now),
    ),
    rateLimiter: deps.rateLimiter ?? new StoreRateLimiter(store, config.rateLimitPerMinute, { now }),
    authThrottle: new AuthThrottle(store, config.authFailuresPerMinute, { now }),
    replay: new ReplayGuard(store, now),
    now,
  };
}

/**
 * Milliseconds between polls of one run while clients wait on it without webhooks: once a second, or
 * slower when that would spend more than half of the governed GET budget on polling (the other half
 * stays for ordinary reads), so waiting never pushes the upstream past its plan.
 */
export function pollIntervalMs(governor: UpstreamGovernor | null, runsPolled: number): number {
  if (governor === null) return RUNNING_ENTRY_MS;
  const pollsPerSecond = governor.governedRate("get") * POLL_SHARE_OF_GET_BUDGET;
  return Math.max(RUNNING_ENTRY_MS, Math.ceil((runsPolled * 1000) / pollsPerSecond));
}

async function authenticate(
  request: Request,
  services: Services,
  address: string | null,
): Promise<Principal> {
  services.authThrottle.check(address);
  try {
    return await services.auth.authenticate(request);
  } catch (error) {
    if (error instanceof AuthFailure) throw (await services.authThrottle.failed(address)) ?? error;
    throw error;
  }
}

/** Per tenant (RATE_LIMIT_PER_MINUTE) and, when the client has its own `rateLimitPerMinute`, per client. */
async function limitRate(services: Services, principal: Principal): Promise<void> {
  const checks: Array<[string, number | undefined, string]> = [
    [`tenant:${principal.tenant}`, undefined, "tenant"],
  ];
  if (principal.rateLimitPerMinute !== null) {
    checks.push([`client:${principal.client}`, principal.rateLimitPerMinute, "client"]);
  }
  for (const [key, limit, what] of checks) {
    const decision = await services.rateLimiter.limit(key, limit);
    if (!decision.ok) {
      throw new ProxyError(429, "RATE_LIMIT_EXCEEDED", `Rate limit exceeded for this ${what}`, {
        "retry-after": String(decision.retryAfterSeconds),
      });
    }
  }
}

async function dispatch(
  request: Request,
  services: Services,
  state: RequestState,
  connection: ConnectionInfo,
): Promise<Response> {
  const { config } = services;
  if (isPreflight(request)) {
    state.route = "OPTIONS (preflight)";
    return preflightResponse(request, config.allowedOrigins);
  }
  const match = matchRoute(request.method, request.url);
  if (match.kind === "notFound") throw new ProxyError(404, "NOT_FOUND", "Route not found");
  if (match.kind === "methodNotAllowed") {
    state.route = match.template;
    throw new ProxyError(405, "METHOD_NOT_ALLOWED", "Method not allowed", { allow: match.allow.join(", ") });
  }
  const { route } = match;
  state.route = route.template;
  if (route.name === CACHEABLE_ROUTE) state.cache = "BYPASS";

  if (route.name === "healthz") return healthz();
  if (route.name === "webhook") {
    if (config.webhookSecret === null) throw new ProxyError(404, "NOT_FOUND", "Route not found");
    const outcome = await receiveWebhook(request, {
      secret: config.webhookSecret,
      cache: services.cache,
      replay: services.replay,
      store: services.store,
      runs: services.runs,
      waiting: services.waiting,
      upstream: services.upstream,
      now: services.now,
    });
    return jsonResponse({ success: true, ...outcome });
  }

  const principal = await authenticate(request, services, connection.address ?? null);
  state.tenant = principal.tenant;
  await limitRate(services, principal);
  if (route.scope !== null && !hasScope(principal.scopes, route.scope)) {
    const named = typeof route.scope === "string" ? route.scope : route.scope.join(" or ");
    throw new ProxyError(403, "FORBIDDEN", `This client lacks the ${named} scope`);
  }
  const ctx: RouteContext = {
    request,
    config,
    principal,
    id: match.id,
    upstream: services.upstream,
    cache: services.cache,
    store: services.store,
    now: services.now,
    runs: services.runs,
    waiting: services.waiting,
    state,
  };
  switch (route.name) {
    case "createRun":
      return createRun(ctx, services.files);
    case "getRun":
      return getRun(ctx);
    case "cancelRun":
      return cancelRun(ctx);
    case "deleteRun":
      return deleteRun(ctx);
    case "listRuns":
      // `admin` keeps its meaning (every tenant's runs, from upstream); anyone else lists their own.
      return principal.scopes.has("admin") ? listRuns(ctx) : listOwnRuns(ctx);
    case "getBatchRun":
      return getBatchRun(ctx);
    case "uploadFile":
      return uploadFile(ctx, services.files);
    case "getFile":
      return getFile(ctx, services.files);
    case "listFiles":
      return listOwnFiles(ctx);
    case "deleteFile":
      return deleteFile(ctx, services.files);
  }
}

/**
 * Builds the proxy. Settings are validated once here; an invalid configuration is logged (by setting name,
 * never a value) and yields a handler that answers every request with the same opaque 500 instead of throwing.
 */
export function createProxy(settings: ProxySettings, deps: ProxyDeps = {}): ProxyHandler {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? consoleLogSink;
  const parsed = parseConfig(settings);
  const services = parsed.ok ? buildServices(parsed.config, deps, now) : null;
  const allowedOrigins = parsed.ok ? parsed.config.allowedOrigins : new Set<string>();
  const logSampleRate = parsed.ok ? parsed.config.logSampleRate : 1;
  const hits = parsed.ok && parsed.config.logCacheHits === "summary" ? new HitTally(now) : null;
  const random = deps.random ?? Math.random;
  // Which setting is wrong is the operator's business: callers (unauthenticated ones included) only learn
  // that the proxy is misconfigured, so a probe cannot tell which secret is missing or weak.
  if (!parsed.ok) log({ kind: "config", problems: parsed.problems });

  return async (request, connection = {}) => {
    const started = Date.now();
    const requestId = newRequestId();
    const state: RequestState = { tenant: null, route: "unmatched", cache: null };
    let response: Response;
    if (!parsed.ok) {
      response = errorResponse(500, "PROXY_MISCONFIGURED", MISCONFIGURED_MESSAGE);
      state.error = "misconfigured";
    } else {
      try {
        response = await dispatch(request, services!, state, connection);
      } catch (error) {
        response = renderError(error);
        state.error =
          error instanceof AuthFailure
            ? error.reason
            : error instanceof ProxyError
              ? error.code
              : `unexpected: ${error instanceof Error ? error.name : typeof error}`;
      }
    }
    // Every response here was built by the proxy (never an upstream Response), so its headers are mutable.
    const headers = response.headers;
    headers.set(REQUEST_ID_HEADER, requestId);
    if (state.route !== "OPTIONS (preflight)") applyCors(request, headers, allowedOrigins);
    if (state.cache !== null) headers.set("x-extendkit-cache", state.cache);
    const final = response;
    const failed = final.status >= 400 || state.error !== undefined;
    if (hits !== null && !failed && state.cache === "HIT" && state.tenant !== null) {
      hits.count(state.tenant);
    } else if (failed || logSampleRate >= 1 || random() < logSampleRate) {
      // Failures are always logged; successful requests as LOG_SAMPLE_RATE says (default: all).
      log({
        kind: "request",
        requestId,
        tenant: state.tenant,
        method: request.method,
        route: state.route,
        status: final.status,
        ms: Date.now() - started,
        cache: state.cache,
        ...(state.upstreamStatus !== undefined ? { upstreamStatus: state.upstreamStatus } : {}),
        ...(state.error !== undefined ? { error: state.error } : {}),
      });
    }
    const summary = hits?.takeIfDue();
    if (summary) log(summary);
    return final;
  };
}
