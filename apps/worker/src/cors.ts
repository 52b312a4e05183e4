import { matchRoute } from "./routes.ts";

/** Request headers a browser client (ours or the official SDK) may send. */
const ALLOWED_REQUEST_HEADERS = [
  "authorization",
  "content-type",
  "cache-control",
  // `Prefer: wait=<seconds>` long-polls a run (core's wait sends it).
  "prefer",
  "x-extend-api-version",
  "x-request-id",
  "idempotency-key",
  "x-fern-language",
  "x-fern-sdk-name",
  "x-fern-sdk-version",
  "x-fern-runtime",
  "x-fern-runtime-version",
];
/** Response headers a browser may read. */
const EXPOSED_HEADERS = ["x-request-id", "x-extendkit-cache", "retry-after", "idempotent-replayed"];

/** Whether the request is a CORS preflight (not just any OPTIONS). */
export function isPreflight(request: Request): boolean {
  return request.method === "OPTIONS" && request.headers.has("access-control-request-method");
}

/**
 * Answers a preflight. Only an allowed origin asking for an allowlisted route and method gets CORS
 * headers; anything else gets a bare 403, so the browser blocks the real request.
 */
export function preflightResponse(request: Request, allowedOrigins: ReadonlySet<string>): Response {
  const origin = request.headers.get("origin");
  const method = request.headers.get("access-control-request-method") ?? "";
  const match = matchRoute(method.toUpperCase(), request.url);
  if (
    origin === null ||
    !allowedOrigins.has(origin) ||
    match.kind !== "match" ||
    match.route.name === "webhook"
  ) {
    return new Response(null, { status: 403, headers: { vary: "Origin" } });
  }
  const requested = (request.headers.get("access-control-request-headers") ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== "");
  if (!requested.every((header) => ALLOWED_REQUEST_HEADERS.includes(header))) {
    return new Response(null, { status: 403, headers: { vary: "Origin" } });
  }
  return new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-origin": origin,
      "access-control-allow-methods": match.route.method,
      "access-control-allow-headers": ALLOWED_REQUEST_HEADERS.join(", "),
      "access-control-max-age": "600",
      vary: "Origin",
    },
  });
}

/** Adds CORS headers for an allowed origin (and `Vary: Origin` always, since answers differ by origin). */
export function applyCors(request: Request, headers: Headers, allowedOrigins: ReadonlySet<string>): void {
  headers.append("vary", "Origin");
  const origin = request.headers.get("origin");
  if (origin === null || !allowedOrigins.has(origin)) return;
  headers.set("access-control-allow-origin", origin);
  headers.set("access-control-expose-headers", EXPOSED_HEADERS.join(", "));
}
