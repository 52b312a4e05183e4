/** What {@link buildHeaders} reads from the client's settings (the transport's config). */
export interface HeaderSettings {
  apiKey: string;
  apiVersion: string;
  /** The client's own headers. */
  headers?: Record<string, string> | undefined;
}

/**
 * The headers of one request: auth, API version and accept first, then the client's and the call's own
 * headers (later wins, names compared case-insensitively). A plain object, because fetch builds its own
 * Headers from it anyway. No SDK-identification headers: every extra header would have to be allowed
 * by a CORS proxy in front of browsers.
 */
export function buildHeaders(
  settings: HeaderSettings,
  requestHeaders: Record<string, string> | undefined,
  json: boolean,
  idempotencyKey: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {
    accept: "application/json",
    authorization: `Bearer ${settings.apiKey}`,
    "x-extend-api-version": settings.apiVersion,
  };
  // Only when a JSON body is sent.
  if (json) headers["content-type"] = "application/json";
  // A create's `idempotency-key` (the IETF draft's and Stripe's name): generated once per call and sent on
  // every attempt, so a server that honours it (the extendkit proxy does; Extend's 2025-04-21 reference does
  // not document it) answers a repeated attempt with the first one's result instead of a second run or file.
  // Set before the client's and the call's headers, so a key the caller sets (in any letter case) wins.
  if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
  for (const extra of [settings.headers, requestHeaders]) {
    for (const name in extra) {
      const value = extra[name];
      if (value !== undefined) headers[name.toLowerCase()] = value;
    }
  }
  return headers;
}
