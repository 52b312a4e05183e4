/**
 * Annotations for files that did not process, anchored to their paths so they show on the file in the
 * pull request. GitHub shows at most 10 error annotations per step, so after 10 the rest are folded
 * into one aggregate annotation instead of being silently dropped.
 */
import { errorLine } from "../engine/error-advice.js";
import type { FileResult } from "../engine/results.js";
import { countsAsFailure, type FailOnKind } from "../outcomes.js";

/** One annotation to emit. */
export interface Annotation {
  level: "error" | "warning";
  title: string;
  message: string;
  /** Workspace-relative path; absent for the aggregate annotation. */
  file?: string;
}

/** Default number of per-file annotations before the aggregate one. */
export const MAX_FILE_ANNOTATIONS = 10;

/** Why a file did not process, in one line. */
export function failureText(result: FileResult): string {
  const parts: string[] = [];
  if (result.failureReason) parts.push(result.failureReason);
  if (result.failureMessage) parts.push(result.failureMessage);
  if (result.error) parts.push(errorLine(result.error));
  if (result.note) parts.push(result.note);
  return parts.join(": ") || result.outcome;
}

/** Annotations for every non-processed file: errors where `fail-on` counts the outcome, else warnings. */
export function planAnnotations(
  results: readonly FileResult[],
  failOn: readonly FailOnKind[],
  max = MAX_FILE_ANNOTATIONS,
): Annotation[] {
  const levelOf = (result: FileResult): Annotation["level"] =>
    countsAsFailure(result.outcome, failOn) ? "error" : "warning";
  const problems = results.filter((r) => r.outcome !== "processed");
  const annotations: Annotation[] = problems.slice(0, max).map((result) => ({
    level: levelOf(result),
    title: `Extend: ${result.outcome}${result.runId ? ` (${result.runId})` : ""}`,
    message: failureText(result),
    file: result.file,
  }));
  const rest = problems.slice(max);
  if (rest.length > 0) {
    const level = rest.some((r) => levelOf(r) === "error") ? "error" : "warning";
    const shown = rest.slice(0, 5).map((r) => r.file);
    const more = rest.length > shown.length ? `, and ${rest.length - shown.length} more` : "";
    annotations.push({
      level,
      title: `Extend: ${rest.length} more files did not process`,
      message: `${shown.join(", ")}${more}. See the job summary and the results file for every file.`,
    });
  }
  return annotations;
}
