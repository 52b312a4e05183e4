/**
 * The part of `ExtendClient` the engine uses. Declared structurally so tests can hand the engine a
 * fake for edge cases the emulator cannot produce on demand; the real client satisfies it as is.
 */
import type {
  CreateProcessorRunParams,
  ExtendFile,
  ListFilesParams,
  ListProcessorRunsParams,
  ProcessorRun,
  ProcessorRunSummary,
  Uploadable,
} from "@extendkit/core";

/** Per-call options the engine passes. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
}

/** Options of `processorRuns.wait`. */
export interface WaitCallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
}

/** The create parameters the engine sends: always by file id, with the file's name. */
export type CreateRunParams = CreateProcessorRunParams & { file: { fileId: string; fileName: string } };

/** What the engine needs from the Extend client. */
export interface EngineClient {
  files: {
    /** Takes a lazy Blob (`fs.openAsBlob`) so the bytes stream from disk. */
    upload(data: Uploadable, params: { fileName: string }, options?: CallOptions): PromiseLike<ExtendFile>;
    /** One page; used to find an upload whose reply was lost. */
    list(params: ListFilesParams, options?: CallOptions): PromiseLike<{ data: ExtendFile[] }>;
  };
  processorRuns: {
    create(params: CreateRunParams, options?: CallOptions): PromiseLike<ProcessorRun>;
    wait(id: string, options?: WaitCallOptions): PromiseLike<ProcessorRun>;
    cancel(id: string, options?: CallOptions): PromiseLike<ProcessorRun>;
    get(id: string, options?: CallOptions): PromiseLike<ProcessorRun>;
    /**
     * One page; used to learn many runs' states at once (list-poller.ts), to find a run whose create reply
     * was lost, and for the dry run's key check.
     */
    list(
      params: ListProcessorRunsParams,
      options?: CallOptions,
    ): PromiseLike<{ data: ProcessorRunSummary[]; nextPageToken?: string | null }>;
  };
}
