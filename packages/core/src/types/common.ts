/**
 * Shared building blocks of the Extend API types (API version 2025-04-21).
 *
 * Enum-like types are "open": they list the documented values for autocompletion but also accept any
 * other string, so a value the server adds later never breaks a caller's types.
 */

/** A string union that still accepts unknown strings (keeps autocompletion of the known values). */
export type OpenString<Known extends string> = Known | (string & {});

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** The processor types whose configs and outputs are documented. */
export type KnownProcessorType = "EXTRACT" | "CLASSIFY" | "SPLITTER";

/** Processor type (`EXTRACT`, `CLASSIFY`, `SPLITTER`, or a type added later). */
export type ProcessorType = OpenString<KnownProcessorType>;

/** Where a run or batch run came from. The list filter documents these; summaries may show others (e.g. `EVAL_SET`). */
export type RunSource = OpenString<
  | "ADMIN"
  | "BATCH_PROCESSOR_RUN"
  | "PLAYGROUND"
  | "WORKFLOW_CONFIGURATION"
  | "WORKFLOW_RUN"
  | "STUDIO"
  | "API"
  | "EVAL_SET"
>;

/** Sort direction of list endpoints. */
export type SortDirection = "asc" | "desc";

/** Credits consumed (absent for objects processed before 2025-10-07 or on legacy billing). */
export interface Usage {
  credits: number;
  [key: string]: unknown;
}

/** An output that has not been produced yet: the API sends `{}` while a run is processing. */
export type EmptyOutput = Record<string, never>;

/** A page range (1-based, inclusive) used by several configs. */
export interface PageRange {
  start?: number;
  end?: number;
}

/** Options every method accepts as its last argument; they override the client's for this call. */
export interface RequestOptions {
  /** Cancels the call at once: the request in flight and any backoff sleep. */
  signal?: AbortSignal;
  /** Limit per attempt, in milliseconds. */
  timeoutMs?: number;
  /** Retries after the first attempt (only where retrying is safe). */
  maxRetries?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
}
