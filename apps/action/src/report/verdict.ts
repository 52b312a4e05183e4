/**
 * Decides whether the step fails. Per-file outcomes fail it exactly when `fail-on` names them; beyond
 * that, only two things fail it regardless: the runner cancelled the action, or a fatal error (a key or
 * processor the API rejects) meant files could not be processed at all.
 */

import type { Totals } from "../engine/results.js";
import type { StopReason } from "../engine/stop-switch.js";
import { describeStop } from "../engine/stop-switch.js";
import type { FailOnKind } from "../inputs.js";

/** The step's verdict and the sentence that explains it. */
export interface Verdict {
  failed: boolean;
  reason: string;
}

const KIND_COUNT: Record<FailOnKind, (totals: Totals) => number> = {
  failed: (t) => t.failed,
  cancelled: (t) => t.cancelled,
  timeout: (t) => t.timedOut,
  error: (t) => t.errored,
};

const KIND_LABEL: Record<FailOnKind, string> = {
  failed: "failed",
  cancelled: "cancelled",
  timeout: "timed out",
  error: "errored",
};

/** Applies `fail-on` (empty = never) to the totals. */
export function decideVerdict(totals: Totals, failOn: readonly FailOnKind[], stop?: StopReason): Verdict {
  if (stop?.kind === "abort" || stop?.kind === "fatal") {
    return { failed: true, reason: `${capitalise(describeStop(stop))}.` };
  }
  const policy = failOn.length === 0 ? "never" : failOn.join(",");
  const matched = failOn.filter((kind) => KIND_COUNT[kind](totals) > 0);
  if (matched.length > 0) {
    const counts = matched.map((kind) => `${KIND_COUNT[kind](totals)} ${KIND_LABEL[kind]}`).join(", ");
    return { failed: true, reason: `${counts} of ${totals.total} files (fail-on: ${policy}).` };
  }
  const problems = (Object.keys(KIND_COUNT) as FailOnKind[])
    .filter((kind) => KIND_COUNT[kind](totals) > 0)
    .map((kind) => `${KIND_COUNT[kind](totals)} ${KIND_LABEL[kind]}`);
  if (problems.length === 0) return { failed: false, reason: `All ${totals.total} files processed.` };
  return {
    failed: false,
    reason: `${totals.processed} of ${totals.total} files processed; ${problems.join(", ")} not counted as failures (fail-on: ${policy}).`,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
