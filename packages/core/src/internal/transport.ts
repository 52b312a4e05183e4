import {
  AbortError,
  ConnectionError,
  type ExtendKitError,
  InvalidResponseError,
  TimeoutError,
} from "../errors.js";
import type { RequestOptions } from "../types/common.js";
import { apiErrorFor } from "./api-error.js";
import { readBody, redact, snippet } from "./body.js";
import { buildHeaders } from "./headers.js";
import {
  type AttemptFailure,
  isRetryableStatus,
  mayHaveBeenAccepted,
  type RetryPolicy,
  retryDelay,
  shouldRetry,
} from "./retry.js";
import { AttemptSignal, sleep } from "./timeout.js";

/** Settings the client hands to its transport. */
export interface TransportConfig {
  apiKey: string;
  baseUrl: string;
  apiVersion: string;
  fetch: typeof fetch | undefined;
  timeoutMs: number;
  maxRetries: number;
  headers: Record<string, string> | undefined;
}

/** Query values; `undefined` and `false` flags are left out by the caller's choice. */
export type Query = Record<string, string | number | boolean | undefined>;

/** One logical API call (possibly several attempts). */
export interface ApiRequest {
  method: "GET" | "POST" | "DELETE";
  path: string;
  query?: Query;
  /** JSON body. */
  json?: unknown;
  /** Multipart body. */
  form?: FormData;
  policy: RetryPolicy;
  /** Envelope key holding the resource, e.g. `processorRun`; it must be an object. */
  pick?: string;
  /** Default per-attempt timeout for this call when the caller gives none (sync create). */
  timeoutMs?: number;
  /** For creates: appended to the error when the outcome is uncertain; sets `mayHaveCreatedRun`. */
  uncertain?: { hint: string; run: boolean };
}

/** A parsed response. */
export interface ApiResponse<T> {
  data: T;
  response: Response;
}

type AttemptResult =
  | { ok: true; data: unknown; response: Response }
  | { ok: false; failure: AttemptFailure; error: ExtendKitError };

/** Sends requests with timeouts, retries and error mapping. The only code that calls fetch. */
export class Transport {
  readonly #config: TransportConfig;
  readonly #base: string;

  constructor(config: TransportConfig) {
    this.#config = config;
    this.#base = config.baseUrl.replace(/\/+$/, "");
  }

  /** The client's default per-attempt timeout. */
  get timeoutMs(): number {
    return this.#config.timeoutMs;
  }

  /** Performs `req`, retrying per its policy, and resolves to the JSON body (or the picked resource). */
  async request<T>(req: ApiRequest, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const what = `${req.method} ${req.path}`;
    const signal = options.signal;
    if (signal?.aborted) throw abortError(what, signal);
    const maxRetries = Math.max(0, options.maxRetries ?? this.#config.maxRetries);
    const timeoutMs = options.timeoutMs ?? req.timeoutMs ?? this.#config.timeoutMs;
    const url = this.#url(req.path, req.query);
    for (let attempt = 0; ; attempt++) {
      const result = await this.#attempt(req, url, what, timeoutMs, options);
      if (result.ok) return { data: result.data as T, response: result.response };
      const { failure, error } = result;
      if (attempt < maxRetries && shouldRetry(req.policy, failure)) {
        try {
          await sleep(retryDelay(attempt, failure), signal);
        } catch {
          // Only reached after a failure the server certainly did not act on, so nothing was created.
          throw abortError(what, signal);
        }
        continue;
      }
      if (attempt > 0) error.message += ` (after ${attempt + 1} attempts)`;
      if (req.policy === "create" && req.uncertain && mayHaveBeenAccepted(failure)) {
        markUncertain(error, req.uncertain);
      }
      throw error;
    }
  }

  async #attempt(
    req: ApiRequest,
    url: string,
    what: string,
    timeoutMs: number,
    options: RequestOptions,
  ): Promise<AttemptResult> {
    const { apiKey } = this.#config;
    const attempt = new AttemptSignal(timeoutMs, options.signal);
    const init: RequestInit = {
      method: req.method,
      headers: buildHeaders({
        apiKey,
        apiVersion: this.#config.apiVersion,
        clientHeaders: this.#config.headers,
        requestHeaders: options.headers,
        json: req.json !== undefined,
      }),
      signal: attempt.signal,
    };
    if (req.json !== undefined) init.body = JSON.stringify(req.json);
    else if (req.form) init.body = req.form;
    const fetchImpl =
      this.#config.fetch ?? ((input: RequestInfo | URL, i?: RequestInit) => globalThis.fetch(input, i));
    try {
      const exchange = (async () => {
        const response = await fetchImpl(url, init);
        return { response, body: await readBody(response, apiKey) };
      })();
      exchange.catch(() => {});
      const { response, body } = await Promise.race([exchange, attempt.aborted()]);
      const { status, headers } = response;
      if (status >= 200 && status < 300) {
        const data = body.kind === "json" ? body.value : body.kind === "empty" ? {} : undefined;
        const picked = req.pick === undefined ? data : pickObject(data, req.pick);
        if (picked !== undefined) return { ok: true, data: picked, response };
        const text = body.kind === "invalid" ? body.text : body.kind === "json" ? body.text : "";
        const reason =
          body.kind === "invalid"
            ? "a body that is not JSON"
            : `JSON without the expected "${req.pick}" object`;
        return {
          ok: false,
          failure: { kind: "status", status, headers },
          error: new InvalidResponseError(
            `${what} returned ${status} with ${reason}: "${snippet(text)}"`,
            status,
            snippet(text),
            false,
            headers,
          ),
        };
      }
      const failure: AttemptFailure = { kind: "status", status, headers };
      if (body.kind === "invalid") {
        const excerpt = snippet(body.text);
        const error = new InvalidResponseError(
          `${what} failed with ${status} and a body that is not JSON: "${excerpt}"`,
          status,
          excerpt,
          isRetryableStatus(status),
          headers,
        );
        return { ok: false, failure, error };
      }
      const parsed = body.kind === "json" ? body.value : undefined;
      return { ok: false, failure, error: apiErrorFor(status, response.statusText, parsed, headers, what) };
    } catch (thrown) {
      const outcome = attempt.outcome;
      if (outcome === "abort") {
        const error = abortError(what, options.signal);
        if (req.policy === "create" && req.uncertain) markUncertain(error, req.uncertain);
        throw error;
      }
      if (outcome === "timeout") {
        return {
          ok: false,
          failure: { kind: "timeout" },
          error: new TimeoutError(
            `${what} timed out after ${timeoutMs} ms (limit per attempt; pass a larger timeoutMs to wait longer)`,
            timeoutMs,
          ),
        };
      }
      const error = new ConnectionError(
        redact(`${what} could not reach ${this.#origin()}: ${describe(thrown)}`, apiKey),
        { cause: thrown },
      );
      return { ok: false, failure: { kind: "connection" }, error };
    } finally {
      attempt.dispose();
    }
  }

  #url(path: string, query: Query | undefined): string {
    let url = this.#base + path;
    if (query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        if (value !== undefined) params.append(key, String(value));
      }
      const qs = params.toString();
      if (qs) url += `?${qs}`;
    }
    return url;
  }

  #origin(): string {
    try {
      return new URL(this.#base).origin;
    } catch {
      return "the API";
    }
  }
}

function pickObject(data: unknown, key: string): unknown {
  if (typeof data !== "object" || data === null) return undefined;
  const value = (data as Record<string, unknown>)[key];
  return typeof value === "object" && value !== null ? value : undefined;
}

function abortError(what: string, signal: AbortSignal | undefined): AbortError {
  return new AbortError(`${what} was aborted by the caller's signal`, { cause: signal?.reason });
}

function markUncertain(error: ExtendKitError, uncertain: { hint: string; run: boolean }): void {
  if (uncertain.run) error.mayHaveCreatedRun = true;
  error.message += ` ${uncertain.hint}`;
}

/** A short description of a network failure (runtimes put the useful part in different places). */
function describe(thrown: unknown): string {
  const parts: string[] = [];
  let current: unknown = thrown;
  for (let depth = 0; depth < 3 && current; depth++) {
    if (current instanceof Error || (typeof current === "object" && current !== null)) {
      const { message, code } = current as { message?: unknown; code?: unknown };
      if (typeof message === "string" && message) parts.push(message);
      if (typeof code === "string" && !parts.some((part) => part.includes(code))) parts.push(code);
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(": ") || "network error";
}
