// Runs the committed dist/index.js exactly as the GitHub runner does — INPUT_* variables (dashes kept),
// GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files created beforehand, RUNNER_TEMP and GITHUB_WORKSPACE dirs —
// against the emulator CLI on 127.0.0.1, under Node 20 and Node 24.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnEmulator } from "@extendkit/emulator/process";
import { node24Path } from "@extendkit/node24";
import { afterAll, beforeAll, beforeEach } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
/** apps/action */
export const actionDir = join(here, "..", "..");

/**
 * Node 20: the one running the tests when it is 20, else the first `node` on PATH outside node_modules
 * (a package's `node` in node_modules/.bin may come first on PATH under `pnpm run`). Falls back to
 * process.execPath, which the version test then flags.
 */
function node20(): string {
  const dirs = (process.env["PATH"] ?? "")
    .split(delimiter)
    .filter((dir) => dir && !dir.includes("node_modules"));
  for (const bin of [process.execPath, ...dirs.map((dir) => join(dir, "node"))]) {
    if (!existsSync(bin)) continue;
    const version = spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout?.trim() ?? "";
    if (version.startsWith("v20.")) return bin;
  }
  return process.execPath;
}

/**
 * The Node versions the bundle must run on: the repo's Node 20 and the runner's Node 24 (from
 * `@extendkit/node24`, never a fallback: the tests check the binary exists and its version).
 */
export const RUNTIMES = [
  { name: "node20", version: "v20.", bin: node20() },
  { name: "node24", version: "v24.", bin: node24Path },
] as const;

/** A key unique to this test run, so finding it anywhere is meaningful. */
export function uniqueKey(label: string): string {
  return `sk_test_${label}_${randomBytes(12).toString("hex")}`;
}

/** Parsed JSON from the emulator or the results file; tests assert on its shape. */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON and assert on it field by field.
export type Json = any;

/** An emulator CLI process. */
export interface EmulatorProcess {
  url: string;
  api(
    method: string,
    path: string,
    options?: { body?: unknown; key?: string },
  ): Promise<{ status: number; json: Json }>;
  journal(): Promise<
    Array<{ method: string; path: string; status: number; fileId?: string; runId?: string; fault?: string }>
  >;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the emulator CLI (`spawnEmulator`, `--port 0`) on 127.0.0.1 with nothing of this process's
 * environment but PATH, and waits for its `listening on` line.
 */
export async function startEmulatorCli(args: string[]): Promise<EmulatorProcess> {
  const emulator = await spawnEmulator({
    args: ["--host", "127.0.0.1", ...args],
    env: { PATH: process.env["PATH"] ?? "" },
    timeoutMs: 15_000,
  });
  const { url } = emulator;
  const api: EmulatorProcess["api"] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { "x-extend-api-version": "2025-04-21" };
    if (options.key) headers["authorization"] = `Bearer ${options.key}`;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    return { status: response.status, json: await response.json() };
  };
  return {
    url,
    api,
    journal: async () => (await api("GET", "/_emulator/requests")).json.requests,
    reset: async () => {
      await api("POST", "/_emulator/reset");
    },
    stop: async () => {
      await emulator.stop();
    },
  };
}

/** What one run of the bundle produced. */
export interface ActionRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Outputs parsed from GITHUB_OUTPUT (last value wins, as on GitHub). */
  outputs: Record<string, string>;
  outputsRaw: string;
  summary: string;
  /** The results file's text, or undefined when none was written. */
  resultsText: string | undefined;
  results: Json;
  workspace: string;
  runnerTemp: string;
}

/** Parses the `name<<delimiter` blocks of a GITHUB_OUTPUT file. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] ?? "");
    if (!match?.[1] || !match[2]) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i] ?? "");
    outputs[match[1]] = value.join("\n");
  }
  return outputs;
}

/** Options of {@link runBundle}. */
export interface RunOptions {
  bin: string;
  inputs: Record<string, string>;
  /** Files to create in the workspace (path → content). */
  files?: Record<string, string>;
  env?: Record<string, string>;
  /** Called once the child runs; may signal it. */
  during?(child: ChildProcess): Promise<void> | void;
  timeoutMs?: number;
}

/** Runs dist/index.js like the runner and collects every artifact. */
export async function runBundle(options: RunOptions): Promise<ActionRun> {
  const base = await mkdtemp(join(tmpdir(), "extendkit-e2e-"));
  const workspace = join(base, "workspace");
  const runnerTemp = join(base, "runner-temp");
  const outputFile = join(base, "github-output");
  const summaryFile = join(base, "step-summary.md");
  await mkdir(workspace, { recursive: true });
  await mkdir(runnerTemp, { recursive: true });
  // The runner creates both files before the step starts.
  await writeFile(outputFile, "");
  await writeFile(summaryFile, "");
  for (const [path, content] of Object.entries(options.files ?? {})) {
    await mkdir(dirname(join(workspace, path)), { recursive: true });
    await writeFile(join(workspace, path), content);
  }
  const env: Record<string, string> = {
    PATH: process.env["PATH"] ?? "",
    HOME: base,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_REPOSITORY: "acme/invoices",
    GITHUB_RUN_ID: "4242",
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs))
    env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;

  const child = spawn(options.bin, [join(actionDir, "dist", "index.js")], {
    cwd: workspace,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const killer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 45_000);
  try {
    await options.during?.(child);
  } finally {
    // Leave the child to finish on its own; the timer is the safety net.
  }
  const { code, signal } = await exited;
  clearTimeout(killer);
  // stdio may flush after exit.
  await new Promise((resolve) => setImmediate(resolve));
  const outputsRaw = await readFile(outputFile, "utf8");
  const resultsPath = join(runnerTemp, "extend-results.json");
  const resultsText = existsSync(resultsPath) ? await readFile(resultsPath, "utf8") : undefined;
  const run: ActionRun = {
    code,
    signal,
    stdout,
    stderr,
    outputs: parseOutputs(outputsRaw),
    outputsRaw,
    summary: await readFile(summaryFile, "utf8"),
    resultsText,
    results: resultsText === undefined ? undefined : JSON.parse(resultsText),
    workspace,
    runnerTemp,
  };
  cleanups.push(() => rm(base, { recursive: true, force: true }));
  return run;
}

const cleanups: Array<() => Promise<void>> = [];

/** Removes every temp dir made by {@link runBundle}. */
export async function cleanupRuns(): Promise<void> {
  await Promise.all(cleanups.splice(0).map((fn) => fn()));
}

/**
 * The key may appear in exactly one place: the `::add-mask::` command that tells the runner to mask it
 * (the runner consumes that line; it never reaches the visible log). Everywhere else is a leak.
 */
export function secretLeaks(run: ActionRun, key: string): string[] {
  const leaks: string[] = [];
  const stdoutLines = run.stdout.split("\n").filter((line) => line.includes(key));
  if (stdoutLines.some((line) => line !== `::add-mask::${key}`)) leaks.push("stdout");
  if (run.stderr.includes(key)) leaks.push("stderr");
  if (run.outputsRaw.includes(key)) leaks.push("outputs");
  if (run.summary.includes(key)) leaks.push("summary");
  if (run.resultsText?.includes(key)) leaks.push("results");
  return leaks;
}

/** Polls until `check` is true. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** An invoice-like text document. */
export function invoice(number: string, extra = ""): string {
  return `ACME Corp\nInvoice Number: ${number}\nInvoice Date: 2024-03-01\nTotal: 99.00 USD\n${extra}\n`;
}

/** The emulator a suite shares, plus the action inputs that point at it. */
export interface SuiteEmulator {
  /** Delegates to the emulator CLI started for the suite; only usable inside tests and hooks. */
  emulator: EmulatorProcess;
  /** The inputs every run of the suite needs (key, emulator URL, invoice processor, `files`), plus `extra`. */
  inputs(extra?: Record<string, string>): Record<string, string>;
}

/**
 * Registers the hooks of a suite that runs the bundle against one emulator CLI: start it once with `key`
 * and `latency`, reset it before each test, stop it and remove the runs' temp dirs afterwards.
 * Call it inside a `describe` callback.
 */
export function useSuiteEmulator(options: { key: string; latency: string; files: string }): SuiteEmulator {
  let current: EmulatorProcess | undefined;
  const started = (): EmulatorProcess => {
    if (!current) throw new Error("the suite's emulator CLI is not running (use it inside a test or hook)");
    return current;
  };
  beforeAll(async () => {
    current = await startEmulatorCli(["--latency", options.latency, "--api-key", options.key]);
  });
  afterAll(async () => {
    await started().stop();
    await cleanupRuns();
  });
  beforeEach(async () => {
    await started().reset();
  });
  const emulator: EmulatorProcess = {
    get url() {
      return started().url;
    },
    api: (method, path, apiOptions) => started().api(method, path, apiOptions),
    journal: () => started().journal(),
    reset: () => started().reset(),
    stop: () => started().stop(),
  };
  return {
    emulator,
    inputs: (extra = {}) => ({
      "api-key": options.key,
      "base-url": started().url,
      "processor-id": "dp_invoice_extractor",
      files: options.files,
      ...extra,
    }),
  };
}
