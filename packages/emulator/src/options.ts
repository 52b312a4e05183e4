import type { RecordOptions, ReplayOptions } from "./cassette/setup.js";
import type { LimitsOption } from "./limits/plans.js";

/** Processor types the 2025-04-21 API knows. */
export type ProcessorType = "EXTRACT" | "CLASSIFY" | "SPLITTER";

/** A processor to register with the emulator (in addition to the three defaults). */
export interface ProcessorDefinition {
  /** Processor id; generated (`dp_…`) when absent. */
  id?: string;
  name: string;
  type: ProcessorType;
  /** Config of the published version `1.0`. */
  config: Record<string, unknown>;
  /** Config of the draft version; defaults to `config`. */
  draftConfig?: Record<string, unknown>;
}

/** A fault to inject into matching API requests (never `/_emulator/*`). */
export interface FaultRule {
  /** HTTP method to match, e.g. "POST"; default any. */
  method?: string;
  /** Exact path or one with `*` wildcard segments, e.g. "/processor_runs/*"; default any. */
  path?: string;
  /** Respond with this error status instead of handling. */
  status?: 429 | 500 | 502 | 503;
  /** Retry-After header value in seconds (429/503). */
  retryAfterSeconds?: number;
  /** Added latency in real milliseconds; the request is then handled normally unless another effect applies. */
  delayMs?: number;
  /** Drop the connection (server: socket destroyed; in process: fetch rejects with a TypeError). */
  drop?: boolean;
  /** Respond 200 with a truncated, non-JSON body without handling the request. */
  malformed?: boolean;
  /** With status/drop/malformed: handle the request first, then fail the response. */
  afterHandling?: boolean;
  /** Apply to the next N matching requests only. */
  count?: number;
  /** Apply with this probability (0..1), drawn from the emulator's seeded PRNG. */
  probability?: number;
}

/** Latency profile name or an explicit uniform range for the processing time of one run. */
export type LatencyOption = "instant" | "fast" | "realistic" | { minMs: number; maxMs: number };

/** Options of {@link createEmulator}. */
export interface EmulatorOptions {
  /** Accepted bearer tokens; default `["sk_test_emulator"]`. */
  apiKeys?: string[];
  /** Seed of the PRNG used for timings and probabilistic faults; default 1. */
  seed?: number;
  /** Processing time of runs; default "fast" (runs finish in ~0.5–2 s). */
  latency?: LatencyOption;
  /** Processors registered in addition to the three defaults. */
  processors?: ProcessorDefinition[];
  /** Deliver signed `processor_run.*` events to this local URL. */
  webhook?: { url: string; secret: string };
  /** How long `sync: true` waits before returning the run as it is; default 300 000 ms. */
  syncTimeoutMs?: number;
  /** "real" (default) or "virtual": time moves only via `clock.advance(ms)`. */
  clock?: "real" | "virtual";
  /** Upload limit → 400 FILE_SIZE_TOO_LARGE; default 100 MiB. */
  maxFileBytes?: number;
  /** Concurrent processing slots; further runs wait PENDING, ordered by priority; default 16. */
  processingSlots?: number;
  /** Faults active from the start. */
  faults?: FaultRule[];
  /** Answer CORS preflights and add CORS headers, for browsers calling the emulator directly; default false. */
  cors?: boolean;
  /**
   * Extend's plan limits: a token bucket per request category (GET, WRITE, RUN) per API key and a
   * files/min throughput budget. `"payg"` (default), `"scale"`, `"enterprise"`, `"off"` or a custom
   * configuration. Pass `"off"` where limits are not what a test is about.
   */
  limits?: LimitsOption;
  /** Record mode: forward API requests to an upstream and record finished runs into a cassette. */
  record?: RecordOptions;
  /** Replay mode: answer run creations from a cassette, with no upstream. */
  replay?: ReplayOptions;
}

/** The emulator clock: real time, or virtual time moved by `advance`. */
export interface EmulatorClock {
  readonly virtual: boolean;
  /** Current emulator time in epoch milliseconds. */
  now(): number;
  /** Virtual clock only: move time forward, firing due timers in order. */
  advance(ms: number): Promise<void>;
}

/** An emulator instance: the whole API as a fetch handler. */
export interface Emulator {
  /** Handles any API or `/_emulator` admin request; usable directly as a client's `fetch`. */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** Drops runs, files, batch runs, journal, faults and usage; keeps processors and options. */
  reset(): void;
  clock: EmulatorClock;
  /** Stops timers and webhook deliveries. */
  close(): Promise<void>;
}

/** The API key accepted when `apiKeys` is not given. */
export const DEFAULT_API_KEY = "sk_test_emulator";

/** Ids of the processors every emulator starts with. */
export const DEFAULT_PROCESSORS = {
  invoiceExtractor: "dp_invoice_extractor",
  classifier: "dp_document_classifier",
  splitter: "dp_packet_splitter",
} as const satisfies Record<string, string>;

/** The only API version the emulator speaks. */
export const API_VERSION = "2025-04-21";
