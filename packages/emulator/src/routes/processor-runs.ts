import type { ReplayOutcome } from "../cassette/replay-outcome.js";
import { badRequest, notFound } from "../errors.js";
import { rateLimitError } from "../limits/rate-limit-error.js";
import { decodePageToken, encodePageToken } from "../page-token.js";
import { validateProcessorConfig } from "../processing/index.js";
import type { ProcessorRecord, ProcessorVersionRecord, RunRecord, RunStatus } from "../records.js";
import type { RouteContext, Router } from "../router.js";
import { resolveRunInput } from "../run-input.js";
import { newRunRecord } from "../run-record.js";
import { runJson, runSummaryJson } from "../serialize.js";
import type { EmulatorServices } from "../services.js";
import { type CreateRunRequest, parseCreateRun } from "../validation/create-run.js";
import { readJsonObject } from "../validation/json.js";
import { queryEnum, queryPageSize, queryValue } from "../validation/query.js";

const STATUSES: readonly RunStatus[] = ["PENDING", "PROCESSING", "PROCESSED", "FAILED", "CANCELLED"];
const TYPES = ["EXTRACT", "CLASSIFY", "SPLITTER"] as const;
const SOURCES = [
  "ADMIN",
  "BATCH_PROCESSOR_RUN",
  "PLAYGROUND",
  "WORKFLOW_CONFIGURATION",
  "WORKFLOW_RUN",
  "STUDIO",
  "API",
] as const;

/** `/processor_runs` endpoints: create, list, get, cancel, delete. */
export function processorRunRoutes(router: Router, services: EmulatorServices): void {
  router
    .on("POST", "/processor_runs", (ctx) => createRun(ctx, services))
    .on("GET", "/processor_runs", (ctx) => listRuns(ctx, services))
    .on("GET", "/processor_runs/:id", (ctx) => ({
      success: true,
      processorRun: runJson(findRun(services, ctx.params["id"]!), ctx.origin),
    }))
    .on("POST", "/processor_runs/:id/cancel", (ctx) => {
      const run = findRun(services, ctx.params["id"]!);
      if (!services.engine.cancel(run)) {
        throw badRequest(
          `Processor run ${run.id} cannot be cancelled: its status is ${run.status}, and only PROCESSING runs can be cancelled`,
        );
      }
      return { success: true, processorRun: runJson(run, ctx.origin) };
    })
    .on("DELETE", "/processor_runs/:id", (ctx) => {
      const run = findRun(services, ctx.params["id"]!);
      services.engine.forget(run);
      services.state.deleteRun(run);
      return {
        success: true,
        documentProcessorRunId: run.id,
        message: `Processor run ${run.id} and its data were deleted.`,
      };
    });
}

function findRun(services: EmulatorServices, id: string): RunRecord {
  const run = services.state.runs.get(id);
  if (!run) throw notFound(`Processor run ${id} was not found`);
  return run;
}

async function createRun(ctx: RouteContext, services: EmulatorServices): Promise<unknown> {
  const request = parseCreateRun(await readJsonObject(ctx.request));
  const processor = services.processors.get(request.processorId);
  if (!processor) throw notFound(`Processor ${request.processorId} (processorId) was not found`);
  const version = services.processors.resolveVersion(processor, request.version);
  if (!version) {
    const known = ["latest", "draft", ...processor.published.map((v) => v.version)].join(", ");
    throw badRequest(
      `version "${request.version}" does not exist for processor ${processor.id}; use one of ${known}`,
    );
  }
  const config = request.config ? checkConfigOverride(processor, request.config) : version.config;
  return startRun(ctx, services, request, { processor, version, config });
}

/** What a create runs, and for a replayed create (cassette/player.ts) its recorded ending. */
export interface RunChoice {
  processor: ProcessorRecord;
  version: ProcessorVersionRecord;
  config: Record<string, unknown>;
  /** Replay: the recorded ending the engine gives the run instead of running the processor. */
  replay?: (run: RunRecord) => ReplayOutcome;
  /** Replay: hands the run to the engine (after a recorded PENDING phase); default engine.submit. */
  submit?: (run: RunRecord) => void;
}

/**
 * The part of a create after the processor is chosen, shared by API creates and replayed ones: the
 * files/min budget, the input, the run record, submission, and the wait of a sync create.
 */
export async function startRun(
  ctx: RouteContext,
  services: EmulatorServices,
  request: CreateRunRequest,
  { processor, version, config, replay, submit }: RunChoice,
): Promise<unknown> {
  checkFilesBudget(ctx, services);
  const resolved = await resolveRunInput(request, services, ctx.origin);
  // Recorded after the input resolved, so a create refused with a 4xx spends no budget. A download
  // in between may let a concurrent create through too; a minute's budget may then run over by one.
  if (ctx.quota && services.settings.limits?.throughput === "reject")
    ctx.quota.files.record(services.clock.now());
  const run = newRunRecord(services, {
    processor,
    version,
    config,
    status: "PENDING",
    usageTags: request.usageTags,
    fileName: resolved.fileName,
    input: resolved.input,
    triggers: resolved.triggers,
    priority: request.priority,
    source: "API",
    sourceId: null,
  });

  if (request.metadata !== undefined) run.metadata = request.metadata;
  if (resolved.file) run.file = resolved.file;
  if (ctx.quota) run.quota = ctx.quota;
  if (replay) run.replay = replay(run);
  services.state.addRun(run);
  if (submit) submit(run);
  else services.engine.submit(run);
  ctx.note.runId = run.id;
  if (run.fileName !== null) ctx.note.fileName = run.fileName;
  if (run.file) ctx.note.fileId = run.file.id;
  if (request.sync) await services.engine.waitForTerminal(run, services.settings.syncTimeoutMs);
  return { success: true, processorRun: runJson(run, ctx.origin) };
}

/** With `throughput: "reject"`, a create beyond the files/min budget is a 429 and creates nothing. */
function checkFilesBudget(ctx: RouteContext, services: EmulatorServices): void {
  const limits = services.settings.limits;
  if (!ctx.quota || limits?.throughput !== "reject") return;
  const now = services.clock.now();
  const freeAt = ctx.quota.files.nextFreeAt(now);
  if (freeAt <= now) return;
  services.limiter.filesRefused++;
  ctx.note.rateLimited = "files";
  throw rateLimitError(
    `Processor throughput exceeded: at most ${limits.filesPerMinute} files per minute per API key`,
    freeAt - now,
  );
}

function checkConfigOverride(
  processor: ProcessorRecord,
  config: Record<string, unknown>,
): Record<string, unknown> {
  if (config["type"] !== processor.type) {
    throw badRequest(`config.type must be ${processor.type} to match the type of processor ${processor.id}`);
  }
  const problem = validateProcessorConfig(processor.type, config);
  if (problem) throw badRequest(`config is invalid: ${problem}`);
  return config;
}

function listRuns(ctx: RouteContext, services: EmulatorServices): unknown {
  const { url } = ctx;
  const filters = {
    status: queryEnum(url, "status", STATUSES),
    processorId: queryValue(url, "processorId"),
    processorType: queryEnum(url, "processorType", TYPES),
    sourceId: queryValue(url, "sourceId"),
    source: queryEnum(url, "source", SOURCES),
    fileNameContains: queryValue(url, "fileNameContains"),
  };
  const sortBy = queryEnum(url, "sortBy", ["updatedAt", "createdAt"] as const) ?? "updatedAt";
  const sortDir = queryEnum(url, "sortDir", ["asc", "desc"] as const) ?? "desc";
  const pageSize = queryPageSize(url);
  const token = queryValue(url, "nextPageToken");
  const after = token === undefined ? undefined : decodePageToken(token).key;
  const needle = filters.fileNameContains?.toLowerCase();
  const matches = (run: RunRecord): boolean =>
    (filters.status === undefined || run.status === filters.status) &&
    (filters.processorId === undefined || run.processor.id === filters.processorId) &&
    (filters.processorType === undefined || run.type === filters.processorType) &&
    (filters.sourceId === undefined || run.sourceId === filters.sourceId) &&
    (filters.source === undefined || run.source === filters.source) &&
    (needle === undefined || (run.fileName?.toLowerCase().includes(needle) ?? false));
  const index = sortBy === "createdAt" ? services.state.runsByCreated : services.state.runsByUpdated;
  const page: RunRecord[] = [];
  let lastKey = 0;
  let more = false;
  index.walk(sortDir, after, (run, key) => {
    if (!matches(run)) return true;
    if (page.length === pageSize) {
      more = true;
      return false;
    }
    page.push(run);
    lastKey = key;
    return true;
  });
  return {
    success: true,
    processorRuns: page.map(runSummaryJson),
    nextPageToken: more
      ? encodePageToken({ sortBy, sortDir, key: lastKey }, { ...filters, sortBy, sortDir })
      : null,
  };
}
