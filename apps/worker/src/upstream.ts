import type { ProxyConfig } from "./config.ts";
import { ProxyError } from "./errors.ts";
import type { UpstreamGovernor } from "./governor/index.ts";

/** How the proxy reaches Extend; injectable so tests (and other runtimes) can bind anything fetch-shaped. */
export type UpstreamFetch = (request: Request) => Promise<Response>;

/** One upstream call. */
export interface UpstreamCall {
  method: string;
  /** Fixed path built from a route template and a validated id, never from client input. */
  path: string;
  query?: URLSearchParams;
  body?: BodyInit | ReadableStream<Uint8Array>;
  contentType?: string;
  signal?: AbortSignal;
  /** `Idempotency-Key` sent upstream (derived per tenant by the proxy, never the client's own text). */
  idempotencyKey?: string;
}

/**
 * Sends requests to the configured base URL with the server-held key. No client header is copied:
 * the upstream request is built from scratch, so cookies, the client's Authorization and spoofed
 * forwarding headers never leave the proxy.
 */
export class Upstream {
  readonly #config: ProxyConfig;
  readonly #fetch: UpstreamFetch;
  readonly #governor: UpstreamGovernor | null;

  /** With a governor every call first waits for its slot in the plan's budget (or is refused with 429). */
  constructor(config: ProxyConfig, fetchImpl: UpstreamFetch, governor: UpstreamGovernor | null = null) {
    this.#config = config;
    this.#fetch = fetchImpl;
    this.#governor = governor;
  }

  async send(call: UpstreamCall): Promise<Response> {
    if (this.#governor !== null) await this.#governor.admit(call.method, call.path);
    const query = call.query !== undefined && [...call.query].length > 0 ? `?${call.query}` : "";
    const headers = new Headers({
      authorization: `Bearer ${this.#config.apiKey}`,
      "x-extend-api-version": this.#config.apiVersion,
      accept: "application/json",
      "user-agent": "extendkit-proxy/0.1",
    });
    if (call.contentType !== undefined) headers.set("content-type", call.contentType);
    if (call.idempotencyKey !== undefined) headers.set("idempotency-key", call.idempotencyKey);
    const init: RequestInit & { duplex?: "half" } = { method: call.method, headers, redirect: "manual" };
    if (call.signal !== undefined) init.signal = call.signal;
    if (call.body !== undefined) {
      init.body = call.body as BodyInit;
      if (call.body instanceof ReadableStream) init.duplex = "half";
    }
    try {
      return await this.#fetch(new Request(`${this.#config.baseUrl}${call.path}${query}`, init));
    } catch (error) {
      if (error instanceof ProxyError) throw error;
      throw new ProxyError(502, "UPSTREAM_UNAVAILABLE", "The Extend API could not be reached");
    }
  }

  /** Removes the server key from any text that came back (an upstream echo must not leak it). */
  scrub(text: string): string {
    return this.#config.apiKey === "" ? text : text.replaceAll(this.#config.apiKey, "[redacted]");
  }

  /**
   * Parses scrubbed upstream JSON and scrubs the parsed strings too: JSON may spell the key with `\uXXXX`
   * escapes that the text scrub cannot see but `JSON.parse` turns back into the key. Throws like JSON.parse.
   */
  parseScrubbed(scrubbedText: string): unknown {
    const parsed: unknown = JSON.parse(scrubbedText);
    // Without a `\u` escape the parsed strings are exactly the scrubbed text's; skip the walk.
    return scrubbedText.includes("\\u") ? this.scrubValue(parsed) : parsed;
  }

  /** A copy of parsed JSON with the server key removed from every string and property name. */
  scrubValue(value: unknown): unknown {
    if (typeof value === "string") return this.scrub(value);
    if (Array.isArray(value)) return value.map((item) => this.scrubValue(item));
    if (typeof value === "object" && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        // defineProperty, so a `__proto__` key stays data and never becomes the prototype.
        Object.defineProperty(out, this.scrub(key), {
          value: this.scrubValue(item),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return value;
  }
}
