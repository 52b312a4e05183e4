import type { ApiResponse } from "./internal/transport.js";

/**
 * The result of every client method: a real Promise of the resource that also offers `withResponse()`
 * for callers who need the HTTP response (status, headers). The request starts when the method is called.
 */
export interface APIPromise<T> extends Promise<T> {
  /** Resolves to the parsed resource together with the raw `Response`. */
  withResponse(): Promise<{ data: T; response: Response }>;
}

/** Wraps a transport call into an {@link APIPromise}. */
export function apiPromise<T>(response: Promise<ApiResponse<T>>): APIPromise<T> {
  const data = response.then((r) => r.data) as APIPromise<T>;
  data.withResponse = () => {
    // The caller handles `response`; the data promise must not report the same failure as unhandled.
    data.catch(() => {});
    return response;
  };
  return data;
}
