/** Generates the id every response carries in `x-request-id` (and every log line in `requestId`). */
export function newRequestId(): string {
  return `req_${crypto.randomUUID().replaceAll("-", "")}`;
}

/** Header name shared by the proxy, its logs and its clients. */
export const REQUEST_ID_HEADER = "x-request-id";
