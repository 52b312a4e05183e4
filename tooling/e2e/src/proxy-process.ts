// The edge proxy served by `wrangler dev` from apps/worker (the real Cloudflare entry in workerd), on a
// free 127.0.0.1 port. Starting, readiness and stopping are apps/worker's own dev-server helpers; this
// file only maps the tests' options onto the proxy's configuration.
import { startWranglerDev, type WranglerDevProcess } from "@extendkit/worker/dev-server";

/** A running `wrangler dev` (see `@extendkit/worker/dev-server`). */
export type ProxyProcess = WranglerDevProcess;

/** Configuration of a proxy instance (names as in apps/worker's configuration table). */
export interface ProxyOptions {
  upstreamUrl: string;
  upstreamKey: string;
  /** PROXY_CLIENTS: sha256-hex(token) → client. */
  clients: Record<string, unknown>;
  allowedOrigins?: string[];
  jwtSecret?: string;
  /** Any further variables (USAGE_TAGS, RATE_LIMIT_PER_MINUTE, …). */
  vars?: Record<string, string>;
}

/** Starts the proxy (apps/worker) with `wrangler dev --ip 127.0.0.1 --port <free>`, ready to serve. */
export function startProxyProcess(options: ProxyOptions): Promise<ProxyProcess> {
  return startWranglerDev({
    vars: {
      EXTEND_BASE_URL: options.upstreamUrl,
      ...(options.allowedOrigins ? { ALLOWED_ORIGINS: options.allowedOrigins.join(",") } : {}),
      ...options.vars,
    },
    // Secrets travel in wrangler's private env file, so they never show on a command line.
    secrets: {
      EXTEND_API_KEY: options.upstreamKey,
      PROXY_CLIENTS: JSON.stringify(options.clients),
      ...(options.jwtSecret ? { JWT_SECRET: options.jwtSecret } : {}),
    },
    timeoutMs: 60_000,
  });
}
