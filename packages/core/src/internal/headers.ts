/** Inputs of {@link buildHeaders}. */
export interface HeaderInputs {
  apiKey: string;
  apiVersion: string;
  clientHeaders: Record<string, string> | undefined;
  requestHeaders: Record<string, string> | undefined;
  /** Set `content-type: application/json` (only when a JSON body is sent). */
  json: boolean;
  /**
   * A create's `idempotency-key` (the IETF draft's and Stripe's name): generated once per call and sent on
   * every attempt, so a server that honours it (the extendkit proxy does; Extend's 2025-04-21 reference does
   * not document it) answers a repeated attempt with the first one's result instead of a second run or file.
   * Set before the client's and the call's headers, so a key the caller sets (in any letter case) wins.
   */
  idempotencyKey: string | undefined;
}

/**
 * The headers of one request: auth, API version and accept first, then the client's and the call's own
 * headers (later wins, names compared case-insensitively). A plain object, because fetch builds its own
 * Headers from it anyway. No SDK-identification headers: every extra header would have to be allowed
 * by a CORS proxy in front of browsers.
 */
export function buildHeaders(inputs: HeaderInputs): Record<string, string> {
  const headers: Record<string, string> = {
    accept: "application/json",
    authorization: `Bearer ${inputs.apiKey}`,
    "x-extend-api-version": inputs.apiVersion,
  };
  if (inputs.json) headers["content-type"] = "application/json";
  if (inputs.idempotencyKey) headers["idempotency-key"] = inputs.idempotencyKey;
  for (const extra of [inputs.clientHeaders, inputs.requestHeaders]) {
    for (const name in extra) {
      const value = extra[name];
      if (value !== undefined) headers[name.toLowerCase()] = value;
    }
  }
  return headers;
}
