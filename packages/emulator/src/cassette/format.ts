// The cassette file format (version 1): what a recording keeps of each run, and nothing volatile.
import type { ProcessorType } from "../options.js";

/** The `format` field every cassette carries. */
export const CASSETTE_FORMAT = "extendkit-cassette";

/** The cassette layout this emulator writes and reads; bumped on incompatible changes. */
export const CASSETTE_VERSION = 1;

/** What a run was made from: upload bytes, `rawText` (both by SHA-256), or a URL without its query. */
export type DocumentRef = { sha256: string } | { rawTextSha256: string } | { fileUrl: string };

/** The parts of a create request a replay matches on. */
export interface CassetteRequest {
  processorId: string;
  /** The version as requested ("latest", "draft", "1.0"), not as resolved. */
  version: string;
  /** The request's config override; `null` when the processor's own config was used. */
  config: Record<string, unknown> | null;
  document: DocumentRef;
}

/** A processor run status. */
export type RecordedStatus = "PENDING" | "PROCESSING" | "PROCESSED" | "FAILED" | "CANCELLED";

/** The statuses a recorded run can end in. */
export type FinalStatus = "PROCESSED" | "FAILED" | "CANCELLED";

/** How a recorded run ended, with the processor facts a replayed run reports. */
export interface RecordedRun {
  status: FinalStatus;
  processor: { id: string; name: string; type: ProcessorType; versionId: string };
  /** The config the run reported (the resolved one). */
  config: Record<string, unknown>;
  /** The output, with the run's own file id as `{{fileId}}` and run id as `{{runId}}`. */
  output: Record<string, unknown>;
  /** Only when it differs from `output`. */
  initialOutput?: Record<string, unknown>;
  failureReason?: string;
  failureMessage?: string;
  credits: number;
}

/** A create the upstream refused with a client error (a bad config, an unknown processor). */
export interface RecordedError {
  status: number;
  body: Record<string, unknown>;
}

/** One recorded create and what came of it: a run (with the statuses it was seen in) or an error. */
export interface CassetteEntry {
  request: CassetteRequest;
  /** Statuses in the order the client saw them, the final one last; empty for an error. */
  states: RecordedStatus[];
  run?: RecordedRun;
  error?: RecordedError;
}

/** What the recorder saw of an uploaded document (for people reading the cassette). */
export interface CassetteDocument {
  /** The first name it was uploaded under, in sort order. */
  name: string;
  bytes: number;
  type?: string;
}

/** A whole cassette. */
export interface Cassette {
  format: typeof CASSETTE_FORMAT;
  version: typeof CASSETTE_VERSION;
  apiVersion: string;
  /** Uploaded documents by SHA-256 (hex). */
  documents: Record<string, CassetteDocument>;
  /** Sorted by request, then in recording order. */
  runs: CassetteEntry[];
}

/** A cassette that cannot be used: unreadable, not a cassette, another version, or malformed. */
export class CassetteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CassetteError";
  }
}

/** An empty cassette. */
export function emptyCassette(apiVersion: string): Cassette {
  return { format: CASSETTE_FORMAT, version: CASSETTE_VERSION, apiVersion, documents: {}, runs: [] };
}
