/**
 * The regression gate applied to the engine's results: each processed file's output is compared with its
 * expected output (`<expectations>/<file>.json`); a difference turns the file's outcome into `mismatched`,
 * and every compared field (expected, got, rule) is recorded on the file's entry in the results file. In update
 * mode the expected files are written from this run's outputs instead, and nothing mismatches. Runs that did
 * not end PROCESSED are never compared nor written.
 */
import { relative } from "node:path";
import type { FileResult } from "../engine/results.js";
import type { GateConfig } from "../inputs/gate-inputs.js";
import { expectationPath, loadExpectation, writeExpectation } from "./expectations.js";
import { compareOutputs, type FieldComparison } from "./field-diff.js";
import type { GateResult, GateVerdict } from "./gate-report.js";

/** What the results file records per file about its expected output. */
export interface ExpectationRecord {
  /** The expected output's file, relative to the workspace. */
  path: string;
  verdict: GateVerdict;
  /** Leaf fields compared and matched (absent when nothing was compared). */
  compared?: number;
  matched?: number;
  /** Every compared field: path, expected, got, the rule applied and whether it matched. */
  fields?: FieldComparison[];
  /** Why the expected output could not be read. */
  reason?: string;
}

/** A file's result with its gate record, as the results file holds it. */
export type GatedFileResult = FileResult & { expectation?: ExpectationRecord };

/** The gate's totals and per-document results. */
export interface GateOutcome {
  results: GateResult[];
  /** Documents whose output differs (or whose expected output is unreadable). */
  mismatched: number;
  /** Processed documents with no expected output. */
  missing: string[];
  /** Expected files written or refreshed (update mode). */
  updated: number;
  compared: number;
  matched: number;
  /** matched / compared over every document, or undefined when no field was compared. */
  fieldAccuracy: number | undefined;
}

/**
 * Compares (or, in update mode, writes) the expected output of every processed file. Mutates `results`: a
 * mismatch becomes outcome `mismatched` with a note, and each compared file gains its {@link ExpectationRecord}.
 */
export async function applyGate(
  gate: GateConfig,
  results: FileResult[],
  workspace: string,
  processorId: string,
): Promise<GateOutcome> {
  const out: GateOutcome = {
    results: [],
    mismatched: 0,
    missing: [],
    updated: 0,
    compared: 0,
    matched: 0,
    fieldAccuracy: undefined,
  };
  for (const result of results as GatedFileResult[]) {
    if ((result.outcome !== "processed" && result.outcome !== "cached") || result.status !== "PROCESSED")
      continue;
    const path = relative(workspace, expectationPath(gate.dir, result.file));
    const base = { file: result.file, processorId, output: result.output };
    if (gate.update) {
      if (await writeExpectation(gate.dir, result.file, result.output)) out.updated++;
      result.expectation = { path, verdict: "updated" };
      out.results.push({ ...base, verdict: "updated" });
      continue;
    }
    const expected = await loadExpectation(gate.dir, result.file);
    if (expected.kind === "missing") {
      out.missing.push(result.file);
      result.expectation = { path, verdict: "no-expectation" };
      out.results.push({ ...base, verdict: "no-expectation" });
      continue;
    }
    if (expected.kind === "unreadable") {
      out.mismatched++;
      result.outcome = "mismatched";
      result.note = `expected output ${path} is unreadable: ${expected.reason}`;
      result.expectation = { path, verdict: "unreadable", reason: expected.reason };
      out.results.push({ ...base, verdict: "unreadable", reason: expected.reason });
      continue;
    }
    const comparison = compareOutputs(expected.output, result.output, gate.rules);
    out.compared += comparison.compared;
    out.matched += comparison.matched;
    const verdict: GateVerdict = comparison.matched === comparison.compared ? "matched" : "mismatched";
    if (verdict === "mismatched") {
      out.mismatched++;
      result.outcome = "mismatched";
      const differing = comparison.fields.filter((f) => !f.match).map((f) => f.path);
      const shown = differing.slice(0, 5).join(", ") + (differing.length > 5 ? ", …" : "");
      result.note = `${comparison.compared - comparison.matched} of ${comparison.compared} fields differ from ${path}: ${shown}`;
    }
    result.expectation = { path, verdict, ...comparison };
    out.results.push({ ...base, verdict, comparison });
  }
  out.fieldAccuracy = out.compared === 0 ? undefined : out.matched / out.compared;
  return out;
}

/** Why the gate fails the step beyond `fail-on` (missing expectations under `fail`, accuracy below the bar). */
export function gateFailure(gate: GateConfig, outcome: GateOutcome): string | undefined {
  if (gate.update) return undefined;
  if (gate.ifNoExpectation === "fail" && outcome.missing.length > 0) {
    return `${outcome.missing.length} processed files have no expected output in ${gate.dirLabel} (if-no-expectation: fail).`;
  }
  const min = gate.minFieldAccuracy;
  if (min !== undefined && outcome.fieldAccuracy !== undefined && outcome.fieldAccuracy < min) {
    return `Field accuracy ${formatAccuracy(outcome.fieldAccuracy)} (${outcome.matched}/${outcome.compared} fields) is below min-field-accuracy ${formatAccuracy(min)}.`;
  }
  return undefined;
}

/** A fraction as the `field-accuracy` output and messages print it: four decimals, trailing zeros cut. */
export function formatAccuracy(fraction: number): string {
  return String(Math.round(fraction * 10_000) / 10_000);
}
