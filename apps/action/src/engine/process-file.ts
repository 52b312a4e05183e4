/**
 * One file's pipeline: read → upload → create the run by fileId → wait → result. Whatever happens, it
 * returns a {@link FileResult}; it never throws. A create request is never aborted mid-flight (the run
 * could exist without us knowing its id); if the action is stopping, the run is cancelled right after.
 * Uploads and creates with an uncertain outcome are looked up before anything is sent again
 * (see uncertain-writes.ts), so a lost reply neither loses the file nor creates a second run.
 */
import { isTerminalStatus, type ProcessorRun, type Uploadable } from "@extendkit/core";
import type { Outcome } from "../outcomes.js";
import type { CreateRunParams, EngineClient } from "./engine-client.js";
import { describeError } from "./error-advice.js";
import type { WorkspaceFile } from "./find-files.js";
import type { ListPoller } from "./list-poller.js";
import { emptyResult, type FileResult, type Stage } from "./results.js";
import { describeStop, type StopReason, type StopSwitch } from "./stop-switch.js";
import {
  createRunAtMostOnce,
  type RecoveryPlan,
  uploadAgainOnDoubt,
  type WriteContext,
} from "./uncertain-writes.js";

/** Everything a file's pipeline needs. */
export interface FileContext {
  client: EngineClient;
  /** Opens a workspace file for upload (a lazy Blob in the action, so nothing is buffered). */
  readFile(path: string): Promise<Uploadable>;
  now(): number;
  stop: StopSwitch;
  /** Builds the create parameters for an uploaded file. */
  runParams(file: WorkspaceFile, fileId: string): CreateRunParams;
  /** Upper bound for `wait` (the overall timeout normally fires first). */
  waitTimeoutMs: number;
  /** The overall timeout as the user wrote it. */
  timeoutLabel: string;
  polling: PollingPlan;
  /** Learns run states from the run list (one request for all runs); per-run polling when absent. */
  listPoller?: ListPoller;
  recovery: RecoveryPlan;
  cancelOnAbort: boolean;
  /** Epoch ms by which stopping (cancels included) must be over; bounds every request made while stopping. */
  deadline?: number;
  /** Records the ids a file has got so far, for a report made while its requests still hang. */
  track?(file: WorkspaceFile, ids: { fileId?: string; runId?: string }): void;
  /** Called once the file's create has been answered (either way), or when it will not be sent. */
  createSettled?(): void;
}

/**
 * How runs are polled: every `fastIntervalMs` during the first `fastPhaseMs` (short runs are seen
 * finishing within a fraction of a second), then the client's backoff (1 s growing to 10 s) so long
 * runs cost few requests.
 */
export interface PollingPlan {
  fastIntervalMs: number;
  fastPhaseMs: number;
}

/** Default polling: 250 ms for the first 3 s, then the client's backoff. */
export const DEFAULT_POLLING: PollingPlan = { fastIntervalMs: 250, fastPhaseMs: 3000 };

/**
 * Time limits of a cancel and of the get after a failed cancel: the runner sends SIGINT, then SIGTERM
 * 7.5 s later and SIGKILL 2.5 s after that, so stopping must finish within a few seconds.
 */
const CANCEL_TIMEOUT_MS = 3000;
const GET_AFTER_CANCEL_TIMEOUT_MS = 2000;

function outcomeOfStop(reason: StopReason): Outcome {
  if (reason.kind === "timeout") return "timed-out";
  if (reason.kind === "abort") return "cancelled";
  return "error";
}

/** Fills the run's fields into `result` and classifies a terminal status. */
function applyRun(result: FileResult, run: ProcessorRun): FileResult {
  result.runId = run.id;
  result.status = run.status;
  result.failureReason = run.failureReason ?? null;
  result.failureMessage = run.failureMessage ?? null;
  result.url = run.url ?? null;
  result.credits = run.usage?.credits ?? null;
  const output = run.output as unknown;
  const empty = typeof output === "object" && output !== null && Object.keys(output).length === 0;
  result.output = output === undefined || empty ? null : output;
  if (run.status === "PROCESSED") result.outcome = "processed";
  else if (run.status === "FAILED") result.outcome = "failed";
  else if (run.status === "CANCELLED") {
    result.outcome = "cancelled";
    result.note ??= "the run was cancelled outside this action";
  } else {
    // Not terminal (or a status this action does not know): the caller decides what it means.
    result.outcome = "error";
  }
  return result;
}

/** `ms`, shortened so the request ends before the stopping deadline (at least 50 ms). */
function withinDeadline(ctx: FileContext, ms: number): number {
  return ctx.deadline === undefined ? ms : Math.max(50, Math.min(ms, ctx.deadline - ctx.now() - 50));
}

/** Stops a run that is still going because the action is stopping; reports what really happened. */
async function stopRun(
  ctx: FileContext,
  result: FileResult,
  run: ProcessorRun,
  reason: StopReason,
): Promise<FileResult> {
  applyRun(result, run);
  const why = describeStop(reason);
  if (reason.kind === "abort" && !ctx.cancelOnAbort) {
    result.outcome = "cancelled";
    result.note = `${why}; the run was left running (cancel-on-abort is false)`;
    return result;
  }
  let latest: ProcessorRun | undefined;
  try {
    latest = await ctx.client.processorRuns.cancel(run.id, {
      timeoutMs: withinDeadline(ctx, CANCEL_TIMEOUT_MS),
      maxRetries: 1,
    });
  } catch (error) {
    // Most often the run finished just before the cancel arrived (400): look at what it became.
    try {
      latest = await ctx.client.processorRuns.get(run.id, {
        timeoutMs: withinDeadline(ctx, GET_AFTER_CANCEL_TIMEOUT_MS),
        maxRetries: 0,
      });
    } catch {
      result.outcome = outcomeOfStop(reason);
      result.note = `${why}; cancelling the run failed, it may still be running`;
      result.error = describeError(error, "cancel");
      return result;
    }
  }
  applyRun(result, latest);
  if (latest.status === "PROCESSED" || latest.status === "FAILED") {
    result.note = `finished just as ${why}`;
    return result;
  }
  result.outcome = outcomeOfStop(reason);
  result.note = isTerminalStatus(latest.status)
    ? `${why}; the run was cancelled`
    : `${why}; cancel requested`;
  return result;
}

/** Runs one file through the pipeline. Never throws. */
export async function processFile(ctx: FileContext, file: WorkspaceFile): Promise<FileResult> {
  const started = ctx.now();
  const result = emptyResult(file.path, file.bytes, "error");
  const writes: WriteContext = {
    client: ctx.client,
    recovery: ctx.recovery,
    notes: [],
    stopping: () => ctx.stop.inFlightReason !== undefined,
    signal: ctx.stop.signal,
  };
  const finish = (value: FileResult): FileResult => {
    value.durationMs = Math.max(0, ctx.now() - started);
    // What recovering from lost replies took comes first; the outcome's own note (if any) after it.
    value.recoveries = [...writes.notes];
    const notes = [...writes.notes, value.note].filter((n): n is string => Boolean(n));
    value.note = notes.length > 0 ? notes.join("; ") : null;
    return value;
  };
  const notRun = (reason: StopReason, detail: string): FileResult => {
    result.outcome = outcomeOfStop(reason);
    result.note = `${detail}: ${describeStop(reason)}`;
    if (reason.kind === "fatal") result.error = reason.error;
    return finish(result);
  };

  const startReason = ctx.stop.startReason;
  if (startReason) return notRun(startReason, "not started");

  let stage: Stage = "read";
  let run: ProcessorRun | undefined;
  try {
    const data = await ctx.readFile(file.absolutePath);
    stage = "upload";
    // The workspace path, not just the base name: unique per file, so a lost upload or run can be found by it.
    const uploaded = await uploadAgainOnDoubt(writes, data, file.path);
    result.fileId = uploaded.id;
    ctx.track?.(file, { fileId: uploaded.id });
    result.fileCredits = uploaded.usage?.credits ?? null;
    const afterUpload = ctx.stop.inFlightReason;
    if (afterUpload) return notRun(afterUpload, `uploaded as ${uploaded.id} but not run`);

    stage = "create";
    try {
      run = await createRunAtMostOnce(writes, ctx.runParams(file, uploaded.id));
    } finally {
      ctx.createSettled?.();
    }
    ctx.track?.(file, { runId: run.id });
    applyRun(result, run);
    if (isTerminalStatus(run.status)) return finish(result);
    const afterCreate = ctx.stop.inFlightReason;
    if (afterCreate) return finish(await stopRun(ctx, result, run, afterCreate));

    stage = "wait";
    const final = ctx.listPoller
      ? await ctx.listPoller.wait(run.id, ctx.stop.signal, (id) => waitForRun(ctx, id))
      : await waitForRun(ctx, run.id);
    applyRun(result, final);
    if (!isTerminalStatus(final.status))
      result.note = `waiting ended with the unexpected status ${final.status}`;
    return finish(result);
  } catch (error) {
    const stopping = ctx.stop.inFlightReason;
    if (stopping && run) return finish(await stopRun(ctx, result, lastSeen(error) ?? run, stopping));
    if (stopping && stage === "upload") return notRun(stopping, "stopped during upload");
    if (run && isWaitTimeout(error)) {
      return finish(
        await stopRun(ctx, result, lastSeen(error) ?? run, { kind: "timeout", label: ctx.timeoutLabel }),
      );
    }
    const described = describeError(error, stage);
    const { fatal, ...fileError } = described;
    if (fatal) ctx.stop.stop({ kind: "fatal", error: fileError });
    result.outcome = "error";
    result.error = fileError;
    if (run) result.note = `lost track of run ${run.id}: it may still be running`;
    return finish(result);
  }
}

/** Waits in two phases (see {@link PollingPlan}); a timeout of the fast phase just moves on to the slow one. */
async function waitForRun(ctx: FileContext, id: string): Promise<ProcessorRun> {
  const { fastIntervalMs, fastPhaseMs } = ctx.polling;
  if (fastPhaseMs > 0) {
    try {
      return await ctx.client.processorRuns.wait(id, {
        signal: ctx.stop.signal,
        timeoutMs: Math.min(fastPhaseMs, ctx.waitTimeoutMs),
        pollIntervalMs: fastIntervalMs,
        maxPollIntervalMs: fastIntervalMs,
      });
    } catch (error) {
      if (!isWaitTimeout(error) || ctx.stop.signal.aborted || fastPhaseMs >= ctx.waitTimeoutMs) throw error;
    }
  }
  return ctx.client.processorRuns.wait(id, { signal: ctx.stop.signal, timeoutMs: ctx.waitTimeoutMs });
}

function isWaitTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === "WaitTimeoutError";
}

/** `WaitTimeoutError` carries the last run it saw. */
function lastSeen(error: unknown): ProcessorRun | undefined {
  const run = (error as { run?: unknown } | null)?.run;
  return typeof run === "object" && run !== null && "id" in run ? (run as ProcessorRun) : undefined;
}
