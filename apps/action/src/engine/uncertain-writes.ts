/**
 * Uploads and run creations whose outcome is uncertain. A create (or upload) that fails with a timeout,
 * a dropped connection, a 5xx or a garbled 2xx may have been carried out by the server anyway; the client
 * never repeats it, since that could create a second run.
 *
 * Something the server may hold is adopted only when it is provably this invocation's, never by name
 * and time (another job, a re-run or a matrix leg may have written the same path a moment earlier):
 * - a run carries this invocation's random nonce in its metadata and this invocation's file id; after
 *   an uncertain create the engine looks for exactly that run, adopts it when it exists, and only when a
 *   lookup and a short re-check both show it was not created does it send the create again;
 * - an uploaded file carries nothing that could prove whose it is, so an uncertain upload is simply sent
 *   again: a stray stored copy is cheap, processing another job's bytes is not.
 * Every retry and adoption is recorded in the file's `recoveries`, which the job summary lists.
 */
import { type ExtendFile, type ProcessorRun, type Uploadable, writeOutcome } from "@extendkit/core";
import type { CreateRunParams, EngineClient } from "./engine-client.js";
import { FILE_METADATA_KEY, INVOCATION_METADATA_KEY } from "./run-metadata.js";

/** How hard the engine tries before a file ends as an error. */
export interface RecoveryPlan {
  /** Creates (or uploads) sent per file at most, the first included. */
  maxAttempts: number;
  /** Delay before the lookup is repeated once, for servers whose lists lag behind their writes. */
  recheckMs: number;
}

/** Default: 3 attempts, re-check after 1.5 s. */
export const DEFAULT_RECOVERY: RecoveryPlan = { maxAttempts: 3, recheckMs: 1500 };

/** What a write needs: the client, the plan, a place for notes and whether the action is stopping. */
export interface WriteContext {
  client: EngineClient;
  recovery: RecoveryPlan;
  /** What recovering took, one line each ("recovered run dpr_… (…)"); the job summary lists them. */
  notes: string[];
  stopping(): boolean;
  signal: AbortSignal;
}

/**
 * Server and runner clocks may differ: runs this much older than the first attempt are still looked at.
 * This only bounds the search; what proves a run is ours is its nonce and file id.
 */
const CLOCK_SKEW_MS = 120_000;
const LOOKUP_PAGE_SIZE = 10;
/** Per attempt of a lookup request; the client retries it like any read. */
const LOOKUP_TIMEOUT_MS = 15_000;

/** "HTTP 503" or the error's class: the full message is in the file's error, once. */
function briefOf(error: unknown): string {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === "number") return `HTTP ${status}`;
  return error instanceof Error ? error.name : "unknown error";
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function createdSince(createdAt: unknown, since: number): boolean {
  const at = typeof createdAt === "string" ? Date.parse(createdAt) : Number.NaN;
  // No usable timestamp: keep the candidate, the nonce and file id check decides.
  return Number.isNaN(at) || at >= since - CLOCK_SKEW_MS;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `lookup` and, when it finds nothing, once more after `recheckMs` (skipped when the action is
 * stopping). A lookup error propagates: then nothing can be said about what the server holds.
 */
async function lookTwice<T>(ctx: WriteContext, lookup: () => Promise<T | undefined>): Promise<T | undefined> {
  const first = await lookup();
  if (first !== undefined || ctx.stopping()) return first;
  await sleep(ctx.recovery.recheckMs);
  return lookup();
}

/** True when `run` is provably the one `params` asked for: this invocation's nonce and file id. */
export function isOurRun(run: ProcessorRun, params: CreateRunParams): boolean {
  const nonce = params.metadata?.[INVOCATION_METADATA_KEY];
  if (typeof nonce !== "string" || nonce === "") return false;
  return (
    run.metadata?.[INVOCATION_METADATA_KEY] === nonce &&
    run.metadata?.[FILE_METADATA_KEY] === params.metadata?.[FILE_METADATA_KEY] &&
    (run.files ?? []).some((f) => f.id === params.file.fileId)
  );
}

/** Finds the run `params` created, if the server has it (see {@link isOurRun}). */
async function findRun(ctx: WriteContext, params: CreateRunParams, since: number) {
  const options = { timeoutMs: LOOKUP_TIMEOUT_MS };
  const page = await ctx.client.processorRuns.list(
    {
      processorId: params.processorId,
      fileNameContains: params.file.fileName,
      sortBy: "createdAt",
      sortDir: "desc",
      maxPageSize: LOOKUP_PAGE_SIZE,
    },
    options,
  );
  for (const summary of page.data) {
    if (!createdSince(summary.createdAt, since)) break;
    const run = await ctx.client.processorRuns.get(summary.id, options);
    if (isOurRun(run, params)) return run;
  }
  return undefined;
}

/**
 * Sends `write` until it succeeds, looking up what an uncertain failure left behind (`find`) before
 * sending again. Throws the write's last error when it is rejected, when the attempts are used up, when
 * the action is stopping, or when a lookup fails (then nothing is resent: the item may exist).
 */
async function writeAtMostOnce<T>(
  ctx: WriteContext,
  what: string,
  write: () => PromiseLike<T>,
  find: ((since: number) => Promise<T | undefined>) | undefined,
  idOf: (item: T) => string,
): Promise<T> {
  const since = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      const item = await write();
      if (attempt > 1) ctx.notes.push(`${what} succeeded on attempt ${attempt} (${idOf(item)})`);
      return item;
    } catch (error) {
      // Core decides whether the server may have done it: "not-sent" and "turned-away" are simply sent again.
      const kind = writeOutcome(error);
      if (kind === "rejected") throw error;
      // Looked up even when the action is stopping, so that a run that exists is reported and cancelled.
      if (kind === "uncertain" && find) {
        let found: T | undefined;
        try {
          found = await lookTwice(ctx, () => find(since));
        } catch (lookupError) {
          ctx.notes.push(
            `${what} failed uncertainly and looking it up failed too (${messageOf(lookupError)})`,
          );
          throw error;
        }
        if (found !== undefined) {
          ctx.notes.push(
            `${what} failed (${briefOf(error)}) but the server had done it: recovered ${idOf(found)}, proven ours by this invocation's nonce and file id`,
          );
          return found;
        }
      } else if (kind === "uncertain" && !ctx.stopping()) {
        ctx.notes.push(
          `${what} failed (${briefOf(error)}) and may have been stored anyway; sent again rather than adopting a file by name`,
        );
      }
      if (ctx.stopping()) throw error;
      if (attempt >= ctx.recovery.maxAttempts) {
        ctx.notes.push(
          find
            ? `${what} failed ${attempt} times; lookups found nothing created`
            : `${what} failed ${attempt} times`,
        );
        throw error;
      }
    }
  }
}

/** Creates the run of an uploaded file, never twice (see the module comment). */
export function createRunAtMostOnce(ctx: WriteContext, params: CreateRunParams): Promise<ProcessorRun> {
  // No abort signal on the create on purpose: an aborted create may still have created a run we could
  // not cancel.
  return writeAtMostOnce(
    ctx,
    "creating the run",
    () => ctx.client.processorRuns.create(params),
    (since) => findRun(ctx, params, since),
    (run) => `run ${run.id}`,
  );
}

/**
 * Uploads a file. An uncertain failure is sent again, never looked up: a file has no metadata to prove
 * it is this invocation's (see the module comment).
 */
export function uploadAgainOnDoubt(
  ctx: WriteContext,
  data: Uploadable,
  fileName: string,
): Promise<ExtendFile> {
  return writeAtMostOnce(
    ctx,
    "the upload",
    () => ctx.client.files.upload(data, { fileName }, { signal: ctx.signal }),
    undefined,
    (file) => `file ${file.id}`,
  );
}
