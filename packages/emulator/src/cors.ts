// Opt-in CORS (`cors: true` / `--cors`) so a page in a browser can call the emulator directly. Extend
// documents no CORS behaviour, so it is off by default: a proxy under test must add its own headers.

const EXPOSED = "x-request-id, retry-after";

/** The answer to a preflight `OPTIONS` request. */
export function preflightResponse(request: Request): Response {
  return new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-origin": request.headers.get("origin") ?? "*",
      "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
      "access-control-allow-headers":
        request.headers.get("access-control-request-headers") ??
        "authorization, content-type, x-extend-api-version",
      "access-control-max-age": "600",
      vary: "origin",
    },
  });
}

/** Adds CORS headers to an API response. */
export function withCors(request: Request, response: Response): Response {
  response.headers.set("access-control-allow-origin", request.headers.get("origin") ?? "*");
  response.headers.set("access-control-expose-headers", EXPOSED);
  response.headers.append("vary", "origin");
  return response;
}
