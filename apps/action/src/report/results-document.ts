/**
 * The results file (JSON) and the step outputs. The results file is the complete record — every file
 * with its run id, status, failure, duration, dashboard URL, credits and full output — for later steps
 * (upload it as an artifact, post a comment, gate on a field of the output).
 */
import type { SkippedEntry } from "../engine/find-files.js";
import type { FileResult } from "../engine/results.js";
import type { StopReason } from "../engine/stop-switch.js";
import { OUTCOME_NAMES, OUTCOMES, type Totals } from "../outcomes.js";
import type { Verdict } from "./verdict.js";

/** Version of the results file layout; bumped on incompatible changes. */
export const RESULTS_SCHEMA_VERSION = 1;

/** The results file's content. */
export interface ResultsDocument {
  schemaVersion: number;
  status: "success" | "failure";
  reason: string;
  dryRun: boolean;
  processorId: string;
  processorVersion: string;
  baseUrl: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** Why the action stopped before every file finished, if it did. */
  stoppedEarly: StopReason["kind"] | null;
  totals: Totals;
  files: FileResult[] | { file: string; bytes: number }[];
  /** Selected entries that were refused (symlinks out of the workspace, dangling links, …) and why. */
  skipped: SkippedEntry[];
}

/** What the results document is built from. */
export interface ResultsInput {
  verdict: Verdict;
  dryRun: boolean;
  processorId: string;
  processorVersion: string;
  baseUrl: string;
  startedAt: number;
  finishedAt: number;
  stop: StopReason | undefined;
  totals: Totals;
  files: FileResult[] | { file: string; bytes: number }[];
  skipped: SkippedEntry[];
}

/** Builds the results document. */
export function buildResultsDocument(input: ResultsInput): ResultsDocument {
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    status: input.verdict.failed ? "failure" : "success",
    reason: input.verdict.reason,
    dryRun: input.dryRun,
    processorId: input.processorId,
    processorVersion: input.processorVersion,
    baseUrl: input.baseUrl,
    startedAt: new Date(input.startedAt).toISOString(),
    finishedAt: new Date(input.finishedAt).toISOString(),
    durationMs: input.finishedAt - input.startedAt,
    stoppedEarly: input.stop?.kind ?? null,
    totals: { ...input.totals },
    files: input.files,
    skipped: input.skipped,
  };
}

/** The step outputs, as the strings `core.setOutput` receives. */
export function buildOutputs(input: {
  verdict: Verdict;
  totals: Totals;
  results: readonly FileResult[];
  resultsFile: string;
}): Record<string, string> {
  const t = input.totals;
  const runIds = input.results.map((r) => r.runId).filter((id): id is string => id !== null);
  return {
    status: input.verdict.failed ? "failure" : "success",
    total: String(t.total),
    ...Object.fromEntries(OUTCOMES.map((o) => [OUTCOME_NAMES[o].output, String(t[OUTCOME_NAMES[o].total])])),
    "run-ids": JSON.stringify(runIds),
    "results-file": input.resultsFile,
  };
}
