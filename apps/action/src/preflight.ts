/**
 * One authenticated read before anything is uploaded (`GET /processor_runs?processorId=…&maxPageSize=1`):
 * it proves base-url answers and accepts the key, and it shows the processor's latest run, whose type the
 * config override must match. A wrong key, an unreachable API or a config of the wrong type thereby costs
 * one cheap read, not an upload per file. The dry run reports what this could and could not prove.
 */
import type { ProcessorRunSummary } from "@extendkit/core";
import { describeError, type EngineClient, type FileError } from "./engine/index.js";
import type { ActionConfig } from "./inputs/index.js";
import { InputError } from "./inputs/index.js";

/** Time limit per attempt of the check; it is retried once (a refused connection is retried quickly). */
const CHECK_TIMEOUT_MS = 10_000;

/** What the check learned. */
export interface Preflight {
  /** A fatal error that stops the action before any upload (a rejected key, an unreachable API). */
  fatal: FileError | undefined;
  /** The processor's newest run, when it has one the key can see. */
  latest: ProcessorRunSummary | undefined;
}

/** The processor type a run summary shows. */
export function typeOf(run: ProcessorRunSummary | undefined): string | undefined {
  return run?.type ?? run?.processorType;
}

/** Runs the check. Throws {@link InputError} when the config's type is not the processor's. */
export async function preflight(
  config: ActionConfig,
  client: EngineClient,
  signal: AbortSignal,
): Promise<Preflight> {
  let latest: ProcessorRunSummary | undefined;
  try {
    const page = await client.processorRuns.list(
      { processorId: config.processorId, maxPageSize: 1 },
      { signal, timeoutMs: CHECK_TIMEOUT_MS, maxRetries: 1 },
    );
    latest = page.data[0];
  } catch (error) {
    if (signal.aborted) return { fatal: undefined, latest: undefined };
    const described = describeError(error, "check");
    const { fatal, ...fileError } = described;
    // A 404 on the run list means base-url is not the Extend API (or a proxy of it).
    if (fatal || described.status === 404) return { fatal: fileError, latest: undefined };
    return { fatal: undefined, latest: undefined };
  }
  const processorType = typeOf(latest);
  if (config.config && processorType && config.config.type !== processorType) {
    throw new InputError(
      "config",
      `Input "config" has type ${config.config.type}, but processor ${config.processorId} has type ${processorType} (seen on its latest run).`,
    );
  }
  return { fatal: undefined, latest };
}
