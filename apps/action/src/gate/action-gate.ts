/**
 * The regression gate's step in the action: after the engine, before the verdict. Applies the gate to the
 * results, recounts the outcomes (mismatched files leave `processed`), warns about documents without expected
 * outputs (`if-no-expectation: warn`), and hands back what the verdict, the summary and the outputs add.
 */
import type { FileResult } from "../engine/results.js";
import type { GateConfig } from "../inputs/gate-inputs.js";
import { countOutcomes, type Totals } from "../outcomes.js";
import type { Verdict } from "../report/verdict.js";
import type { RunnerIO } from "../runner-io.js";
import { applyGate, formatAccuracy, type GateOutcome, gateFailure } from "./apply-gate.js";
import { renderGateSummary } from "./gate-report.js";

/**
 * Bytes of the job summary the gate's sections may take: about half of GitHub's 1 MiB, so the file table
 * (which yields to them) keeps room too.
 */
export const GATE_SUMMARY_BYTES = 480_000;

/** What the gate adds to the step. */
export interface ActionGate {
  outcome: GateOutcome;
  totals: Totals;
  /** A failure beyond `fail-on` (missing expectations under `fail`, accuracy below the bar). */
  failure: string | undefined;
}

/** Runs the gate over `results` (mutating their outcomes) and recounts the totals. */
export async function runActionGate(
  gate: GateConfig,
  input: { results: FileResult[]; totals: Totals; workspace: string; processorId: string },
  io: RunnerIO,
): Promise<ActionGate> {
  const outcome = await applyGate(gate, input.results, input.workspace, input.processorId);
  if (gate.update) {
    io.info(
      `update-expectations: ${outcome.updated} expected outputs written or refreshed in ${gate.dirLabel}; commit them to accept the change.`,
    );
  } else if (outcome.missing.length > 0 && gate.ifNoExpectation === "warn") {
    const names = outcome.missing.slice(0, 5).join(", ") + (outcome.missing.length > 5 ? ", …" : "");
    io.warning(
      `${outcome.missing.length} processed files have no expected output in ${gate.dirLabel} (${names}); run with update-expectations: true and commit the files to add them.`,
      { title: "Extend: no expected output" },
    );
  }
  if (outcome.fieldAccuracy !== undefined) {
    io.info(
      `Field accuracy ${formatAccuracy(outcome.fieldAccuracy)}: ${outcome.matched} of ${outcome.compared} fields match; ${outcome.mismatched} documents mismatched.`,
    );
  }
  return {
    outcome,
    totals: countOutcomes(input.results, input.totals.total),
    failure: gateFailure(gate, outcome),
  };
}

/** The verdict with the gate's own failure added when `fail-on` alone passed the step. */
export function gateVerdict(verdict: Verdict, gate: ActionGate | undefined): Verdict {
  if (!gate?.failure || verdict.failed) return verdict;
  return { failed: true, reason: gate.failure };
}

/** The gate's part of the job summary. */
export function gateSummary(gate: ActionGate | undefined, resultsFile: string): string {
  if (!gate || gate.outcome.results.length === 0) return "";
  const o = gate.outcome;
  const accuracy =
    o.fieldAccuracy === undefined
      ? "no fields compared"
      : `field accuracy **${formatAccuracy(o.fieldAccuracy)}** (${o.matched}/${o.compared} fields)`;
  const head = `\n### Expected outputs: ${o.mismatched} mismatched, ${accuracy}\n\n`;
  return head + renderGateSummary(o.results, resultsFile, GATE_SUMMARY_BYTES - head.length * 4);
}

/** The `field-accuracy` output: a fraction with up to four decimals, empty when nothing was compared. */
export function fieldAccuracyOutput(gate: ActionGate | undefined): string {
  const accuracy = gate?.outcome.fieldAccuracy;
  return accuracy === undefined ? "" : formatAccuracy(accuracy);
}
