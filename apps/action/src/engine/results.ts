/**
 * What the engine reports per file: one result per selected file, with exactly one outcome
 * (see outcomes.ts for the vocabulary and the tallies).
 */

import type { Outcome } from "../outcomes.js";

/** The step of a file's pipeline an error happened in. */
/** `check` is the authenticated read made before any upload. */
export type Stage = "check" | "read" | "upload" | "create" | "wait" | "cancel";

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
  /** Every write sent again or adopted after an uncertain failure, one line each (the summary lists them). */
  recoveries: string[];
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
    recoveries: [],
    error: null,
    durationMs: 0,
    url: null,
    credits: null,
    fileCredits: null,
    output: null,
  };
}
