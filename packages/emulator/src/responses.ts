import type { ErrorCode } from "./errors.js";
import { randomId } from "./ids.js";

/** A fresh request id (`req_…`), echoed as `x-request-id` and in error bodies. */
export function newRequestId(): string {
  return randomId("req_", 16);
}

const RETRYABLE = new Set([429, 500, 502, 503]);

/** Renders an error in both documented shapes at once: `{success,error}` and `{code,message,retryable,requestId}`. */
export function errorResponse(
  status: number,
  code: ErrorCode,
  message: string,
  requestId: string,
  headers: Record<string, string> = {},
): Response {
  const body = { success: false, error: message, code, message, retryable: RETRYABLE.has(status), requestId };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "x-request-id": requestId, ...headers },
  });
}

/** A JSON success response. */
export function jsonResponse(body: unknown, requestId: string, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "x-request-id": requestId },
  });
}
