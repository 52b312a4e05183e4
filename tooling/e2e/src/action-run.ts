// Runs the action's committed bundle exactly as the GitHub runner does: `node dist/index.js` with the
// inputs as INPUT_<NAME> variables and the runner's files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
// RUNNER_TEMP) in a folder of the test's.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { actionBundle, actionNode, repoRoot } from "./paths.js";

/** What one action run left behind. */
export interface ActionRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** GITHUB_OUTPUT parsed into name → value. */
  outputs: Record<string, string>;
  summary: string;
  summaryPath: string;
  resultsPath: string;
  durationMs: number;
}

/** Options of one action run. */
export interface ActionRunOptions {
  /** Inputs by their action.yml names (`api-key`, `processor-id`, …). */
  inputs: Record<string, string>;
  /** Folder for GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP and the results file. */
  workDir: string;
  /** GITHUB_WORKSPACE (globs are relative to it); default the repository root. */
  workspace?: string;
  timeoutMs: number;
}

/** The environment variable name the runner uses for an input. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

/** Parses a GITHUB_OUTPUT file (`name=value` lines and `name<<DELIMITER` blocks). */
export function parseGithubOutput(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2]!, i + 1);
      outputs[block[1]!] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) {
      const at = line.indexOf("=");
      outputs[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return outputs;
}

/** Runs `apps/action/dist/index.js` and collects its exit code, logs, outputs and summary. */
export async function runAction(options: ActionRunOptions): Promise<ActionRun> {
  mkdirSync(options.workDir, { recursive: true });
  const runnerTemp = join(options.workDir, "runner-temp");
  mkdirSync(runnerTemp, { recursive: true });
  const outputPath = join(options.workDir, "github-output.txt");
  const summaryPath = join(options.workDir, "step-summary.md");
  const resultsPath = options.inputs["results-file"] ?? join(options.workDir, "results.json");
  writeFileSync(outputPath, "");
  writeFileSync(summaryPath, "");
  const env: NodeJS.ProcessEnv = {};
  // The runner passes its own environment, not the test's INPUT_* leftovers.
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("INPUT_")) env[key] = value;
  Object.assign(env, {
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: options.workspace ?? repoRoot,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_REPOSITORY: "extendkit/e2e",
    GITHUB_RUN_ID: "1",
    GITHUB_WORKFLOW: "e2e",
    GITHUB_SERVER_URL: "https://github.com",
    RUNNER_TEMP: runnerTemp,
  });
  for (const [name, value] of Object.entries({ ...options.inputs, "results-file": resultsPath })) {
    env[inputVariable(name)] = value;
  }
  const started = Date.now();
  const child = spawn(actionNode(), [actionBundle], {
    cwd: options.workspace ?? repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
  // "close" (not "exit") so that every byte of the logs has been read.
  const exitCode = await new Promise<number | null>((resolve) =>
    child.once("close", (code) => resolve(code)),
  );
  clearTimeout(timer);
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseGithubOutput(readFileSync(outputPath, "utf8")),
    summary: readFileSync(summaryPath, "utf8"),
    summaryPath,
    resultsPath,
    durationMs: Date.now() - started,
  };
}

/** The parsed results file of a run (shape owned by apps/action). */
export function readResults(path: string): unknown {
  if (!existsSync(path)) throw new Error(`results file missing: ${path}`);
  return JSON.parse(readFileSync(path, "utf8"));
}
