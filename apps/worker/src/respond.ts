import type { RequestState } from "./context.ts";
import { ProxyError } from "./errors.ts";
import type { Upstream } from "./upstream.ts";

/** Never-stored default for anything that is not a cacheable terminal run. */
export const NO_STORE = "private, no-store";

/** Content type of every JSON answer. */
export const JSON_TYPE = "application/json; charset=utf-8";

/** A JSON response with the proxy's default headers. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": JSON_TYPE, "cache-control": NO_STORE, ...headers },
  });
}

/** Parsed upstream answer: status, JSON body (or null) and the scrubbed text. */
export interface UpstreamResult {
  status: number;
  ok: boolean;
  json: Record<string, unknown> | null;
  retryAfter: string | null;
}

/** Reads an upstream response once, scrubbing the server key from the text before anything parses it. */
export async function readUpstream(
  upstream: Upstream,
  response: Response,
  state: RequestState,
): Promise<UpstreamResult> {
  state.upstreamStatus = response.status;
  const text = upstream.scrub(await response.text());
  let json: Record<string, unknown> | null = null;
  try {
    const parsed = upstream.parseScrubbed(text);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      json = parsed as Record<string, unknown>;
    }
  } catch {
    json = null;
  }
  return { status: response.status, ok: response.ok, json, retryAfter: response.headers.get("retry-after") };
}

function codeFor(status: number): string {
  if (status === 400) return "INVALID_REQUEST";
  if (status === 404) return "NOT_FOUND";
  if (status === 429) return "RATE_LIMIT_EXCEEDED";
  return status >= 500 ? "INTERNAL_ERROR" : "INVALID_REQUEST";
}

/**
 * Turns an upstream failure into the proxy's answer. A 401/403 means the proxy's own key was refused,
 * which the client cannot fix, so it becomes a 502 instead of a misleading "your token is wrong".
 */
export function upstreamError(result: UpstreamResult): ProxyError {
  if (result.status === 401 || result.status === 403) {
    return new ProxyError(502, "UPSTREAM_AUTH_FAILED", "The proxy's Extend credentials were rejected");
  }
  if (result.json === null) {
    return new ProxyError(
      502,
      "UPSTREAM_UNAVAILABLE",
      `The Extend API answered ${result.status} without JSON`,
    );
  }
  const message = result.json["error"] ?? result.json["message"];
  const code = result.json["code"];
  const headers: Record<string, string> = {};
  if (result.retryAfter !== null && /^\d{1,6}$/.test(result.retryAfter))
    headers["retry-after"] = result.retryAfter;
  return new ProxyError(
    result.status >= 400 && result.status <= 599 ? result.status : 502,
    typeof code === "string" && /^[A-Z_]{1,64}$/.test(code) ? code : codeFor(result.status),
    typeof message === "string" ? message.slice(0, 500) : `Upstream error ${result.status}`,
    headers,
  );
}

/** Relays a JSON upstream answer as-is on success, or as a normalised error. */
export function relay(result: UpstreamResult): Response {
  if (!result.ok || result.json === null) throw upstreamError(result);
  return jsonResponse(result.json, result.status);
}
