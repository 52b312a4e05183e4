import type {
  EmptyOutput,
  JsonValue,
  KnownProcessorType,
  OpenString,
  ProcessorType,
  RunSource,
  SortDirection,
  Usage,
} from "./common.ts";
import type { ConfigByType, ProcessorConfig } from "./config.ts";
import type { ExtendFile } from "./file.ts";
import type { OutputByType } from "./output.ts";

/** The documented run statuses. */
export type KnownProcessorRunStatus = "PENDING" | "PROCESSING" | "PROCESSED" | "FAILED" | "CANCELLED";

/** Run status (documented values, or one added later). */
export type ProcessorRunStatus = OpenString<KnownProcessorRunStatus>;

/** The statuses after which a run never changes again. */
export type TerminalProcessorRunStatus = "PROCESSED" | "FAILED" | "CANCELLED";

/** A human edit of one field. */
export interface ProcessorRunEdit {
  originalValue?: unknown;
  editedValue?: unknown;
  notes?: string;
  page?: number;
  fieldType?: string;
  [key: string]: unknown;
}

/** A processor merged into this run by a workflow MergeExtraction step. */
export interface MergedProcessor {
  processorId: string;
  processorVersionId: string;
  processorName: string;
  [key: string]: unknown;
}

/** Run metadata: any JSON, plus the reserved `extend:usage_tags`. */
export interface ProcessorRunMetadata {
  /** Billing/usage tags; characters outside `[A-Za-z0-9_-]` are stripped by the server. */
  "extend:usage_tags"?: string[];
  [key: string]: JsonValue | undefined;
}

/** Fields every processor run has, whatever its type. */
export interface ProcessorRunBase {
  object: "document_processor_run";
  id: string;
  processorId: string;
  processorVersionId: string;
  processorName: string;
  status: ProcessorRunStatus;
  /** Set when `status` is `FAILED`. */
  failureReason?: string | null;
  failureMessage?: string | null;
  metadata?: ProcessorRunMetadata;
  reviewed: boolean;
  edited: boolean;
  edits: Record<string, ProcessorRunEdit>;
  files: ExtendFile[];
  mergedProcessors: MergedProcessor[];
  /** Dashboard link. */
  url: string;
  /** Processing credits (file parsing credits are on the file). */
  usage?: Usage;
  [key: string]: unknown;
}

/** A processor run of a known type: `output` and `config` are typed by `type` (`{}` while processing). */
export interface TypedProcessorRun<T extends KnownProcessorType> extends ProcessorRunBase {
  type: T;
  config: ConfigByType[T];
  /** Reviewed output if any, else the initial output; `{}` until the run is processed. */
  output: OutputByType[T] | EmptyOutput;
  initialOutput?: OutputByType[T] | EmptyOutput;
  reviewedOutput?: OutputByType[T] | EmptyOutput;
}

/**
 * A processor run (`dpr_...`). Without a type argument it is the union over the documented types, so
 * `if (run.type === "EXTRACT")` narrows `run.output` to `ExtractOutput | {}`.
 */
export type ProcessorRun<T extends KnownProcessorType = KnownProcessorType> = T extends KnownProcessorType
  ? TypedProcessorRun<T>
  : never;

/** A list item: an abbreviated run (union of the documented and SDK fields; use `get` for the full run). */
export interface ProcessorRunSummary {
  id: string;
  status: ProcessorRunStatus;
  processorId: string;
  processorName: string;
  processorVersionId: string;
  type?: ProcessorType;
  processorType?: ProcessorType;
  /** Null for `rawText` runs. */
  fileName?: string | null;
  source?: RunSource | null;
  sourceId?: string | null;
  createdAt: string;
  updatedAt: string;
  usage?: Usage;
  [key: string]: unknown;
}

/** The file to process: an uploaded file (`fileId`) or a URL Extend downloads (`fileUrl`). */
export interface ProcessorRunFileInput {
  fileId?: string;
  fileUrl?: string;
  /** Recommended; inferred from the URL when absent. */
  fileName?: string;
}

/** Parameters of `processorRuns.create`: exactly one of `file` and `rawText`. */
export interface CreateProcessorRunParams {
  processorId: string;
  /** `"latest"` (default), `"draft"` or a published version such as `"1.0"`. */
  version?: string;
  file?: ProcessorRunFileInput;
  rawText?: string;
  /** Wait for the result in the request (the server gives up after 5 minutes and keeps processing). */
  sync?: boolean;
  /** 1–100, lower runs first when rate limited; the API defaults to 50. */
  priority?: number;
  metadata?: ProcessorRunMetadata;
  /** Overrides the version's config; its `type` must match the processor's type. */
  config?: ProcessorConfig;
}

/** Filters of `processorRuns.list`. */
export interface ListProcessorRunsParams {
  status?: ProcessorRunStatus;
  processorId?: string;
  processorType?: ProcessorType;
  sourceId?: string;
  source?: RunSource;
  fileNameContains?: string;
  sortBy?: OpenString<"updatedAt" | "createdAt">;
  sortDir?: SortDirection;
  /** 1–1000; the API defaults to 10. */
  maxPageSize?: number;
  nextPageToken?: string;
}

/** Result of `processorRuns.delete`. */
export interface DeleteProcessorRunResult {
  id: string;
  message: string;
}

/** Options of `processorRuns.wait` and `createAndWait`. */
export interface WaitOptions<R = ProcessorRun> {
  /** Give up after this long (default 15 minutes) with a `WaitTimeoutError`. */
  timeoutMs?: number;
  /** Stops the wait (and any request in flight) at once with an `AbortError`. */
  signal?: AbortSignal;
  /** Called with the run after every poll. */
  onUpdate?: (run: R) => void;
  /** First interval between polls (default 1000 ms); grows ×1.5 up to `maxPollIntervalMs`. */
  pollIntervalMs?: number;
  /** Longest interval between polls (default 10 000 ms). */
  maxPollIntervalMs?: number;
}
