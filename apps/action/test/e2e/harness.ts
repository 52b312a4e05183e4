// Runs the committed dist/index.js exactly as the GitHub runner does (`runActionBundle` of
// @extendkit/testing: INPUT_* variables with dashes kept, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY created
// beforehand, RUNNER_TEMP and GITHUB_WORKSPACE dirs) against the emulator CLI on 127.0.0.1, under Node 20
// and Node 24. This file only adds the suites' conventions: a temp workspace per run, the results file,
// the runs' cleanup and the secret-leak check.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { EmulatorAdmin, JournalEntry } from "@extendkit/emulator/admin";
import {
  type ActionBundleRun,
  findNode20,
  node24Path,
  startActionBundle,
  startEmulatorProcess,
} from "@extendkit/testing";
import { afterAll, beforeAll, beforeEach } from "vitest";

/**
 * The Node versions the bundle must run on: the repo's Node 20 and the runner's Node 24 (from
 * `@extendkit/node24`, never a fallback: the tests check the binary exists and its version).
 */
export const RUNTIMES = [
  { name: "node20", version: "v20.", bin: findNode20().path },
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
  /** Its typed admin API (faults, usage, file contents, …). */
  admin: EmulatorAdmin;
  /** An API request (never an admin one), authenticated with `key` when given. */
  api(
    method: string,
    path: string,
    options?: { body?: unknown; key?: string },
  ): Promise<{ status: number; json: Json }>;
  journal(): Promise<JournalEntry[]>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the emulator CLI (`--port 0`, no rate limits) on 127.0.0.1 with nothing of this process's
 * environment but PATH, and waits for its `listening on` line.
 */
export async function startEmulatorCli(args: string[]): Promise<EmulatorProcess> {
  const emulator = await startEmulatorProcess({
    args,
    env: { PATH: process.env["PATH"] ?? "" },
    timeoutMs: 15_000,
  });
  const api: EmulatorProcess["api"] = async (method, path, options = {}) => {
    const response = await emulator.api(
      path,
      {
        method,
        ...(options.body === undefined
          ? {}
          : { body: JSON.stringify(options.body), headers: { "content-type": "application/json" } }),
      },
      options.key ?? null,
    );
    return { status: response.status, json: await response.json() };
  };
  return {
    url: emulator.url,
    admin: emulator.admin,
    api,
    journal: () => emulator.admin.journal(),
    reset: () => emulator.admin.reset(),
    stop: () => emulator.stop(),
  };
}

/** What one run of the bundle produced: the runner's view plus the action's results file. */
export interface ActionRun extends ActionBundleRun {
  /** The results file's text, or undefined when none was written. */
  resultsText: string | undefined;
  results: Json;
  workspace: string;
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

/** Runs dist/index.js like the runner (in a fresh temp workspace) and collects every artifact. */
export async function runBundle(options: RunOptions): Promise<ActionRun> {
  const base = await mkdtemp(join(tmpdir(), "extendkit-e2e-"));
  cleanups.push(() => rm(base, { recursive: true, force: true }));
  const workspace = join(base, "workspace");
  await mkdir(workspace, { recursive: true });
  for (const [path, content] of Object.entries(options.files ?? {})) {
    await mkdir(dirname(join(workspace, path)), { recursive: true });
    await writeFile(join(workspace, path), content);
  }
  const started = startActionBundle({
    node: options.bin,
    inputs: options.inputs,
    workDir: base,
    workspace,
    // Nothing of the test's environment but PATH: the runner's own variables only.
    env: { PATH: process.env["PATH"] ?? "", HOME: base, CI: "true", ...options.env },
    github: { GITHUB_REPOSITORY: "acme/invoices", GITHUB_RUN_ID: "4242" },
    timeoutMs: options.timeoutMs ?? 45_000,
  });
  await options.during?.(started.process.child);
  const run = await started.result;
  const resultsPath = join(run.runnerTemp, "extend-results.json");
  const resultsText = existsSync(resultsPath) ? await readFile(resultsPath, "utf8") : undefined;
  return {
    ...run,
    resultsText,
    results: resultsText === undefined ? undefined : JSON.parse(resultsText),
    workspace,
  };
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
    get admin() {
      return started().admin;
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
