/**
 * A parsed response: the resource and the raw `Response` it came from. Defined here, not by the transport
 * that produces it, so that this module imports nothing.
 */
export interface ApiResponse<T> {
  data: T;
  response: Response;
}

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
