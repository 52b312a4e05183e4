import type { WorkspaceFile } from "../../src/engine/find-files.js";
import type { EnginePlan } from "../../src/engine/run-engine.js";

/**
 * The plan the engine tests start from: the invoice processor at `latest`, no config, priority, metadata
 * or usage tags, 4 files at a time, a 30 s timeout that cancels, and fast polling so runs settle quickly.
 * `overrides` replace fields as a whole.
 */
export function enginePlan(files: readonly WorkspaceFile[], overrides: Partial<EnginePlan> = {}): EnginePlan {
  return {
    files,
    processorId: "dp_invoice_extractor",
    processorVersion: "latest",
    config: undefined,
    priority: undefined,
    metadata: {},
    usageTags: [],
    concurrency: 4,
    timeoutMs: 30_000,
    timeoutLabel: "30s",
    cancelOnAbort: true,
    polling: { fastIntervalMs: 20, fastPhaseMs: 2000 },
    ...overrides,
  };
}
