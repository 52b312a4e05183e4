/**
 * The action from inputs to verdict: parse inputs → find files → (dry run | engine) → results file,
 * job summary, annotations, outputs. Talks to the runner only through {@link RunnerIO} and to Extend only
 * through the client it builds, so the whole flow runs in tests without a runner. A failing verdict is
 * thrown as {@link ActionFailure} after every report has been written; main's single catch reports it.
 */
import { openAsBlob, readFileSync, realpathSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { ExtendClient, type ProcessorRunSummary } from "@extendkit/core";
import { ActionFailure } from "./action-failure.js";
import {
  createRateGate,
  describeError,
  describeStop,
  type EngineClient,
  errorLine,
  type FetchLike,
  type FileResult,
  runEngine,
  type WorkspaceFile,
} from "./engine/index.js";
import { type ActionConfig, InputError, parseInputs } from "./inputs/index.js";
import { countOutcomes, OUTCOME_NAMES, progressLine } from "./outcomes.js";
import { createProxyFetch } from "./proxy.js";
import { type Redactor, redactIO } from "./redact.js";
import { failureText, planAnnotations } from "./report/annotations.js";
import { buildOutputs, buildResultsDocument, type ResultsInput } from "./report/results-document.js";
import { formatDuration, renderPlanSummary, renderSummary } from "./report/summary.js";
import { decideVerdict, type Verdict } from "./report/verdict.js";
import type { RunnerIO } from "./runner-io.js";
import { type Selection, selectFiles } from "./select-files.js";

export { ActionFailure };

/** The client calls the action makes: the engine's (its run list also serves the dry run's key check). */
export type ActionClient = EngineClient;

/** Everything the action depends on. */
export interface ActionDeps {
  io: RunnerIO;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  tmpDir: string;
  redact: Redactor;
  /** The runner's cancellation (SIGINT/SIGTERM). */
  signal: AbortSignal;
  /** The transport under the rate gate; defaults to the global fetch (or the proxy's when one is set). */
  fetch?: FetchLike;
  /** Builds the client; defaults to `ExtendClient`. */
  createClient?(options: {
    apiKey: string;
    baseUrl: string;
    apiVersion: string;
    fetch: FetchLike;
  }): ActionClient;
  now?(): number;
}

/**
 * Retries per request. Higher than the client's default (2): in CI a burst of 429s on one request must
 * slow the file down, not fail it. The client only repeats what is safe (a create only after 429 or
 * 503 with Retry-After), so more retries never mean duplicate runs.
 */
export const CLIENT_MAX_RETRIES = 5;

function defaultClient(options: { apiKey: string; baseUrl: string; apiVersion: string; fetch: FetchLike }) {
  return new ExtendClient({
    ...options,
    fetch: options.fetch as typeof fetch,
    maxRetries: CLIENT_MAX_RETRIES,
  }) as unknown as ActionClient;
}

function logFile(io: RunnerIO, result: FileResult): void {
  io.startGroup(
    `${OUTCOME_NAMES[result.outcome].icon} ${result.file} — ${result.outcome} in ${formatDuration(result.durationMs)}`,
  );
  if (result.runId)
    io.info(`run: ${result.runId}${result.url ? ` (${result.url})` : ""}, status ${result.status}`);
  if (result.fileId) io.info(`file: ${result.fileId} (${result.bytes} bytes)`);
  if (result.credits !== null || result.fileCredits !== null) {
    io.info(`credits: run ${result.credits ?? "n/a"}, upload ${result.fileCredits ?? "n/a"}`);
  }
  if (result.outcome !== "processed") io.info(`reason: ${failureText(result)}`);
  else if (result.note) io.info(`note: ${result.note}`);
  io.endGroup();
}

/** Writes the results file, summary and outputs shared by every path that got past input parsing. */
async function publish(
  config: ActionConfig,
  deps: ActionDeps,
  report: ResultsInput & { summary: string; results: FileResult[] },
): Promise<void> {
  const { io, redact } = deps;
  const document = buildResultsDocument(report);
  try {
    await mkdir(dirname(config.resultsFile), { recursive: true });
    await writeFile(config.resultsFile, redact(`${JSON.stringify(document, null, 2)}\n`));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ActionFailure(
      `Could not write the results file (input "results-file") ${config.resultsFile}: ${reason}`,
    );
  }
  io.info(`Results written to ${config.resultsFile}`);
  if (config.summary && !(await io.appendSummary(report.summary))) {
    io.info("No GITHUB_STEP_SUMMARY file: job summary skipped.");
  }
  const outputs = buildOutputs({
    verdict: report.verdict,
    totals: report.totals,
    results: report.results,
    resultsFile: config.resultsFile,
  });
  for (const [name, value] of Object.entries(outputs)) io.setOutput(name, value);
}

async function dryRun(config: ActionConfig, deps: ActionDeps, client: ActionClient, selection: Selection) {
  const { files, skipped } = selection;
  const { io } = deps;
  const now = deps.now ?? Date.now;
  const started = now();
  let latest: ProcessorRunSummary | undefined;
  try {
    const page = await client.processorRuns.list({ processorId: config.processorId, maxPageSize: 1 });
    latest = page.data[0];
  } catch (error) {
    throw new ActionFailure(
      `Dry run: the key check (GET /processor_runs) failed: ${errorLine(describeError(error, "wait"))}`,
    );
  }
  io.info(
    `Dry run: ${config.baseUrl} accepted the api-key (GET /processor_runs?processorId=…&maxPageSize=1).`,
  );
  const processorType = latest?.type ?? latest?.processorType;
  if (config.config && processorType && config.config.type !== processorType) {
    throw new InputError(
      "config",
      `Input "config" has type ${config.config.type}, but processor ${config.processorId} has type ${processorType} (seen on its latest run).`,
    );
  }
  const lines = [
    `processor ${config.processorId}, version ${config.processorVersion}${processorType ? `, type ${processorType}` : ""}`,
    `config: ${config.config ? `${config.config.type} override (${config.configSource})` : "the processor version's own"}`,
    `concurrency ${config.concurrency}, timeout ${config.timeoutLabel}, fail-on ${config.failOn.join(",") || "never"}`,
    `usage tags: ${config.usageTags.join(", ") || "none"}; metadata keys: ${Object.keys(config.metadata).join(", ") || "none"}`,
  ];
  io.startGroup(`Dry run plan: ${files.length} files`);
  for (const line of lines) io.info(line);
  for (const file of files) io.info(`would process ${file.path} (${file.bytes} bytes)`);
  io.endGroup();
  const verdict: Verdict = {
    failed: false,
    reason: `Dry run: ${files.length} files would be processed; nothing was created.`,
  };
  const totals = { ...countOutcomes([]), total: files.length };
  await publish(config, deps, {
    verdict,
    dryRun: true,
    processorId: config.processorId,
    processorVersion: config.processorVersion,
    baseUrl: config.baseUrl,
    startedAt: started,
    finishedAt: now(),
    stop: undefined,
    totals,
    files: files.map((f) => ({ file: f.path, bytes: f.bytes })),
    skipped,
    results: [],
    summary: renderPlanSummary({ ...config, files, lines, skipped }),
  });
  io.info(verdict.reason);
}

/** Runs the action. Resolves on success; throws {@link InputError} or {@link ActionFailure} otherwise. */
export async function runAction(rawDeps: ActionDeps): Promise<void> {
  // Every string leaving through the runner IO is redacted here, whatever adapter was passed in.
  const deps = { ...rawDeps, io: redactIO(rawDeps.io, rawDeps.redact) };
  const { io, env } = deps;
  const now = deps.now ?? Date.now;
  const config = parseInputs({
    getInput: (name) => io.getInput(name),
    env,
    readTextFile: (path) => readFileSync(path, "utf8"),
    realPath: (path) => realpathSync(path),
    cwd: deps.cwd,
    tmpDir: deps.tmpDir,
  });
  for (const warning of config.warnings) io.warning(warning);

  const proxy = createProxyFetch(env);
  if (proxy) io.info(`Using the proxy from the environment: ${proxy.description}`);
  const gate = createRateGate(proxy?.fetch ?? deps.fetch ?? ((input, init) => fetch(input, init)), {
    onPause: (ms, status) =>
      io.info(`Rate limited (${status}): all new requests wait ${formatDuration(ms)}.`),
  });
  const client = (deps.createClient ?? defaultClient)({
    apiKey: config.apiKey,
    baseUrl: config.baseUrl,
    apiVersion: config.apiVersion,
    fetch: gate.fetch,
  });

  const { files, skipped } = await selectFiles(config, io);
  if (config.dryRun) return dryRun(config, deps, client, { files, skipped });

  const started = now();
  const outcome = await runEngine(
    {
      files,
      processorId: config.processorId,
      processorVersion: config.processorVersion,
      config: config.config,
      priority: config.priority,
      metadata: config.metadata,
      usageTags: config.usageTags,
      concurrency: config.concurrency,
      timeoutMs: config.timeoutMs,
      timeoutLabel: config.timeoutLabel,
      cancelOnAbort: config.cancelOnAbort,
    },
    {
      client,
      // A lazy Blob: the upload streams the file from disk instead of holding it in memory.
      readFile: (path) => openAsBlob(path),
      now,
      signal: deps.signal,
      reporter: {
        fileDone: (result, totals) => {
          logFile(io, result);
          io.info(progressLine(totals));
        },
        stopping: (reason) => io.warning(`Stopping: ${describeStop(reason)}.`),
      },
    },
  );
  if (gate.limitedResponses > 0) {
    io.info(`The API rate-limited ${gate.limitedResponses} requests; the pool slowed down and continued.`);
  }

  const verdict =
    files.length === 0
      ? { failed: false, reason: "No files to process." }
      : decideVerdict(outcome.totals, config.failOn, outcome.stop);
  for (const annotation of planAnnotations(outcome.results, config.failOn)) {
    const anchor = { title: annotation.title, ...(annotation.file ? { file: annotation.file } : {}) };
    if (annotation.level === "error") io.error(annotation.message, anchor);
    else io.warning(annotation.message, anchor);
  }
  await publish(config, deps, {
    verdict,
    dryRun: false,
    processorId: config.processorId,
    processorVersion: config.processorVersion,
    baseUrl: config.baseUrl,
    startedAt: started,
    finishedAt: now(),
    stop: outcome.stop,
    totals: outcome.totals,
    files: outcome.results,
    results: outcome.results,
    skipped,
    summary: renderSummary({
      skipped,
      processorId: config.processorId,
      processorVersion: config.processorVersion,
      verdict,
      totals: outcome.totals,
      durationMs: outcome.durationMs,
      results: outcome.results,
      resultsFile: config.resultsFile,
    }),
  });
  if (verdict.failed) throw new ActionFailure(verdict.reason);
  io.info(verdict.reason);
}
