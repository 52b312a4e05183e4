import type { ProcessorRun } from "./types/processor-run.ts";

/**
 * Root of every error this package throws. Subclasses take their own typed fields, so a misspelt field
 * (`new TimeoutError("x", { timeotMs: 1 })`) does not compile.
 */
export class ExtendKitError extends Error {
  override name = "ExtendKitError";

  /** Plain-object form for logs (never includes headers or the API key). */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message, headers: undefined };
  }
}

/**
 * Base of the errors a request ends with: `APIError` (and its per-status subclasses), `ConnectionError`,
 * `TimeoutError`, `AbortError` and `InvalidResponseError`. `Fields` types each subclass's constructor. For
 * whether a failed write may have been carried out, use `writeOutcome(error)`.
 */
export abstract class RequestError<Fields extends object> extends ExtendKitError {
  /**
   * True when `processorRuns.create` failed after the server may already have accepted the request
   * (timeout, dropped connection, a garbled 2xx, a 408 or a 5xx other than 503 with Retry-After). The run may
   * exist: look for it with `processorRuns.list({ processorId })` or by the metadata you sent before creating
   * another. Always false for other calls.
   */
  mayHaveCreatedRun = false;

  /**
   * @param fields The subclass's own properties (e.g. `status`), copied onto the error.
   * @param options Standard error options (`cause`).
   */
  constructor(message: string, fields: Fields, options?: ErrorOptions) {
    super(message, options);
    Object.assign(this, fields);
  }
}

/** Fields of an {@link APIError}. */
export interface APIErrorFields {
  status: number;
  code: string | undefined;
  requestId: string | undefined;
  retryable: boolean;
  body: unknown;
  headers: Headers;
}

/** The server answered with an error status (4xx/5xx) and a JSON (or empty) body. */
export class APIError extends RequestError<APIErrorFields> {
  override name = "APIError";
  /** HTTP status. */
  declare readonly status: number;
  /** Machine-readable code from the body, e.g. `FILE_SIZE_TOO_LARGE`, if the server sent one. */
  declare readonly code: string | undefined;
  /** Request id from the body or the `x-request-id` header, for support tickets. */
  declare readonly requestId: string | undefined;
  /** The body's `retryable`, else true for 408, 429 and 5xx. */
  declare readonly retryable: boolean;
  /** The parsed body (either documented error shape, or anything else the server sent). */
  declare readonly body: unknown;
  /** Response headers. */
  declare readonly headers: Headers;
}

/** 400: the request was invalid; `code` names file problems such as `FILE_TYPE_NOT_SUPPORTED`. */
export class BadRequestError extends APIError {
  override name = "BadRequestError";
}
/** 401: the API key (or proxy token) is missing or wrong. */
export class AuthenticationError extends APIError {
  override name = "AuthenticationError";
}
/** 402: the account is out of credits or blocked. */
export class PaymentRequiredError extends APIError {
  override name = "PaymentRequiredError";
}
/** 403: the key may not do this. */
export class PermissionDeniedError extends APIError {
  override name = "PermissionDeniedError";
}
/** 404: no such run, file, processor or batch run. */
export class NotFoundError extends APIError {
  override name = "NotFoundError";
}
/** 409: conflicts with the current state. */
export class ConflictError extends APIError {
  override name = "ConflictError";
}
/** 422: well-formed but not processable. */
export class UnprocessableEntityError extends APIError {
  override name = "UnprocessableEntityError";
}
/** 429: rate limited (retried automatically; thrown once retries are used up). */
export class RateLimitError extends APIError {
  override name = "RateLimitError";
}
/** 5xx: the server failed. */
export class InternalServerError extends APIError {
  override name = "InternalServerError";
}

/**
 * The request never got an HTTP response (DNS, refused or dropped connection, TLS, CORS). `cause` has the
 * detail.
 */
export class ConnectionError extends RequestError<{ nothingSent: boolean }> {
  override name = "ConnectionError";
  /** Always true: trying again later may work. */
  readonly retryable = true;
  /**
   * True when the connection could not be opened (refused, host not found, unreachable, a blocked port), so
   * the request certainly never reached the server. False when it may have: the connection dropped, or the
   * runtime does not say why (browsers and Workers never do).
   */
  declare readonly nothingSent: boolean;
}

/** An attempt took longer than its `timeoutMs`. */
export class TimeoutError extends RequestError<{ timeoutMs: number }> {
  override name = "TimeoutError";
  /** Always true: trying again (perhaps with a larger timeout) may work. */
  readonly retryable = true;
  /** The limit that was exceeded. */
  declare readonly timeoutMs: number;
}

/** The caller's `AbortSignal` fired. `cause` is the signal's reason. */
export class AbortError extends RequestError<{ nothingSent: boolean }> {
  override name = "AbortError";
  /**
   * True when no request was in flight when the signal fired (before the first attempt, or during the pause
   * before a retry), so the aborted attempt never reached the server.
   */
  declare readonly nothingSent: boolean;
}

/** Fields of an {@link InvalidResponseError}. */
export interface InvalidResponseFields {
  status: number;
  snippet: string;
  retryable: boolean;
  headers: Headers;
}

/** The server answered with a body that is not JSON (an HTML 502 from a proxy, a 200 with text). */
export class InvalidResponseError extends RequestError<InvalidResponseFields> {
  override name = "InvalidResponseError";
  /** HTTP status of the response. */
  declare readonly status: number;
  /** The first 200 characters of the body. */
  declare readonly snippet: string;
  /** True for a 2xx (a garbled answer; reads are retried automatically), 408, 429 and 5xx. */
  declare readonly retryable: boolean;
  /** Response headers. */
  declare readonly headers: Headers;
}

/** The client was used wrongly; thrown before any request is sent. The message says what to pass. */
export class UsageError extends ExtendKitError {
  override name = "UsageError";
}

/** `processorRuns.wait` gave up before the run reached a terminal status. */
export class WaitTimeoutError extends ExtendKitError {
  override name = "WaitTimeoutError";
  /** The last run seen (undefined if no poll succeeded). */
  declare readonly run: ProcessorRun | undefined;
  /** The wait's limit. */
  declare readonly timeoutMs: number;

  /** @param options `cause`: the last poll's transient failure, if the final poll failed. */
  constructor(
    message: string,
    fields: { run: ProcessorRun | undefined; timeoutMs: number },
    options?: ErrorOptions,
  ) {
    super(message, options);
    Object.assign(this, fields);
  }
}

/** Why a webhook was rejected. */
export type WebhookVerificationReason =
  | "missing_header"
  | "invalid_timestamp"
  | "timestamp_too_old"
  | "timestamp_in_future"
  | "invalid_signature"
  | "invalid_body";

/** A webhook delivery failed verification; `reason` says why. */
export class WebhookVerificationError extends ExtendKitError {
  override name = "WebhookVerificationError";
  /** Machine-readable reason. */
  declare readonly reason: WebhookVerificationReason;

  constructor(message: string, fields: { reason: WebhookVerificationReason }, options?: ErrorOptions) {
    super(message, options);
    Object.assign(this, fields);
  }
}
