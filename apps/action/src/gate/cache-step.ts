/**
 * Skipping unchanged documents in the action (issue 14 §4): before the engine, every file whose cache key has a
 * stored result is taken out of the plan and ends `cached` (no upload, no run); after the engine, every PROCESSED
 * result is stored under its key. Keys and storage are result-cache.ts's; this module only wires them to files.
 */

import type { WorkspaceFile } from "../engine/find-files.js";
import { emptyResult, type FileResult } from "../engine/results.js";
import type { EngineOutcome } from "../engine/run-engine.js";
import type { CacheConfig } from "../inputs/cache-inputs.js";
import { countOutcomes } from "../outcomes.js";
import type { RunnerIO } from "../runner-io.js";
import { type CacheScope, cacheKey, ResultCache, sha256File } from "./result-cache.js";

/** What decides a run's output besides the bytes, as the cache key takes it. */
export function cacheScope(config: {
  processorId: string;
  processorVersion: string;
  config: unknown;
  apiVersion: string;
}): CacheScope {
  return {
    processorId: config.processorId,
    version: config.processorVersion,
    config: config.config ?? null,
    apiVersion: config.apiVersion,
  };
}

/** The files the engine still has to run, and what the cache already answered. */
export interface CacheLookup {
  cache: ResultCache;
  /** Cache key per workspace path. */
  keys: Map<string, string>;
  hits: FileResult[];
  toRun: WorkspaceFile[];
}

/** Looks every file up; a hit becomes a `cached` result with the stored run's output. */
export async function lookupCached(
  config: CacheConfig,
  scope: CacheScope,
  files: readonly WorkspaceFile[],
): Promise<CacheLookup> {
  const cache = new ResultCache(config.dir, config.mode);
  const keys = new Map<string, string>();
  const hits: FileResult[] = [];
  const toRun: WorkspaceFile[] = [];
  for (const file of files) {
    const key = cacheKey(await sha256File(file.absolutePath), scope);
    keys.set(file.path, key);
    const stored = await cache.get(key);
    if (!stored) {
      toRun.push(file);
      continue;
    }
    const result = emptyResult(file.path, file.bytes, "cached");
    result.status = "PROCESSED";
    result.output = stored.output;
    result.note = `result of run ${stored.runId} reused from the cache (stored ${stored.storedAt}); no upload, no run`;
    hits.push(result);
  }
  return { cache, keys, hits, toRun };
}

/**
 * Stores this job's PROCESSED results (a FAILED one never: it may be transient) and puts the cached results
 * back among the engine's, in file order, with the totals recounted over every selected file.
 */
export async function settleCached(
  lookup: CacheLookup,
  outcome: EngineOutcome,
  files: readonly WorkspaceFile[],
  io: RunnerIO,
): Promise<void> {
  let stored = 0;
  for (const result of outcome.results) {
    const key = lookup.keys.get(result.file);
    if (!key || result.outcome !== "processed" || result.status !== "PROCESSED" || !result.runId) continue;
    try {
      await lookup.cache.put({ key, runId: result.runId, processorVersionId: null, output: result.output });
      if (lookup.cache.writes) stored++;
    } catch (error) {
      io.warning(`Could not store ${result.file} in the cache: ${(error as Error).message}`);
    }
  }
  const byPath = new Map([...outcome.results, ...lookup.hits].map((r) => [r.file, r]));
  const merged = files.map((f) => byPath.get(f.path)).filter((r): r is FileResult => r !== undefined);
  outcome.results.splice(0, outcome.results.length, ...merged);
  outcome.totals = countOutcomes(merged, files.length);
  io.info(
    `Cache (${lookup.cache.mode}): ${lookup.hits.length} of ${files.length} files reused, ${stored} results stored.`,
  );
}
