/**
 * The action from inputs to verdict: parse inputs → find files → (dry run | engine) → results file,
 * job summary, annotations, outputs. Talks to the runner only through {@link RunnerIO} and to Extend only
 * through the client it builds, so the whole flow runs in tests without a runner. A failing verdict is
 * thrown as {@link ActionFailure} after every report has been written; main's single catch reports it.
 */
import { openAsBlob, readFileSync, realpathSync } from "node:fs";
import { ExtendClient } from "@extendkit/core";
import { ActionFailure } from "./action-failure.js";
import { dryRun } from "./dry-run.js";
import {
  createPacer,
  createRateGate,
  DEFAULT_LIST_POLLING,
  describeStop,
  type EngineClient,
  type FetchLike,
  type FileResult,
  runEngine,
} from "./engine/index.js";
import { fieldAccuracyOutput, gateSummary, gateVerdict, runActionGate } from "./gate/action-gate.js";
import { cacheScope, lookupCached, settleCached } from "./gate/cache-step.js";
import { commentBody, postComment } from "./gate/comment-step.js";
import { type ActionConfig, parseInputs } from "./inputs/index.js";
import { NO_OIDC_TOKEN, oidcBearer } from "./inputs/oidc-auth.js";
import { describeRateLimits } from "./inputs/rate-limits.js";
import { isProcessed, OUTCOME_NAMES, progressLine } from "./outcomes.js";
import { preflight } from "./preflight.js";
import { createProxyFetch } from "./proxy.js";
import { publish } from "./publish.js";
import { type Redactor, redactIO } from "./redact.js";
import { failureText, planAnnotations } from "./report/annotations.js";
import { formatDuration, renderSummary } from "./report/summary.js";
import { decideVerdict } from "./report/verdict.js";
import { type RunnerIO, requestIdToken } from "./runner-io.js";
import { selectFiles } from "./select-files.js";
import { withStreamingUploads } from "./streaming-upload.js";

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
  /** The runner's ID-token request for `auth: oidc`; defaults to `@actions/core` getIDToken. */
  requestIdToken?(audience: string): Promise<string>;
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
  if (!isProcessed(result.outcome)) io.info(`reason: ${failureText(result)}`);
  else if (result.note) io.info(`note: ${result.note}`);
  io.endGroup();
}

/** Counts the annotations emitted through `io`, so the step stays within GitHub's 10 per level. */
function countingIO(io: RunnerIO): { io: RunnerIO; used: { error: number; warning: number } } {
  const used = { error: 0, warning: 0 };
  return {
    used,
    io: {
      ...io,
      warning: (message, anchor) => {
        used.warning++;
        io.warning(message, anchor);
      },
      error: (message, anchor) => {
        used.error++;
        io.error(message, anchor);
      },
    },
  };
}

/** The step without a key (fork pull requests): exit 0 with a notice or warning, status=skipped. */
async function skipWithoutKey(config: ActionConfig, io: RunnerIO): Promise<void> {
  const why =
    config.auth === "oidc"
      ? `auth: oidc, but ${NO_OIDC_TOKEN}`
      : "No api-key (pull requests from forks get no secrets)";
  const message = `${why}: nothing was processed (on-missing-api-key: ${config.onMissingApiKey}).`;
  if (config.onMissingApiKey === "warn") io.warning(message, { title: "Extend: skipped" });
  else if (io.notice) io.notice(message, { title: "Extend: skipped" });
  else io.info(message);
  io.setOutput("status", "skipped");
  if (config.summary)
    await io.appendSummary(`## ⏭️ Extend processor \`${config.processorId}\`: skipped\n\n${message}\n`);
}

/** Runs the action. Resolves on success; throws {@link InputError} or {@link ActionFailure} otherwise. */
export async function runAction(rawDeps: ActionDeps): Promise<void> {
  const now = rawDeps.now ?? Date.now;
  const actionStarted = now();
  // Every string leaving through the runner IO is redacted here, whatever adapter was passed in.
  const counted = countingIO(redactIO(rawDeps.io, rawDeps.redact));
  const deps = { ...rawDeps, io: counted.io, now };
  const { io, env } = deps;
  const config = parseInputs({
    getInput: (name) => io.getInput(name),
    env,
    readTextFile: (path) => readFileSync(path, "utf8"),
    realPath: (path) => realpathSync(path),
    cwd: deps.cwd,
    tmpDir: deps.tmpDir,
  });
  for (const warning of config.warnings) io.warning(warning);
  const bearer =
    config.auth === "oidc"
      ? await oidcBearer({
          audience: config.baseUrl,
          env,
          policy: config.onMissingApiKey,
          getIDToken: deps.requestIdToken ?? requestIdToken,
          redact: (token) => rawDeps.redact.add?.(token),
        })
      : config.apiKey;
  if (bearer === null || bearer === "") return skipWithoutKey(config, io);

  const proxy = createProxyFetch(env);
  if (proxy) io.info(`Using the proxy from the environment: ${proxy.description}`);
  const transport = proxy?.fetch ?? deps.fetch ?? ((input, init) => fetch(input, init));
  // Tests inject their own fetch (an in-process emulator); the runner's uploads stream from disk.
  const streamed = deps.fetch && !proxy ? transport : withStreamingUploads(transport, proxy?.dispatcher);
  io.info(describeRateLimits(config.rateLimits));
  const gate = createRateGate(streamed, {
    ...(config.rateLimits ? { pacer: createPacer(config.rateLimits) } : {}),
    onPause: (ms, status) =>
      io.info(`Rate limited (${status}): all new requests wait ${formatDuration(ms)}.`),
  });
  const client = (deps.createClient ?? defaultClient)({
    apiKey: bearer,
    baseUrl: config.baseUrl,
    apiVersion: config.apiVersion,
    fetch: gate.fetch,
  });

  const selection = await selectFiles(config, io);
  const { files, skipped } = selection;
  const check =
    files.length === 0 || deps.signal.aborted
      ? { fatal: undefined, latest: undefined }
      : await preflight(config, client, deps.signal);
  if (config.dryRun) return dryRun(config, deps, selection, check);

  const started = now();
  // Files whose result is in the cache (cache-dir) skip the engine: no upload, no run.
  const cached = config.cache ? await lookupCached(config.cache, cacheScope(config), files) : undefined;
  const outcome = await runEngine(
    {
      files: cached?.toRun ?? files,
      processorId: config.processorId,
      processorVersion: config.processorVersion,
      config: config.config,
      priority: config.priority,
      metadata: config.metadata,
      usageTags: config.usageTags,
      concurrency: config.concurrency,
      // The timeout covers the whole step: what finding files and the check took is already spent.
      timeoutMs: Math.max(1, config.timeoutMs - (started - actionStarted)),
      timeoutLabel: config.timeoutLabel,
      cancelOnAbort: config.cancelOnAbort,
      maxFileSize: config.maxFileSize,
      ...(config.polling === "list" ? { listPolling: DEFAULT_LIST_POLLING } : {}),
    },
    {
      client,
      // A lazy Blob: the upload streams the file from disk instead of holding it in memory.
      readFile: (path) => openAsBlob(path),
      now,
      signal: deps.signal,
      ...(check.fatal ? { initialStop: { kind: "fatal", error: check.fatal } as const } : {}),
      reporter: {
        fileDone: (result, totals) => {
          logFile(io, result);
          io.info(progressLine(totals));
        },
        stopping: (reason) => io.warning(`Stopping: ${describeStop(reason)}.`),
      },
    },
  );
  if (cached) await settleCached(cached, outcome, files, io);
  if (gate.limitedResponses > 0) {
    io.info(`The API rate-limited ${gate.limitedResponses} requests; the pool slowed down and continued.`);
  }
  const polled = outcome.listPoller;
  if (polled) {
    io.info(
      polled.fallbackReason
        ? `Run states: per run (${polled.fallbackReason}).`
        : `Run states: ${polled.listRequests} list requests and ${polled.runReads} run reads.`,
    );
  }

  // The regression gate (expected outputs) turns differing files into `mismatched` before the verdict.
  const expectations = config.gate
    ? await runActionGate(
        config.gate,
        { ...outcome, workspace: config.workspace, processorId: config.processorId },
        io,
      )
    : undefined;
  const totals = expectations?.totals ?? outcome.totals;
  const verdict =
    files.length === 0
      ? { failed: false, reason: "No files to process." }
      : gateVerdict(decideVerdict(totals, config.failOn, outcome.stop), expectations);
  const annotations = planAnnotations({
    results: outcome.results,
    failOn: config.failOn,
    verdict,
    used: { ...counted.used },
  });
  for (const annotation of annotations) {
    const anchor = {
      ...(annotation.title ? { title: annotation.title } : {}),
      ...(annotation.file ? { file: annotation.file } : {}),
    };
    if (annotation.level === "error") io.error(annotation.message, anchor);
    else io.warning(annotation.message, anchor);
  }
  await publish(config, deps, {
    verdict,
    dryRun: false,
    processorId: config.processorId,
    processorVersion: config.processorVersion,
    baseUrl: config.baseUrl,
    // The whole step, as the timeout counts it.
    startedAt: actionStarted,
    finishedAt: now(),
    stop: outcome.stop,
    totals,
    files: outcome.results,
    results: outcome.results,
    skipped,
    summary: renderSummary({
      skipped,
      processorId: config.processorId,
      processorVersion: config.processorVersion,
      baseUrl: config.baseUrl,
      verdict,
      totals,
      durationMs: outcome.durationMs,
      results: outcome.results,
      resultsFile: config.resultsFile,
      // The gate's sections come right after the verdict and totals; the file table takes what is left.
      ...(expectations ? { gate: gateSummary(expectations, config.resultsFile) } : {}),
    }),
  });
  if (expectations) io.setOutput("field-accuracy", fieldAccuracyOutput(expectations));
  if (config.comment) {
    const gateResults = expectations?.outcome.results ?? [];
    const body = commentBody({ processorId: config.processorId, verdict, totals, gate: gateResults });
    await postComment(io, env, config.githubToken, body);
  }
  // The verdict was the first annotation: the runner glue only sets the exit code.
  if (verdict.failed) throw new ActionFailure(verdict.reason, { annotated: true });
  io.info(verdict.reason);
}
