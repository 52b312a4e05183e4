import { ApiError } from "../errors.js";

/**
 * A 429 in Extend's error body with `Retry-After` in whole seconds (at least 1), rounded up so a
 * client that waits exactly that long finds a token.
 */
export function rateLimitError(message: string, waitMs: number): ApiError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new ApiError(429, "RATE_LIMIT_EXCEEDED", `${message}; retry after ${seconds} s`, {
    "retry-after": String(seconds),
  });
}
