/**
 * The engine: runs every selected file through upload → run → wait with at most `concurrency` files in
 * flight, enforces the overall timeout, reacts to the runner's cancellation, and returns one result per
 * file in the order the files were given. Plain code: the client, file reader, clock, reporter and
 * cancellation signal are injected, so it runs the same under the runner, in tests and in the benchmark.
 */
import {
  type ProcessorConfig,
  type ProcessorRunMetadata,
  type Uploadable,
  USAGE_TAGS_KEY,
} from "@extendkit/core";
import { formatSize } from "../inputs/byte-size.js";
import type { JsonRecord, RunConfig } from "../inputs/run-config.js";
import { countOutcomes, type Totals } from "../outcomes.js";
import type { CreateRunParams, EngineClient } from "./engine-client.js";
import type { WorkspaceFile } from "./find-files.js";
import { createListPoller, type ListPoller, type ListPollingPlan } from "./list-poller.js";
import { DEFAULT_POLLING, type FileContext, type PollingPlan, processFile } from "./process-file.js";
import { emptyResult, type FileResult } from "./results.js";
import { FILE_METADATA_KEY, INVOCATION_METADATA_KEY, newInvocationNonce } from "./run-metadata.js";
import { describeStop, type StopReason, StopSwitch } from "./stop-switch.js";
import { DEFAULT_RECOVERY, type RecoveryPlan } from "./uncertain-writes.js";

/**
 * How far past the overall timeout the engine may go to cancel runs in flight and report: the step ends
 * within this of its `timeout`, cancels included.
 */
export const TIMEOUT_GRACE_MS = 800;

/** What to run. */
export interface EnginePlan {
  files: readonly WorkspaceFile[];
  processorId: string;
  processorVersion: string;
  config: RunConfig | undefined;
  priority: number | undefined;
  metadata: JsonRecord;
  usageTags: readonly string[];
  concurrency: number;
  timeoutMs: number;
  timeoutLabel: string;
  cancelOnAbort: boolean;
  /** How runs are polled one by one; {@link DEFAULT_POLLING} when absent. */
  polling?: PollingPlan;
  /**
   * Learn run states from the processor's run list (see list-poller.ts) with this plan; when absent,
   * every run is polled on its own.
   */
  listPolling?: ListPollingPlan;
  /** How lost replies of uploads and creates are recovered; {@link DEFAULT_RECOVERY} when absent. */
  recovery?: RecoveryPlan;
  /** Files larger than this are refused before any upload, each with its own error; unlimited when absent. */
  maxFileSize?: number;
  /** This invocation's nonce (see run-metadata.ts), which every run carries; a fresh one when absent. */
  invocation?: string;
}

/** Hooks for logs and progress. */
export interface EngineReporter {
  /** A file reached its final outcome. `totals` counts every file finished so far. */
  fileDone?(result: FileResult, totals: Totals): void;
  /** The engine is stopping early. */
  stopping?(reason: StopReason): void;
}

/** Injected dependencies. */
export interface EngineDeps {
  client: EngineClient;
  /** Opens a workspace file for upload (a lazy Blob in the action, so nothing is buffered). */
  readFile(path: string): Promise<Uploadable>;
  now?(): number;
  reporter?: EngineReporter;
  /** The runner's cancellation (SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** A reason to start no file at all, known before the engine runs (the preflight's fatal error). */
  initialStop?: StopReason;
}

/** What an engine run produced. */
export interface EngineOutcome {
  results: FileResult[];
  totals: Totals;
  /** Why the engine stopped early, if it did (the first reason). */
  stop: StopReason | undefined;
  durationMs: number;
  /** The nonce every run of this invocation carries. */
  invocation: string;
  /** What the list poller did, when the plan used it. */
  listPoller?: ListPoller["stats"];
}

/** The create parameters of one file: user metadata, usage tags and the file's path. */
export function buildRunParams(
  plan: EnginePlan & { invocation: string },
  file: WorkspaceFile,
  fileId: string,
): CreateRunParams {
  const metadata: Record<string, unknown> = {
    ...plan.metadata,
    [FILE_METADATA_KEY]: file.path,
    [INVOCATION_METADATA_KEY]: plan.invocation,
  };
  if (plan.usageTags.length > 0) metadata[USAGE_TAGS_KEY] = [...plan.usageTags];
  const params: CreateRunParams = {
    processorId: plan.processorId,
    version: plan.processorVersion,
    // The workspace path is unique per file: after a lost reply the run is found by it (and its file id).
    file: { fileId, fileName: file.path },
    // Both come from JSON.parse of validated inputs, so they are JSON values of the documented shape.
    metadata: metadata as ProcessorRunMetadata,
  };
  if (plan.priority !== undefined) params.priority = plan.priority;
  if (plan.config !== undefined) params.config = plan.config as unknown as ProcessorConfig;
  return params;
}

/** Runs every file of `plan`. Never throws for a file's failure; each file gets a result. */
export async function runEngine(plan: EnginePlan, deps: EngineDeps): Promise<EngineOutcome> {
  const now = deps.now ?? Date.now;
  const started = now();
  const stop = new StopSwitch();
  const invocation = plan.invocation ?? newInvocationNonce();
  const reporter = deps.reporter ?? {};
  let announced = false;
  const stopWith = (reason: StopReason) => {
    stop.stop(reason);
    if (!announced) {
      announced = true;
      try {
        reporter.stopping?.(reason);
      } catch {
        // Logging only; stopping must happen regardless.
      }
    }
  };

  const timer = setTimeout(() => stopWith({ kind: "timeout", label: plan.timeoutLabel }), plan.timeoutMs);
  // Past the timeout, cancels get what is left of the grace; at its end the engine reports and returns
  // even if a request still hangs (a create is never aborted, so it could otherwise hold the step).
  const hardDeadline = started + plan.timeoutMs + TIMEOUT_GRACE_MS;
  let hardTimer: ReturnType<typeof setTimeout> | undefined;
  const hardStop = new Promise<void>((resolve) => {
    hardTimer = setTimeout(resolve, plan.timeoutMs + TIMEOUT_GRACE_MS);
  });
  const onAbort = () => stopWith({ kind: "abort", detail: abortDetail(deps.signal?.reason) });
  if (deps.initialStop) stopWith(deps.initialStop);
  if (deps.signal?.aborted) onAbort();
  else deps.signal?.addEventListener("abort", onAbort, { once: true });

  const listPoller: ListPoller | undefined = plan.listPolling
    ? createListPoller(deps.client, plan.processorId, plan.listPolling)
    : undefined;
  const ctx: FileContext = {
    client: deps.client,
    readFile: deps.readFile,
    now,
    stop,
    runParams: (file, fileId) => buildRunParams({ ...plan, invocation }, file, fileId),
    waitTimeoutMs: plan.timeoutMs,
    timeoutLabel: plan.timeoutLabel,
    polling: plan.polling ?? DEFAULT_POLLING,
    ...(listPoller ? { listPoller } : {}),
    recovery: plan.recovery ?? DEFAULT_RECOVERY,
    cancelOnAbort: plan.cancelOnAbort,
    deadline: hardDeadline,
    track: (file, ids) => {
      inFlight[file.path] = { ...inFlight[file.path], ...ids };
    },
  };
  const inFlight: Record<string, { fileId?: string; runId?: string }> = {};

  // The first file goes alone until its create has been answered: a wrong processor id, config type or key
  // then costs one upload and one refused create, not one per concurrency slot.
  let openGate = () => {};
  const firstCreate = new Promise<void>((resolve) => {
    openGate = resolve;
  });
  ctx.createSettled = () => openGate();

  const results: (FileResult | undefined)[] = new Array(plan.files.length);
  const finished: FileResult[] = [];
  // Oversized files are refused up front: they never take a slot, and never cost an upload.
  const limit = plan.maxFileSize ?? Number.POSITIVE_INFINITY;
  const accepted: number[] = [];
  plan.files.forEach((file, index) => {
    if (file.bytes <= limit) {
      accepted.push(index);
      return;
    }
    const result = tooLarge(file, limit);
    results[index] = result;
    finished.push(result);
  });
  let next = 0;
  const worker = async () => {
    for (let slot = next++; slot < accepted.length; slot = next++) {
      const index = accepted[slot] as number;
      const file = plan.files[index] as WorkspaceFile;
      if (slot > 0) await firstCreate;
      const result = await processFile(ctx, file);
      if (slot === 0) openGate();
      results[index] = result;
      finished.push(result);
      try {
        reporter.fileDone?.(result, countOutcomes(finished, plan.files.length));
      } catch {
        // A failing log line must not cost the other files their results.
      }
    }
  };
  const workers = Array.from({ length: Math.min(plan.concurrency, accepted.length) }, worker);
  try {
    await Promise.race([Promise.all(workers), hardStop]);
  } finally {
    clearTimeout(timer);
    clearTimeout(hardTimer);
    deps.signal?.removeEventListener("abort", onAbort);
  }
  // Files whose requests still hang at the hard deadline are reported as they stand.
  plan.files.forEach((file, index) => {
    if (results[index] !== undefined) return;
    const result = emptyResult(file.path, file.bytes, "timed-out");
    const ids = inFlight[file.path];
    result.fileId = ids?.fileId ?? null;
    result.runId = ids?.runId ?? null;
    result.note = `still in flight when ${describeStop({ kind: "timeout", label: plan.timeoutLabel })}${ids?.runId ? "; its run may still be running" : ""}`;
    result.durationMs = now() - started;
    results[index] = result;
  });
  const all = results.filter((r): r is FileResult => r !== undefined);
  return {
    results: all,
    totals: countOutcomes(all),
    stop: stop.startReason,
    durationMs: now() - started,
    invocation,
    ...(listPoller ? { listPoller: listPoller.stats } : {}),
  };
}

/** The result of a file over `max-file-size`: an error before any request. */
function tooLarge(file: WorkspaceFile, limit: number): FileResult {
  const result = emptyResult(file.path, file.bytes, "error");
  result.error = {
    stage: "read",
    message: `${file.path} is ${formatSize(file.bytes)} (${file.bytes} bytes), larger than max-file-size (${formatSize(limit)})`,
    advice: "not uploaded: raise max-file-size, or leave the file out of the files input",
    status: null,
    code: "FILE_TOO_LARGE",
    requestId: null,
    mayHaveCreatedRun: false,
  };
  return result;
}

function abortDetail(reason: unknown): string {
  if (typeof reason === "string") return reason;
  if (reason instanceof Error && reason.message) return reason.message;
  return "signal";
}
