import { batchJson } from "../batch-metrics.js";
import { badRequest, notFound } from "../errors.js";
import { randomId } from "../ids.js";
import { API_VERSION } from "../options.js";
import { processorJson } from "../processors.js";
import type { BatchRecord } from "../records.js";
import type { RouteContext, Router } from "../router.js";
import type { EmulatorServices } from "../services.js";
import { isObject, readJsonObject } from "../validation/json.js";

/** Admin routes under `/_emulator/` (no Extend auth, never faulted or journaled). */
export function adminRoutes(router: Router, services: EmulatorServices): void {
  router
    .on("GET", "/_emulator/health", () => ({
      ok: true,
      apiVersion: API_VERSION,
      processors: services.processors.all().map(({ id, name, type }) => ({ id, name, type })),
    }))
    .on("POST", "/_emulator/reset", () => {
      services.reset();
      return { ok: true };
    })
    .on("GET", "/_emulator/clock", () => ({ virtual: services.clock.virtual, now: services.clock.now() }))
    .on("POST", "/_emulator/clock/advance", async (ctx) => {
      const { ms } = await readJsonObject(ctx.request);
      if (!services.clock.virtual)
        throw badRequest('clock/advance needs the virtual clock (clock: "virtual")');
      if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0)
        throw badRequest("ms must be a number >= 0");
      await services.clock.advance(ms);
      return { ok: true, now: services.clock.now() };
    })
    .on("GET", "/_emulator/faults", () => ({ rules: services.faults.list() }))
    .on("POST", "/_emulator/faults", async (ctx) => {
      const body = await readJsonObject(ctx.request);
      const rules = Array.isArray(body["rules"]) ? body["rules"] : [body];
      try {
        return { ids: services.faults.add(rules) };
      } catch (error) {
        throw badRequest(error instanceof Error ? error.message : String(error));
      }
    })
    .on("DELETE", "/_emulator/faults", () => {
      services.faults.clear();
      return { ok: true };
    })
    .on("GET", "/_emulator/requests", () => ({ requests: services.journal.list() }))
    .on("DELETE", "/_emulator/requests", () => {
      services.journal.clear();
      return { ok: true };
    })
    .on("GET", "/_emulator/usage", () => services.ledger.snapshot())
    .on("GET", "/_emulator/processors", () => ({ processors: services.processors.all().map(processorJson) }))
    .on("POST", "/_emulator/processors", async (ctx) => ({
      success: true,
      processor: processorJson(services.processors.register(await readJsonObject(ctx.request))),
    }))
    .on("POST", "/_emulator/batch-processor-runs", (ctx) => createBatch(ctx, services))
    .on("GET", "/_emulator/files/:id/content", (ctx) => {
      const file = services.state.files.get(ctx.params["id"]!);
      if (!file) throw notFound(`File ${ctx.params["id"]} was not found`);
      // Stored bytes always sit on a plain ArrayBuffer (never shared memory).
      return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
        headers: {
          "content-type": file.mediaType,
          "content-disposition": `inline; filename="${file.name.replace(/["\\\r\n]/g, "_")}"`,
        },
      });
    });
}

async function createBatch(ctx: RouteContext, services: EmulatorServices): Promise<unknown> {
  const { processorId, runIds, source, sourceId, options } = await readJsonObject(ctx.request);
  if (typeof processorId !== "string") throw badRequest("processorId is required (a string)");
  const processor = services.processors.get(processorId);
  if (!processor) throw notFound(`Processor ${processorId} (processorId) was not found`);
  if (!Array.isArray(runIds) || runIds.some((id) => typeof id !== "string")) {
    throw badRequest("runIds must be an array of processor run ids");
  }
  const missing = (runIds as string[]).filter((id) => !services.state.runs.has(id));
  if (missing.length > 0) throw badRequest(`runIds contains unknown processor runs: ${missing.join(", ")}`);
  const sources = ["EVAL_SET", "PLAYGROUND", "STUDIO"];
  if (source !== undefined && (typeof source !== "string" || !sources.includes(source))) {
    throw badRequest(`source must be one of ${sources.join(", ")}`);
  }
  if (sourceId !== undefined && typeof sourceId !== "string") throw badRequest("sourceId must be a string");
  if (options !== undefined && !isObject(options)) throw badRequest("options must be an object");
  const now = services.clock.now();
  const batch: BatchRecord = {
    id: randomId("bpr_"),
    processor,
    version: services.processors.resolveVersion(processor, "latest") ?? processor.draft,
    runIds: runIds as string[],
    source: typeof source === "string" ? source : "STUDIO",
    sourceId: typeof sourceId === "string" ? sourceId : source === "PLAYGROUND" ? null : processor.id,
    options: options ?? {},
    createdAt: now,
    updatedAt: now,
  };
  services.state.batches.set(batch.id, batch);
  return { success: true, batchProcessorRun: batchJson(batch, services.state) };
}
