/**
 * Corporate proxies: when HTTPS_PROXY / HTTP_PROXY (or the lower-case forms) are set, requests go
 * through undici's `EnvHttpProxyAgent`, which also honours NO_PROXY. Node's built-in fetch ignores
 * these variables (before Node 24's opt-in NODE_USE_ENV_PROXY), so without this the action would fail
 * on runners that can only reach the internet through a proxy.
 *
 * The bundled undici's own `fetch` is used with the agent (rather than swapping the global dispatcher)
 * so that the agent and the fetch implementation always come from the same undici version, whichever
 * Node version runs the bundle.
 */
import { EnvHttpProxyAgent, fetch as undiciFetch } from "undici";
import type { FetchLike } from "./engine/rate-gate.js";

/** A proxy-aware fetch and a description of the proxy for the log (credentials removed). */
export interface ProxySetup {
  fetch: FetchLike;
  description: string;
  /** The proxy agent, for requests sent without fetch (streamed uploads). */
  dispatcher: EnvHttpProxyAgent;
}

function pick(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  return env[name.toLowerCase()] || env[name.toUpperCase()] || undefined;
}

/** Removes user and password from a proxy URL so it can be logged. */
export function redactProxyUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.username || url.password) {
      url.username = "***";
      url.password = "";
    }
    return url.toString().replace(/\/$/, "");
  } catch {
    return "(unparseable proxy URL)";
  }
}

/** Builds a proxy-aware fetch when a proxy variable is set, otherwise undefined. */
export function createProxyFetch(env: Readonly<Record<string, string | undefined>>): ProxySetup | undefined {
  const httpsProxy = pick(env, "https_proxy");
  const httpProxy = pick(env, "http_proxy");
  if (!httpsProxy && !httpProxy) return undefined;
  const noProxy = pick(env, "no_proxy");
  const agent = new EnvHttpProxyAgent({
    ...(httpProxy ? { httpProxy } : {}),
    ...(httpsProxy ? { httpsProxy } : {}),
    ...(noProxy ? { noProxy } : {}),
  });
  const proxied: FetchLike = async (input, init) => {
    // A Request object from Node's own fetch is not one undici's fetch recognises: pass its parts.
    if (typeof input === "object" && !(input instanceof URL)) {
      const request = input as Request;
      const body = request.body === null ? undefined : await request.arrayBuffer();
      const merged = {
        method: request.method,
        headers: request.headers,
        signal: request.signal,
        ...(body === undefined ? {} : { body }),
        ...init,
        dispatcher: agent,
      };
      return (await undiciFetch(request.url, merged as never)) as unknown as Response;
    }
    return (await undiciFetch(input, {
      ...(init as object),
      dispatcher: agent,
    } as never)) as unknown as Response;
  };
  const parts = [
    httpsProxy ? `HTTPS_PROXY=${redactProxyUrl(httpsProxy)}` : undefined,
    httpProxy ? `HTTP_PROXY=${redactProxyUrl(httpProxy)}` : undefined,
    noProxy ? `NO_PROXY=${noProxy}` : undefined,
  ].filter((p) => p !== undefined);
  return { fetch: proxied, description: parts.join(", "), dispatcher: agent };
}
