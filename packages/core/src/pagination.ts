import { type APIPromise, type ApiResponse, apiPromise } from "./api-promise.ts";
import { InvalidResponseError, UsageError } from "./errors.ts";
import { snippet } from "./internal/body.ts";
import type { Query, Transport } from "./internal/transport.ts";
import { validatePageSize } from "./internal/validate.ts";
import type { RequestOptions } from "./types/common.ts";

/** Fetches the page that starts at `nextPageToken` (undefined: the first page). */
export type PageFetcher<T> = (nextPageToken: string | undefined) => Promise<ApiResponse<Page<T>>>;

/**
 * One page of a list. `for await (const item of page)` walks this page and every later one,
 * fetching each next page only when the previous one is used up.
 */
export class Page<T> implements AsyncIterable<T> {
  /** Items of this page. */
  readonly data: T[];
  /** Cursor of the next page; null on the last page. */
  readonly nextPageToken: string | null;
  readonly #fetchPage: PageFetcher<T>;

  /** @internal */
  constructor(data: T[], nextPageToken: unknown, fetchPage: PageFetcher<T>) {
    this.data = data;
    this.nextPageToken = typeof nextPageToken === "string" && nextPageToken !== "" ? nextPageToken : null;
    this.#fetchPage = fetchPage;
  }

  /** Whether another page follows. */
  hasNextPage(): boolean {
    return this.nextPageToken !== null;
  }

  /** Fetches the next page; throws a `UsageError` on the last page (check `hasNextPage()` first). */
  getNextPage(): PagePromise<T> {
    if (this.nextPageToken === null) {
      throw new UsageError("No next page: check hasNextPage() first.");
    }
    return pagePromise(this.#fetchPage, this.nextPageToken);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let page: Page<T> = this;
    for (;;) {
      yield* page.data;
      if (!page.hasNextPage()) return;
      page = await page.getNextPage();
    }
  }
}

/**
 * What `list()` returns: await it for the first {@link Page}, or iterate it with `for await` to get
 * every item across all pages (pages are fetched lazily, one at a time).
 */
export interface PagePromise<T> extends APIPromise<Page<T>>, AsyncIterable<T> {}

/** Starts fetching the page at `nextPageToken` and returns it as a {@link PagePromise}. */
export function pagePromise<T>(fetchPage: PageFetcher<T>, nextPageToken?: string): PagePromise<T> {
  const promise = apiPromise(fetchPage(nextPageToken)) as PagePromise<T>;
  promise[Symbol.asyncIterator] = async function* () {
    yield* await promise;
  };
  return promise;
}

/** Builds a page from a list envelope such as `{ processorRuns: [...], nextPageToken }`. */
export function pageFrom<T>(
  { data, response }: ApiResponse<unknown>,
  key: string,
  fetchPage: PageFetcher<T>,
): ApiResponse<Page<T>> {
  // A primitive or null has no such fields (optional chaining reads a primitive's property as undefined).
  const envelope = data as Record<string, unknown> | null | undefined;
  const items = envelope?.[key];
  if (!Array.isArray(items)) {
    const text = snippet(JSON.stringify(data) ?? "");
    throw new InvalidResponseError(`List response ${response.status} has no "${key}" array: "${text}"`, {
      status: response.status,
      snippet: text,
      retryable: false,
      headers: response.headers,
    });
  }
  return { data: new Page<T>(items as T[], envelope?.["nextPageToken"], fetchPage), response };
}

/** What every list call accepts besides its filters. */
interface ListParams {
  maxPageSize?: number;
  nextPageToken?: string;
}

/**
 * `GET path` as a lazily paged list whose items are the envelope's `key` array. `maxPageSize` is checked
 * when a page is requested, so a bad value rejects the promise rather than throwing from `list()`.
 */
export function listPages<T>(
  transport: Transport,
  path: string,
  key: string,
  params: ListParams,
  options: RequestOptions | undefined,
): PagePromise<T> {
  const fetchPage: PageFetcher<T> = async (token) => {
    validatePageSize(params.maxPageSize);
    const query = { ...params, nextPageToken: token ?? params.nextPageToken } as Query;
    return pageFrom(await transport.request({ path, query }, options), key, fetchPage);
  };
  return pagePromise(fetchPage);
}
