/** Inputs of {@link buildHeaders}. */
export interface HeaderInputs {
  apiKey: string;
  apiVersion: string;
  clientHeaders: Record<string, string> | undefined;
  requestHeaders: Record<string, string> | undefined;
  /** Set `content-type: application/json` (only when a JSON body is sent). */
  json: boolean;
}

/**
 * The headers of one request: auth, API version and accept first, then the client's and the call's own
 * headers (later wins). No SDK-identification headers: every extra header would have to be allowed by
 * a CORS proxy in front of browsers.
 */
export function buildHeaders(inputs: HeaderInputs): Headers {
  const headers = new Headers({
    accept: "application/json",
    authorization: `Bearer ${inputs.apiKey}`,
    "x-extend-api-version": inputs.apiVersion,
  });
  if (inputs.json) headers.set("content-type", "application/json");
  for (const extra of [inputs.clientHeaders, inputs.requestHeaders]) {
    if (!extra) continue;
    for (const [name, value] of Object.entries(extra)) {
      if (value !== undefined) headers.set(name, value);
    }
  }
  return headers;
}
