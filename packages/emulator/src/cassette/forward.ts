// Sends one API request on to the upstream with the recorder's own key, and relays the answer. The
// client authenticated with the emulator's key; the upstream key never reaches the client, and the
// client's Authorization header never reaches the upstream.
import { ApiError } from "../errors.js";

/** The fetch the recorder sends upstream requests with. */
export type UpstreamFetch = (request: Request) => Promise<Response>;

/** Where and how to forward. */
export interface Upstream {
  /** Base URL, e.g. `https://api.extend.ai` (a path prefix is kept). */
  base: URL;
  apiKey: string;
  fetch: UpstreamFetch;
}

// Hop-by-hop and transport headers: recomputed by each side's HTTP stack. accept-encoding is dropped
// so fetch negotiates (and decodes) compression itself.
const REQUEST_DROP = new Set([
  "authorization",
  "host",
  "connection",
  "content-length",
  "transfer-encoding",
  "keep-alive",
  "accept-encoding",
  "cookie",
]);
const RESPONSE_DROP = new Set([
  "connection",
  "content-length",
  "transfer-encoding",
  "keep-alive",
  "content-encoding",
]);

/** The upstream URL for a request path and query. */
export function upstreamUrl(upstream: Upstream, path: string, search = ""): string {
  const prefix = upstream.base.pathname.replace(/\/+$/, "");
  return `${upstream.base.origin}${prefix}${path}${search}`;
}

/** An upstream request with the recorder's key, the client's other headers and `body`. */
export function upstreamRequest(
  upstream: Upstream,
  method: string,
  url: URL,
  headers: Headers,
  body: Uint8Array | undefined,
): Request {
  const out = new Headers();
  headers.forEach((value, name) => {
    if (!REQUEST_DROP.has(name.toLowerCase())) out.set(name, value);
  });
  out.set("authorization", `Bearer ${upstream.apiKey}`);
  return new Request(upstreamUrl(upstream, url.pathname, url.search), {
    method,
    headers: out,
    ...(body && body.byteLength > 0 ? { body: body as Uint8Array<ArrayBuffer> } : {}),
  });
}

/** The upstream's answer, read fully: status, relayable headers and the body bytes. */
export interface UpstreamAnswer {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/**
 * Sends the request upstream. A transport failure becomes a 502 that names the upstream origin only
 * (never the key, never a query string).
 */
export async function sendUpstream(upstream: Upstream, request: Request): Promise<UpstreamAnswer> {
  let response: Response;
  try {
    response = await upstream.fetch(request);
  } catch (error) {
    const reason =
      error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : "";
    throw new ApiError(
      502,
      "BAD_GATEWAY",
      `Recorder: the upstream ${upstream.base.origin} could not be reached${reason ? ` (${reason})` : ""}`,
    );
  }
  const headers = new Headers();
  response.headers.forEach((value, name) => {
    if (!RESPONSE_DROP.has(name.toLowerCase())) headers.set(name, value);
  });
  // The emulator stamps its own x-request-id; keep the upstream's, which is what Extend support asks for.
  const upstreamId = headers.get("x-request-id");
  if (upstreamId !== null) headers.set("x-upstream-request-id", upstreamId);
  return { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) };
}

/** The answer as a fresh Response (mutable headers, so the pipeline can add its request id). */
export function relay(answer: UpstreamAnswer): Response {
  const nullBody = answer.status === 204 || answer.status === 304;
  return new Response(nullBody ? null : (answer.body as Uint8Array<ArrayBuffer>), {
    status: answer.status,
    headers: answer.headers,
  });
}

/** The body as JSON, or undefined when it is not a JSON object. */
export function jsonOf(answer: UpstreamAnswer): Record<string, unknown> | undefined {
  if (!(answer.headers.get("content-type") ?? "").includes("json")) return undefined;
  return parseJsonObject(answer.body);
}

/** Bytes parsed as a JSON object, or undefined (not JSON, or not an object). */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
