import type { ApiResponse } from "./internal/transport.js";

/**
 * The result of every client method: a Promise of the resource that also offers `withResponse()` for
 * callers who need the HTTP response (status, headers). The request starts when the method is called.
 */
export class APIPromise<T> extends Promise<T> {
  // Promise subclasses must not be used as the species of then(): derived promises are plain Promises.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  readonly #response: Promise<ApiResponse<T>>;
  #data: Promise<T> | undefined;

  /** @internal Wraps a transport call. */
  constructor(response: Promise<ApiResponse<T>>) {
    // The base promise is never used; all consumers go through #response.
    super((resolve) => resolve(undefined as T));
    this.#response = response;
  }

  /** Resolves to the parsed resource together with the raw `Response`. */
  withResponse(): Promise<{ data: T; response: Response }> {
    return this.#response;
  }

  #parsed(): Promise<T> {
    this.#data ??= this.#response.then((r) => r.data);
    return this.#data;
  }

  // biome-ignore lint/suspicious/noThenProperty: an APIPromise is a Promise; then() is the point.
  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#parsed().then(onfulfilled, onrejected);
  }

  override catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#parsed().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#parsed().finally(onfinally);
  }
}
