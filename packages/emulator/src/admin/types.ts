// Wire types of the admin API (`/_emulator/…`). Request-side types (fault rules, processor definitions)
// and the journal entry are the emulator's own, so the client and the routes cannot drift apart.
import type { CassetteStatus } from "../cassette/setup.js";
import type { JournalEntry } from "../journal.js";
import type { LimitsSnapshot } from "../limits/plan-limiter.js";
import type { FaultRule, ProcessorDefinition, ProcessorType } from "../options.js";

export type { CassetteStatus, FaultRule, JournalEntry, LimitsSnapshot, ProcessorDefinition, ProcessorType };

/** `GET /_emulator/health`. */
export interface EmulatorHealth {
  ok: true;
  /** The only API version the emulator speaks, `2025-04-21`. */
  apiVersion: string;
  processors: Array<{ id: string; name: string; type: ProcessorType }>;
}

/** `GET /_emulator/clock`: whether time is virtual, and the emulator's now in epoch milliseconds. */
export interface EmulatorClockState {
  virtual: boolean;
  now: number;
}

/** A fault rule in force, with its id and, for counted rules, the uses left. */
export type ActiveFault = FaultRule & { id: string; remaining?: number };

/** Runs and credits counted for one usage tag (or for untagged runs, or in total). */
export interface UsageTally {
  runs: number;
  credits: number;
}

/** `GET /_emulator/usage`: runs count on create, credits when a run is processed. */
export interface UsageSnapshot {
  /** Per `extend:usage_tags` tag, sorted by tag. */
  tags: Record<string, UsageTally>;
  untagged: UsageTally;
  total: UsageTally;
}

/** One version of a registered processor (`draft`, `1.0`, …). */
export interface EmulatorProcessorVersion {
  object: "document_processor_version";
  id: string;
  processorId: string;
  processorType: ProcessorType;
  version: string;
  config: Record<string, unknown>;
}

/** A processor as `GET /_emulator/processors` lists it. */
export interface EmulatorProcessor {
  object: "document_processor";
  id: string;
  name: string;
  type: ProcessorType;
  /** The draft first, then the published versions. */
  versions: EmulatorProcessorVersion[];
}

/** Sources a batch processor run may name. */
export type BatchRunSource = "EVAL_SET" | "PLAYGROUND" | "STUDIO";

/** Body of `POST /_emulator/batch-processor-runs`. */
export interface CreateBatchRunParams {
  processorId: string;
  /** Existing processor run ids the batch groups. */
  runIds: string[];
  /** Default `STUDIO`. */
  source?: BatchRunSource;
  sourceId?: string;
  options?: Record<string, unknown>;
}

/** A batch processor run as the API serialises it (status and metrics computed from its runs on read). */
export interface BatchProcessorRun {
  object: "batch_processor_run";
  id: string;
  processorId: string;
  processorVersionId: string;
  processorName: string;
  status: "PENDING" | "PROCESSING" | "PROCESSED" | "FAILED";
  source: BatchRunSource;
  sourceId?: string;
  runCount: number;
  options: Record<string, unknown>;
  /** `numFiles`, `numPages`, `meanRunTimeMs`, `type`, and the per-type metrics. */
  metrics: Record<string, unknown> & { type: ProcessorType; numFiles: number; numPages: number };
  createdAt: string;
  updatedAt: string;
}
