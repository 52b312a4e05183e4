import { emulatorServices } from "./emulator.js";
import type { Emulator } from "./options.js";
import type { RunStatus } from "./records.js";
import { newRunRecord } from "./run-record.js";

/** Options of {@link seedProcessorRuns}. */
export interface SeedRunsOptions {
  /** Processor to attribute the runs to; default the invoice extractor. */
  processorId?: string;
  /** Status of the seeded runs; default PROCESSED. */
  status?: RunStatus;
  /** File name per run (index → name); default `seed-<i>.txt`. */
  fileName?: (index: number) => string | null;
  source?: string;
  sourceId?: string | null;
}

/**
 * Inserts finished runs directly into the store, bypassing HTTP and the lifecycle (for benchmarks and
 * list tests that need many runs). Returns their ids in creation order.
 */
export function seedProcessorRuns(
  emulator: Emulator,
  count: number,
  options: SeedRunsOptions = {},
): string[] {
  const services = emulatorServices(emulator);
  const processor = services.processors.get(options.processorId ?? "dp_invoice_extractor");
  if (!processor) throw new TypeError(`unknown processor ${options.processorId}`);
  const version = services.processors.resolveVersion(processor, "latest") ?? processor.draft;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const run = newRunRecord(services, {
      processor,
      version,
      config: version.config,
      status: options.status ?? "PROCESSED",
      usageTags: [],
      fileName: options.fileName ? options.fileName(i) : `seed-${i}.txt`,
      input: { ok: true, pages: [""] },
      triggers: { fail: false, slow: false, stuck: false },
      priority: 50,
      source: options.source ?? "API",
      sourceId: options.sourceId ?? null,
    });

    services.state.addRun(run);
    ids.push(run.id);
  }
  return ids;
}
