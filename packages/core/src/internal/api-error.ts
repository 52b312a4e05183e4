import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../errors.ts";
import { field } from "./body.ts";
import { isRetryableStatus } from "./retry.ts";

const BY_STATUS: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: PaymentRequiredError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/**
 * Builds the error for an error status from either documented body shape: legacy
 * `{ success: false, error }` or structured `{ code, message, retryable, requestId }`.
 */
export function apiErrorFor(
  status: number,
  statusText: string,
  body: unknown,
  headers: Headers,
  what: string,
): APIError {
  const detail = field(body, "message") ?? field(body, "error") ?? statusText;
  const code = field(body, "code");
  const requestId = field(body, "requestId") ?? headers.get("x-request-id") ?? undefined;
  const flag = (body as { retryable?: unknown } | null | undefined)?.retryable;
  const retryable = typeof flag === "boolean" ? flag : isRetryableStatus(status);
  const Class = BY_STATUS[status] ?? (status >= 500 ? InternalServerError : APIError);
  return new Class(`${what} failed with ${status}: ${detail}${code ? ` (${code})` : ""}`, {
    status,
    code,
    requestId,
    retryable,
    body,
    headers,
  });
}
