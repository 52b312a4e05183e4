// The edge proxy (apps/worker) served by `wrangler dev` (the real Cloudflare entry in workerd) on a free
// 127.0.0.1 port, configured from the options tests, benchmarks and the demo care about. The names are
// those of the worker's configuration table; secrets travel in wrangler's private env file, so they
// never show on a command line.
import type { ProxyClient } from "./proxy-clients.js";
import { startWranglerDev, type WranglerDevServer } from "./wrangler-dev.js";

/** Configuration of a proxy instance. */
export interface ProxyServerOptions {
  /** EXTEND_BASE_URL: the emulator (or Extend). */
  upstreamUrl: string;
  /** EXTEND_API_KEY: the key the proxy holds. */
  upstreamKey: string;
  /** PROXY_CLIENTS: SHA-256 hex of each token → its client (see `proxyClients`). */
  clients: Record<string, ProxyClient>;
  /** ALLOWED_ORIGINS. */
  allowedOrigins?: readonly string[];
  /** JWT_SECRET. */
  jwtSecret?: string;
  /** Any further variables (USAGE_TAGS, RATE_LIMIT_PER_MINUTE, …). */
  vars?: Record<string, string>;
  /** Any further secrets (WEBHOOK_SECRET, JWT_PUBLIC_KEY, …). */
  secrets?: Record<string, string>;
  /** Listen on this port (e.g. one already named in `allowedOrigins`) instead of a fresh free one. */
  port?: number;
  /** wrangler's --log-level (default "warn"; "log" also prints the proxy's own log lines). */
  logLevel?: string;
  /** How long to wait for the first HTTP answer; default 60 s. */
  timeoutMs?: number;
}

/** Starts the proxy with `wrangler dev --ip 127.0.0.1`, ready to serve. */
export function startProxyServer(options: ProxyServerOptions): Promise<WranglerDevServer> {
  return startWranglerDev({
    vars: {
      EXTEND_BASE_URL: options.upstreamUrl,
      ...(options.allowedOrigins ? { ALLOWED_ORIGINS: options.allowedOrigins.join(",") } : {}),
      ...options.vars,
    },
    secrets: {
      EXTEND_API_KEY: options.upstreamKey,
      PROXY_CLIENTS: JSON.stringify(options.clients),
      ...(options.jwtSecret ? { JWT_SECRET: options.jwtSecret } : {}),
      ...options.secrets,
    },
    timeoutMs: options.timeoutMs ?? 60_000,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
  });
}
