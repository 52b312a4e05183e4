/**
 * What the engine reports per file, and the tallies every report (outputs, summary, results file,
 * progress line) is built from. Every selected file ends with exactly one outcome.
 */

/** The outcome of one file. */
export type Outcome = "processed" | "failed" | "cancelled" | "timed-out" | "error";

/** Every outcome, in report order. */
export const OUTCOMES: readonly Outcome[] = ["processed", "failed", "cancelled", "timed-out", "error"];

/** The step of a file's pipeline an error happened in. */
export type Stage = "read" | "upload" | "create" | "wait" | "cancel";

/** A request or local error, with advice for the user. */
export interface FileError {
  stage: Stage;
  message: string;
  /** What to do about it, e.g. "check the api-key input". */
  advice: string | null;
  /** HTTP status when the API answered. */
  status: number | null;
  code: string | null;
  requestId: string | null;
  /** True when a create failed in a way that may still have created the run. */
  mayHaveCreatedRun: boolean;
}

/** The result of one file. */
export interface FileResult {
  /** Workspace-relative path. */
  file: string;
  bytes: number;
  outcome: Outcome;
  /** Extend file id once uploaded. */
  fileId: string | null;
  runId: string | null;
  /** Last known run status (PROCESSED, FAILED, CANCELLED, PROCESSING, ...). */
  status: string | null;
  failureReason: string | null;
  failureMessage: string | null;
  /** Why the file ended this way when it is not the run's own verdict (timeout, abort, not started). */
  note: string | null;
  error: FileError | null;
  durationMs: number;
  /** Dashboard link of the run. */
  url: string | null;
  /** Credits of the run (processing). */
  credits: number | null;
  /** Credits of the upload (parsing). */
  fileCredits: number | null;
  /** The run's full output (null when there is none). */
  output: unknown;
}

/** Counts per outcome. */
export interface Totals {
  total: number;
  processed: number;
  failed: number;
  cancelled: number;
  timedOut: number;
  errored: number;
}

/** Counts the outcomes of `results`. */
export function countOutcomes(results: readonly FileResult[], total = results.length): Totals {
  const totals: Totals = { total, processed: 0, failed: 0, cancelled: 0, timedOut: 0, errored: 0 };
  for (const result of results) {
    if (result.outcome === "processed") totals.processed++;
    else if (result.outcome === "failed") totals.failed++;
    else if (result.outcome === "cancelled") totals.cancelled++;
    else if (result.outcome === "timed-out") totals.timedOut++;
    else totals.errored++;
  }
  return totals;
}

/** The progress line: `12/40 done: 10 processed, 2 failed` (other outcomes only when non-zero). */
export function progressLine(totals: Totals): string {
  const done = totals.processed + totals.failed + totals.cancelled + totals.timedOut + totals.errored;
  const parts = [`${totals.processed} processed`, `${totals.failed} failed`];
  if (totals.cancelled) parts.push(`${totals.cancelled} cancelled`);
  if (totals.timedOut) parts.push(`${totals.timedOut} timed out`);
  if (totals.errored) parts.push(`${totals.errored} errored`);
  return `${done}/${totals.total} done: ${parts.join(", ")}`;
}

/** A result with every optional field empty, to be filled in. */
export function emptyResult(file: string, bytes: number, outcome: Outcome): FileResult {
  return {
    file,
    bytes,
    outcome,
    fileId: null,
    runId: null,
    status: null,
    failureReason: null,
    failureMessage: null,
    note: null,
    error: null,
    durationMs: 0,
    url: null,
    credits: null,
    fileCredits: null,
    output: null,
  };
}
