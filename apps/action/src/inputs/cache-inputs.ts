/**
 * The result cache's inputs (issue 14 §4): `cache-dir` (a folder inside the workspace, for `actions/cache`) and
 * `cache`: `read-write` (default: reuse stored results, store new ones), `read` (reuse only), `write` (never
 * reuse, store fresh results: a nightly refresh) or `off`.
 */
import type { CacheMode } from "../gate/result-cache.js";
import { workspacePath } from "./gate-inputs.js";
import { fail, read } from "./input-error.js";
import type { InputSource } from "./input-names.js";

/** The validated cache inputs; absent from the config when `cache-dir` is empty or `cache` is off. */
export interface CacheConfig {
  /** Absolute folder of the stored results (inside the workspace). */
  dir: string;
  mode: Exclude<CacheMode, "off">;
}

const MODES: readonly CacheMode[] = ["read-write", "read", "write", "off"];

/** Parses `cache-dir` and `cache`. */
export function parseCacheInputs(source: InputSource, workspace: string): CacheConfig | undefined {
  const mode = read(source, "cache");
  if (!(MODES as readonly string[]).includes(mode)) fail("cache", `must be one of ${MODES.join(", ")}`, mode);
  const dir = source.getInput("cache-dir").trim();
  if (dir === "" || mode === "off") return undefined;
  if (dir.includes("\n")) fail("cache-dir", "must be one folder path", dir);
  return { dir: workspacePath(source, "cache-dir", dir, workspace), mode: mode as CacheConfig["mode"] };
}
