/**
 * Decides whether the step fails. Per-file outcomes fail it exactly when `fail-on` names them; beyond
 * that, only two things fail it regardless: the runner cancelled the action, or a fatal error (a key or
 * processor the API rejects) meant files could not be processed at all.
 */

import type { StopReason } from "../engine/stop-switch.js";
import { describeStop } from "../engine/stop-switch.js";
import {
  countOf,
  type FailOnKind,
  OUTCOME_NAMES,
  outcomeOfFailOn,
  PROBLEM_OUTCOMES,
  type Totals,
} from "../outcomes.js";

/** The step's verdict and the sentence that explains it. */
export interface Verdict {
  failed: boolean;
  reason: string;
}

/** Applies `fail-on` (empty = never) to the totals. */
export function decideVerdict(totals: Totals, failOn: readonly FailOnKind[], stop?: StopReason): Verdict {
  if (stop?.kind === "abort" || stop?.kind === "fatal") {
    return { failed: true, reason: `${capitalise(describeStop(stop))}.` };
  }
  const policy = failOn.length === 0 ? "never" : failOn.join(",");
  const counted = (outcome: (typeof PROBLEM_OUTCOMES)[number]) =>
    `${countOf(totals, outcome)} ${OUTCOME_NAMES[outcome].label}`;
  const matched = failOn.map(outcomeOfFailOn).filter((outcome) => countOf(totals, outcome) > 0);
  if (matched.length > 0) {
    const counts = matched.map(counted).join(", ");
    return { failed: true, reason: `${counts} of ${totals.total} files (fail-on: ${policy}).` };
  }
  const problems = PROBLEM_OUTCOMES.filter((outcome) => countOf(totals, outcome) > 0).map(counted);
  if (problems.length === 0) return { failed: false, reason: `All ${totals.total} files processed.` };
  return {
    failed: false,
    reason: `${totals.processed + totals.cached} of ${totals.total} files processed; ${problems.join(", ")} not counted as failures (fail-on: ${policy}).`,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
