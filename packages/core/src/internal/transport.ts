import { type APIPromise, type ApiResponse, apiPromise } from "../api-promise.ts";
import { AbortError, type APIError, ConnectionError, InvalidResponseError, TimeoutError } from "../errors.ts";
import type { RequestOptions } from "../types/common.ts";
import { writeOutcome } from "../write-outcome.ts";
import { apiErrorFor } from "./api-error.ts";
import { field, parseBody, redact, snippet } from "./body.ts";
import { failedBeforeSending } from "./connect-failure.ts";
import { buildHeaders } from "./headers.ts";
import { isRetryableStatus, type RetryPolicy, retryDelay, shouldRetry } from "./retry.ts";
import { attemptSignal, sleep } from "./timeout.ts";

/** Settings the client hands to its transport. */
export interface TransportConfig {
  apiKey: string;
  baseUrl: string;
  apiVersion: string;
  fetch?: typeof fetch | undefined;
  timeoutMs: number;
  maxRetries: number;
  headers?: Record<string, string> | undefined;
}

/** Query values; `undefined` entries are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** One logical API call (possibly several attempts). */
export interface ApiRequest {
  /** Default GET. */
  method?: "GET" | "POST" | "DELETE";
  path: string;
  query?: Query;
  /** JSON body. */
  json?: unknown;
  /** Multipart body. */
  form?: FormData;
  /** Default `idempotent`. */
  policy?: RetryPolicy;
  /** Envelope key holding the resource, e.g. `processorRun`; it must be an object. */
  pick?: string;
  /** Lower bound of the default per-attempt timeout (sync creates outwait the server's 5-minute limit). */
  minTimeoutMs?: number;
  /** For creates: appended to the error when the outcome is uncertain; `run` sets `mayHaveCreatedRun`. */
  uncertain?: { hint: string; run: boolean };
}

/** The errors a request can end with. */
type Failure = APIError | ConnectionError | TimeoutError | AbortError | InvalidResponseError;

/** A parsed success, or why the attempt failed. */
type AttemptResult = ApiResponse<unknown> | Failure;

/** Sends requests with timeouts, retries and error mapping. The only code that calls fetch. */
export class Transport {
  readonly #config: TransportConfig;
  readonly #base: string;

  constructor(config: TransportConfig) {
    this.#config = config;
    this.#base = config.baseUrl.replace(/\/+$/, "");
  }

  /**
   * Starts a call and returns it as an {@link APIPromise}. `build` runs first, so a `UsageError` it throws
   * rejects the promise before any request is sent; `map` turns the body into the result.
   */
  call<T>(
    build: () => ApiRequest,
    options?: RequestOptions,
    map?: (data: Record<string, unknown>) => T,
  ): APIPromise<T> {
    let started: Promise<ApiResponse<T>>;
    try {
      started = this.request<T>(build(), options);
    } catch (error) {
      started = Promise.reject(error);
    }
    return apiPromise<T>(
      map
        ? started.then(({ data, response }) => ({ data: map(data as Record<string, unknown>), response }))
        : started,
    );
  }

  /** Performs `req`, retrying per its policy, and resolves to the JSON body (or the picked resource). */
  async request<T>(req: ApiRequest, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const { signal } = options;
    if (signal?.aborted) throw abortError(req, signal);
    const maxRetries = options.maxRetries ?? this.#config.maxRetries;
    const timeoutMs = options.timeoutMs ?? Math.max(this.#config.timeoutMs, req.minTimeoutMs ?? 0);
    const policy = req.policy ?? "idempotent";
    // One key per logical create, the same on every attempt: a retry after a 429/503 that arrived once the
    // server had already accepted the request then cannot create a duplicate where the key is honoured.
    const idempotencyKey = policy === "create" ? crypto.randomUUID() : undefined;
    let url = this.#base + req.path;
    if (req.query) {
      const defined = Object.entries(req.query).filter(([, value]) => value !== undefined);
      const search = new URLSearchParams(defined as [string, string][]).toString();
      if (search) url += `?${search}`;
    }
    for (let attempt = 0; ; attempt++) {
      const error = await this.#attempt(req, url, timeoutMs, options, idempotencyKey);
      if (!(error instanceof Error)) return error as ApiResponse<T>;
      if (attempt < maxRetries && shouldRetry(policy, error)) {
        try {
          await sleep(retryDelay(attempt, error), signal);
        } catch {
          // No request is in flight during the pause; for a create, every earlier attempt was certainly
          // not acted on (else it would not have been repeated).
          throw abortError(req, signal);
        }
        continue;
      }
      if (attempt > 0) error.message += ` (after ${attempt + 1} attempts)`;
      throw markUncertain(error, req);
    }
  }

  async #attempt(
    req: ApiRequest,
    url: string,
    timeoutMs: number,
    options: RequestOptions,
    idempotencyKey: string | undefined,
  ): Promise<AttemptResult> {
    const { apiKey } = this.#config;
    const attempt = attemptSignal(timeoutMs, options.signal);
    const init: RequestInit = {
      method: req.method ?? "GET",
      headers: buildHeaders(this.#config, options.headers, req.json !== undefined, idempotencyKey),
      signal: attempt.signal,
    };
    if (req.json !== undefined) init.body = JSON.stringify(req.json);
    else if (req.form) init.body = req.form;
    const custom = this.#config.fetch;
    try {
      // The platform fetch stops at once when its signal aborts, body reads included. A custom fetch might
      // ignore the signal, so it is raced against the abort to keep timeouts and cancellation prompt regardless.
      let response: Response;
      let text: string;
      if (custom) {
        const exchange = custom(url, init).then(async (response) => ({
          response,
          text: await response.text(),
        }));
        exchange.catch(() => {});
        ({ response, text } = await Promise.race([exchange, attempt.aborted()]));
      } else {
        response = await fetch(url, init);
        text = await response.text();
      }
      return interpret(req, response, text, apiKey);
    } catch (thrown) {
      const outcome = attempt.outcome();
      if (outcome === "abort") throw markUncertain(abortError(req, options.signal, false), req);
      if (outcome === "timeout") {
        return new TimeoutError(`${callName(req)} timed out after ${timeoutMs} ms`, { timeoutMs });
      }
      const message = redact(`${callName(req)} failed to connect: ${describe(thrown)}`, apiKey);
      return new ConnectionError(message, { nothingSent: failedBeforeSending(thrown) }, { cause: thrown });
    } finally {
      attempt.dispose();
    }
  }
}

/**
 * The resource of a usable answer, or the error that an unusable one (error status, garbled body) becomes.
 * `secret` is blanked out of anything that can end up in an error, so a server echoing the key can never
 * leak it; a usable answer is the caller's own data and is passed on as it came.
 */
function interpret(req: ApiRequest, response: Response, text: string, secret: string): AttemptResult {
  const { status, headers } = response;
  const ok = status >= 200 && status < 300;
  const body = parseBody(ok ? text : redact(text, secret));
  const empty = !body.json && !body.text.trim();
  const data = body.json ? body.value : empty && ok ? {} : undefined;
  if (ok) {
    const picked = req.pick && data !== undefined ? field(data, req.pick, "object") : data;
    if (picked !== undefined) return { data: picked, response };
  }
  const what = callName(req);
  if (ok || !(body.json || empty)) {
    const excerpt = snippet(redact(body.text, secret));
    const problem = body.json || empty ? `without "${req.pick}"` : "not JSON";
    return new InvalidResponseError(`${what} got ${status} with a body ${problem}: "${excerpt}"`, {
      status,
      snippet: excerpt,
      retryable: ok || isRetryableStatus(status),
      headers,
    });
  }
  return apiErrorFor(status, response.statusText, data, headers, what);
}

/** How errors name a call: `GET /processor_runs/dpr_1`. */
function callName(req: ApiRequest): string {
  return `${req.method ?? "GET"} ${req.path}`;
}

/** `nothingSent`: no request of this call was in flight when the signal fired. */
function abortError(req: ApiRequest, signal: AbortSignal | undefined, nothingSent = true): AbortError {
  return new AbortError(
    `${callName(req)} was aborted by the caller`,
    { nothingSent },
    { cause: signal?.reason },
  );
}

/** For a create that may have been carried out: flags the error and says how to find what it created. */
function markUncertain(error: Failure, req: ApiRequest): Failure {
  if (req.uncertain && writeOutcome(error) === "uncertain") {
    error.mayHaveCreatedRun = req.uncertain.run;
    error.message += ` ${req.uncertain.hint}`;
  }
  return error;
}

/** The failure's message and its cause's (where Node puts the detail, e.g. ECONNREFUSED). */
function describe(thrown: unknown): string {
  const { message, cause } = (thrown ?? {}) as { message?: unknown; cause?: { message?: unknown } };
  return cause?.message ? `${message}: ${cause.message}` : String(message ?? thrown);
}
