/** Error codes the proxy itself answers with (Extend's `{ success:false, error, code }` shape). */
export type ProxyErrorCode =
  | "INVALID_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "RATE_LIMIT_EXCEEDED"
  | "PROXY_MISCONFIGURED"
  | "UPSTREAM_UNAVAILABLE"
  | "UPSTREAM_AUTH_FAILED"
  | "INTERNAL_ERROR";

/** A failure that maps to one HTTP answer; thrown inside route handlers and rendered once by the proxy. */
export class ProxyError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  /** `code` is one of ours or, for relayed upstream errors, Extend's own (e.g. `FILE_SIZE_TOO_LARGE`). */
  constructor(
    status: number,
    code: ProxyErrorCode | (string & {}),
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ProxyError";
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/**
 * The one 404 body for anything a caller may not see. Another tenant's run, a deleted run and a run
 * that never existed must be indistinguishable, so every "not found" uses exactly this message.
 */
export function notFound(what = "Resource"): ProxyError {
  return new ProxyError(404, "NOT_FOUND", `${what} not found`);
}

/** Renders an error in Extend's shape, with `message` mirrored for clients that read it instead of `error`. */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  const retryable = status === 429 || status >= 500;
  return new Response(JSON.stringify({ success: false, error: message, code, message, retryable }), {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "private, no-store",
      ...headers,
    },
  });
}

/** Renders a thrown value; anything that is not a ProxyError becomes an opaque 500 (details go to the log). */
export function renderError(error: unknown): Response {
  if (error instanceof ProxyError)
    return errorResponse(error.status, error.code, error.message, error.headers);
  return errorResponse(500, "INTERNAL_ERROR", "Internal proxy error");
}
