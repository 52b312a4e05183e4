import { batchJson } from "../batch-metrics.js";
import { notFound } from "../errors.js";
import type { Router } from "../router.js";
import type { EmulatorServices } from "../services.js";

/** `GET /batch_processor_runs/{id}`. Batch runs are created through the admin API. */
export function batchProcessorRunRoutes(router: Router, services: EmulatorServices): void {
  router.on("GET", "/batch_processor_runs/:id", (ctx) => {
    const id = ctx.params["id"]!;
    const batch = services.state.batches.get(id);
    if (!batch) throw notFound(`Batch processor run ${id} was not found`);
    return { success: true, batchProcessorRun: batchJson(batch, services.state) };
  });
}
