import { UsageError } from "./errors.ts";
import { Transport } from "./internal/transport.ts";
import { BatchProcessorRuns } from "./resources/batch-processor-runs.ts";
import { Files } from "./resources/files.ts";
import { ProcessorRuns } from "./resources/processor-runs.ts";

/** Production API host. */
export const DEFAULT_BASE_URL = "https://api.extend.ai";
/** The API version this client speaks and sends as `x-extend-api-version`. */
export const DEFAULT_API_VERSION = "2025-04-21";
/** Default per-attempt timeout. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Default retries after the first attempt (where retrying is safe). */
export const DEFAULT_MAX_RETRIES = 2;

/** Options of {@link ExtendClient}. */
export interface ClientOptions {
  /** Bearer token: an Extend API key, or a client token / JWT of an extendkit proxy. Required. */
  apiKey: string;
  /** Default `https://api.extend.ai`; point it at a proxy or the emulator. */
  baseUrl?: string;
  /** Default `2025-04-21`; sent as `x-extend-api-version` on every request. */
  apiVersion?: string;
  /** Fetch implementation; default `globalThis.fetch`, looked up at call time. */
  fetch?: typeof fetch;
  /** Per-attempt timeout in ms (default 60 000; `sync: true` creates wait at least 330 000). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 2). */
  maxRetries?: number;
  /** Headers added to every request. */
  headers?: Record<string, string>;
}

/**
 * Client for the Extend API (2025-04-21). Uses only Web-standard APIs, so the same code runs on Node,
 * Deno, Bun, Cloudflare Workers and browsers.
 *
 * @example
 * const client = new ExtendClient({ apiKey: env.EXTEND_API_KEY });
 * const run = await client.processorRuns.createAndWait({ processorId: "dp_...", rawText: "..." });
 */
export class ExtendClient {
  /** Processor runs: create, get, list, cancel, delete, wait. */
  readonly processorRuns: ProcessorRuns;
  /** Batch processor runs: get. */
  readonly batchProcessorRuns: BatchProcessorRuns;
  /** Files: upload, get, list, delete. */
  readonly files: Files;

  constructor(options: ClientOptions) {
    const {
      apiKey,
      baseUrl = DEFAULT_BASE_URL,
      timeoutMs = DEFAULT_TIMEOUT_MS,
      maxRetries = DEFAULT_MAX_RETRIES,
      apiVersion = DEFAULT_API_VERSION,
    } = options ?? {};
    if (typeof apiKey !== "string" || apiKey.trim() === "") {
      throw new UsageError("Pass apiKey: your Extend API key or extendkit proxy token.");
    }
    if (!/^https?:\/\/[^/]/i.test(baseUrl)) {
      throw new UsageError(`baseUrl must be an http(s) URL, e.g. "${DEFAULT_BASE_URL}".`);
    }
    // The options as given (apiKey, fetch, headers), with the defaults filled in.
    const transport = new Transport({ ...options, baseUrl, apiVersion, timeoutMs, maxRetries });
    this.processorRuns = new ProcessorRuns(transport);
    this.batchProcessorRuns = new BatchProcessorRuns(transport);
    this.files = new Files(transport);
  }
}
