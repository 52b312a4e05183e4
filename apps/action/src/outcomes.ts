/**
 * The one outcome vocabulary of the action. Every selected file ends with exactly one {@link Outcome};
 * each outcome has one entry here that names it everywhere else: the `fail-on` word that counts it,
 * its key in {@link Totals} (and the results file), its step output, its label and its icon. Reports,
 * the verdict, annotations and outputs all read this table instead of keeping their own.
 */

/** The outcome of one file. */
/**
 * `mismatched`: processed, but the output differs from its expected output (the regression gate).
 * `cached`: an earlier PROCESSED result reused from `cache-dir` (no upload, no run).
 */
export type Outcome = "processed" | "failed" | "cancelled" | "timed-out" | "error" | "mismatched" | "cached";

/** What one outcome is called in each place it appears. */
export interface OutcomeNames {
  /** The `fail-on` word that makes this outcome fail the step (null: it never does). */
  failOn: string | null;
  /** Its count's key in {@link Totals} and the results file. */
  total: "processed" | "failed" | "cancelled" | "timedOut" | "errored" | "mismatched" | "cached";
  /** Its count's step output (`action.yml`). */
  output: string;
  /** In sentences: "2 timed out". */
  label: string;
  icon: string;
}

/** Every outcome, in report order, with its names. */
export const OUTCOME_NAMES = {
  processed: { failOn: null, total: "processed", output: "processed", label: "processed", icon: "✅" },
  failed: { failOn: "failed", total: "failed", output: "failed", label: "failed", icon: "❌" },
  cancelled: { failOn: "cancelled", total: "cancelled", output: "cancelled", label: "cancelled", icon: "⚪" },
  "timed-out": { failOn: "timeout", total: "timedOut", output: "timed-out", label: "timed out", icon: "⏱️" },
  error: { failOn: "error", total: "errored", output: "errored", label: "errored", icon: "⚠️" },
  mismatched: {
    failOn: "mismatched",
    total: "mismatched",
    output: "mismatched",
    label: "mismatched",
    icon: "🔶",
  },
  cached: { failOn: null, total: "cached", output: "cached", label: "cached", icon: "♻️" },
} as const satisfies Record<Outcome, OutcomeNames>;

/** Every outcome, in report order. */
export const OUTCOMES = Object.keys(OUTCOME_NAMES) as readonly Outcome[];

/** True for the outcomes of a PROCESSED run: processed now, or reused from the cache. */
export function isProcessed(outcome: Outcome): boolean {
  return outcome === "processed" || outcome === "cached";
}

/** The outcomes that can fail the step (a cached result is a PROCESSED one). */
export type ProblemOutcome = Exclude<Outcome, "processed" | "cached">;

/** The outcomes that can fail the step, in report order. */
export const PROBLEM_OUTCOMES = OUTCOMES.filter(
  (o): o is ProblemOutcome => o !== "processed" && o !== "cached",
);

/** One `fail-on` word. */
export type FailOnKind = (typeof OUTCOME_NAMES)[ProblemOutcome]["failOn"];

/** The `fail-on` words, in report order. */
export const FAIL_ON_KINDS = PROBLEM_OUTCOMES.map((o) => OUTCOME_NAMES[o].failOn) as readonly FailOnKind[];

/** The outcome a `fail-on` word counts. */
export function outcomeOfFailOn(kind: FailOnKind): ProblemOutcome {
  return PROBLEM_OUTCOMES.find((o) => OUTCOME_NAMES[o].failOn === kind) as ProblemOutcome;
}

/** True when `fail-on` makes this outcome fail the step. */
export function countsAsFailure(outcome: Outcome, failOn: readonly FailOnKind[]): boolean {
  const kind = OUTCOME_NAMES[outcome].failOn;
  return kind !== null && failOn.includes(kind);
}

/** Counts per outcome. */
export type Totals = { total: number } & Record<OutcomeNames["total"], number>;

/** The count of one outcome in `totals`. */
export function countOf(totals: Totals, outcome: Outcome): number {
  return totals[OUTCOME_NAMES[outcome].total];
}

/** Counts the outcomes of `results`. */
export function countOutcomes(results: readonly { outcome: Outcome }[], total = results.length): Totals {
  const totals: Totals = {
    total,
    processed: 0,
    failed: 0,
    cancelled: 0,
    timedOut: 0,
    errored: 0,
    mismatched: 0,
    cached: 0,
  };
  for (const result of results) totals[OUTCOME_NAMES[result.outcome].total]++;
  return totals;
}

/** The progress line: `12/40 done: 10 processed, 2 failed` (other outcomes only when non-zero). */
export function progressLine(totals: Totals): string {
  const done = OUTCOMES.reduce((sum, o) => sum + countOf(totals, o), 0);
  const parts = OUTCOMES.filter((o) => o === "processed" || o === "failed" || countOf(totals, o) > 0).map(
    (o) => `${countOf(totals, o)} ${OUTCOME_NAMES[o].label}`,
  );
  return `${done}/${totals.total} done: ${parts.join(", ")}`;
}
