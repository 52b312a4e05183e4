// Runs the action's committed bundle exactly as the GitHub runner does: `node dist/index.js` with the
// inputs as INPUT_<NAME> variables (dashes kept), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY created empty
// before the step, RUNNER_TEMP and GITHUB_WORKSPACE folders, and the runner's GITHUB_* variables.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inputVariable, parseGithubOutput } from "./github-output.js";
import { type ManagedProcess, startProcess } from "./managed-process.js";
import { ACTION_BUNDLE } from "./workspace.js";

/** Options of {@link startActionBundle}. */
export interface ActionBundleOptions {
  /** The Node binary: Node 24 as on GitHub (`requireNode24()`), or Node 20 for the older runtime. */
  node: string;
  /** Inputs by their action.yml names (`api-key`, `processor-id`, …). */
  inputs: Record<string, string>;
  /** Folder for GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and RUNNER_TEMP (created). */
  workDir: string;
  /** The GITHUB_OUTPUT file; default `<workDir>/github-output`. */
  outputPath?: string;
  /** The GITHUB_STEP_SUMMARY file; default `<workDir>/step-summary.md`. */
  summaryPath?: string;
  /** GITHUB_WORKSPACE and the working directory (globs are relative to it). */
  workspace: string;
  /**
   * The runner's own environment, before the GITHUB_* variables and the inputs are added; default
   * `process.env`. INPUT_* variables in it are dropped: the runner passes only this step's inputs.
   */
  env?: NodeJS.ProcessEnv;
  /** The run's other GITHUB_* variables (GITHUB_REPOSITORY, GITHUB_RUN_ID, …), as the caller's scenario needs. */
  github?: Record<string, string>;
  /** SIGKILL after this long (a safety net; the tests' own timeouts come first); default 10 min. */
  timeoutMs?: number;
  /** The bundle; default apps/action/dist/index.js. */
  bundle?: string;
}

/** What one run of the bundle left behind. */
export interface ActionBundleRun {
  /** Exit code, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** GITHUB_OUTPUT parsed (last value wins, as on GitHub). */
  outputs: Record<string, string>;
  outputsRaw: string;
  summary: string;
  summaryPath: string;
  outputPath: string;
  runnerTemp: string;
  durationMs: number;
}

/** A started run: the process (to signal it or follow its output) and its result. */
export interface StartedActionBundle {
  process: ManagedProcess;
  result: Promise<ActionBundleRun>;
}

/** Starts the bundle like the runner; `result` resolves once it exited and its output is read. */
export function startActionBundle(options: ActionBundleOptions): StartedActionBundle {
  const runnerTemp = join(options.workDir, "runner-temp");
  mkdirSync(runnerTemp, { recursive: true });
  const outputPath = options.outputPath ?? join(options.workDir, "github-output");
  const summaryPath = options.summaryPath ?? join(options.workDir, "step-summary.md");
  // The runner creates both files before the step starts.
  writeFileSync(outputPath, "");
  writeFileSync(summaryPath, "");
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(options.env ?? process.env)) {
    if (!key.startsWith("INPUT_")) env[key] = value;
  }
  Object.assign(env, {
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: runnerTemp,
    ...options.github,
  });
  for (const [name, value] of Object.entries(options.inputs)) env[inputVariable(name)] = value;

  const started = Date.now();
  const proc = startProcess({
    name: "action bundle",
    command: options.node,
    args: [options.bundle ?? ACTION_BUNDLE],
    cwd: options.workspace,
    env,
  });
  let stdout = "";
  let stderr = "";
  proc.child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  proc.child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const killer = setTimeout(() => proc.signal("SIGKILL"), options.timeoutMs ?? 600_000);
  const result = (async (): Promise<ActionBundleRun> => {
    // `exited` waits for "close", so every byte of the logs has been read.
    const code = await proc.exited;
    clearTimeout(killer);
    await proc.stop();
    const outputsRaw = readFileSync(outputPath, "utf8");
    return {
      code,
      signal: proc.child.signalCode,
      stdout,
      stderr,
      outputs: parseGithubOutput(outputsRaw),
      outputsRaw,
      summary: readFileSync(summaryPath, "utf8"),
      summaryPath,
      outputPath,
      runnerTemp,
      durationMs: Date.now() - started,
    };
  })();
  return { process: proc, result };
}

/** Runs the bundle like the runner and collects its exit code, logs, outputs and summary. */
export function runActionBundle(options: ActionBundleOptions): Promise<ActionBundleRun> {
  return startActionBundle(options).result;
}
