import type { ReplayOutcome } from "./cassette/replay-outcome.js";
import type { TimerHandle } from "./clock.js";
import type { KeyQuota } from "./limits/plan-limiter.js";
import type { ProcessorType } from "./options.js";
import type { FileType } from "./processing/index.js";

/** Statuses of a processor run. */
export type RunStatus = "PENDING" | "PROCESSING" | "PROCESSED" | "FAILED" | "CANCELLED";

/** One version (draft or published) of a processor. */
export interface ProcessorVersionRecord {
  id: string;
  /** "draft" or a published number such as "1.0". */
  version: string;
  config: Record<string, unknown>;
}

/** A registered processor. */
export interface ProcessorRecord {
  id: string;
  name: string;
  type: ProcessorType;
  draft: ProcessorVersionRecord;
  /** Published versions, oldest first. */
  published: ProcessorVersionRecord[];
}

/** An uploaded (or downloaded) file and its parsed text. */
export interface FileRecord {
  id: string;
  seq: number;
  name: string;
  type: FileType;
  mediaType: string;
  bytes: Uint8Array;
  pages: string[];
  pageCount: number;
  credits: number;
  createdAt: number;
  updatedAt: number;
}

/** Which documented test triggers a run's input contains. */
export interface Triggers {
  fail: boolean;
  slow: boolean;
  stuck: boolean;
}

/** A processor run and the emulator's bookkeeping for it. */
export interface RunRecord {
  id: string;
  /** Creation order; key of the createdAt index. */
  seq: number;
  /** Last-update order; key of the updatedAt index. */
  updSeq: number;
  processor: ProcessorRecord;
  version: ProcessorVersionRecord;
  type: ProcessorType;
  config: Record<string, unknown>;
  status: RunStatus;
  output: Record<string, unknown>;
  initialOutput: Record<string, unknown>;
  failureReason?: string;
  failureMessage?: string;
  metadata?: Record<string, unknown>;
  usageTags: string[];
  file?: FileRecord;
  fileName: string | null;
  /** Text pages to process, or why the input could not be read. */
  input: { ok: true; pages: string[] } | { ok: false; reason: string; message: string };
  triggers: Triggers;
  priority: number;
  source: string;
  sourceId: string | null;
  credits: number;
  createdAt: number;
  updatedAt: number;
  startedAt?: number;
  finishedAt?: number;
  timer?: TimerHandle;
  /** The plan quota of the API key that created the run (its files/min budget); absent when limits are off. */
  quota?: KeyQuota;
  /** Replay mode: the recorded ending, applied instead of running the processor. */
  replay?: ReplayOutcome;
}

/** A batch processor run: a named group of existing runs whose metrics are computed on read. */
export interface BatchRecord {
  id: string;
  processor: ProcessorRecord;
  version: ProcessorVersionRecord;
  runIds: string[];
  source: string;
  sourceId: string | null;
  options: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}
