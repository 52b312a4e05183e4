/**
 * The regression gate's inputs (issue 14 §1): `expectations`, `compare`, `if-no-expectation`,
 * `update-expectations` and `min-field-accuracy`. Parsed with the other inputs, before any request; paths are
 * workspace-relative and refused when they leave the workspace (update mode writes under `expectations`).
 */
import { resolve } from "node:path";
import { isInside } from "../engine/find-files.js";
import { type CompareRules, EXACT_RULES, parseCompareRules } from "../gate/compare-rules.js";
import { fail, parseBoolean, quote, read } from "./input-error.js";
import type { InputName, InputSource } from "./input-names.js";
import { parseJsonObject } from "./run-config.js";

/** What a processed file without an expected output does to the step. */
export type NoExpectationPolicy = "fail" | "warn" | "ignore";

/** The gate's validated inputs; absent from the config when `expectations` is empty. */
export interface GateConfig {
  /** Absolute folder of the expected outputs (inside the workspace). */
  dir: string;
  /** The folder as the user wrote it, for messages. */
  dirLabel: string;
  rules: CompareRules;
  ifNoExpectation: NoExpectationPolicy;
  update: boolean;
  /** Matched/compared fields below this fraction fail the step; undefined = no threshold. */
  minFieldAccuracy: number | undefined;
}

const POLICIES: readonly NoExpectationPolicy[] = ["fail", "warn", "ignore"];

/** Resolves a workspace path input and refuses it when it (or its real path) leaves the workspace. */
export function workspacePath(
  source: InputSource,
  name: InputName,
  value: string,
  workspace: string,
): string {
  const path = resolve(workspace, value);
  const outside = "must be a path inside the workspace; the path given is outside it (not read)";
  if (!isInside(path, workspace)) return fail(name, outside);
  if (source.realPath) {
    let real: string | undefined;
    let root = workspace;
    try {
      root = source.realPath(workspace);
      real = source.realPath(path);
    } catch {
      real = undefined; // does not exist (yet): update mode creates it
    }
    if (real !== undefined && !isInside(real, root)) return fail(name, outside);
  }
  return path;
}

function parseCompare(source: InputSource, workspace: string): CompareRules {
  const value = source.getInput("compare").trim();
  if (value === "") return EXACT_RULES;
  let json: unknown;
  if (value.startsWith("{")) {
    json = parseJsonObject("compare", value, "inline JSON");
  } else {
    if (value.includes("\n"))
      fail("compare", "must be inline JSON (starting with {) or a path to a JSON file", value);
    const path = workspacePath(source, "compare", value, workspace);
    let text: string;
    try {
      text = source.readTextFile(path);
    } catch {
      return fail(
        "compare",
        "must be inline JSON or the path of a readable JSON file in the workspace",
        value,
      );
    }
    json = parseJsonObject("compare", text, `file ${quote(value)}`, true);
  }
  try {
    return parseCompareRules(json);
  } catch (error) {
    return fail("compare", `is not valid: ${(error as Error).message}`);
  }
}

/** `0.95` or `95%`: a fraction from 0 to 1. */
function parseAccuracy(source: InputSource): number | undefined {
  const value = source.getInput("min-field-accuracy").trim();
  if (value === "") return undefined;
  const accepted = "must be a fraction from 0 to 1 (0.95) or a percentage (95%)";
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(value);
  if (!match) return fail("min-field-accuracy", accepted, value);
  const n = Number(match[1]) / (match[2] === "%" ? 100 : 1);
  if (!(n >= 0 && n <= 1)) return fail("min-field-accuracy", accepted, value);
  return n;
}

/** Parses the gate inputs; undefined when `expectations` is empty (the other gate inputs then must be too). */
export function parseGateInputs(source: InputSource, workspace: string): GateConfig | undefined {
  const dirLabel = source.getInput("expectations").trim();
  if (dirLabel === "") {
    for (const name of ["compare", "update-expectations", "min-field-accuracy"] as const) {
      const value = source.getInput(name).trim();
      if (value !== "" && !(name === "update-expectations" && value === "false"))
        fail(name, "needs the expectations input (the folder of expected outputs)", value);
    }
    return undefined;
  }
  if (dirLabel.includes("\n")) fail("expectations", "must be one folder path", dirLabel);
  const policy = read(source, "if-no-expectation");
  if (!(POLICIES as readonly string[]).includes(policy))
    fail("if-no-expectation", `must be one of ${POLICIES.join(", ")}`, policy);
  return {
    dir: workspacePath(source, "expectations", dirLabel, workspace),
    dirLabel,
    rules: parseCompare(source, workspace),
    ifNoExpectation: policy as NoExpectationPolicy,
    update: parseBoolean(source, "update-expectations"),
    minFieldAccuracy: parseAccuracy(source),
  };
}
