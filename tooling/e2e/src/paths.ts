// Where the artifacts under test live. Everything is resolved from this file's location so the tests
// run the same from any working directory and on any checkout path.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { node24Path } from "@extendkit/node24";

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
 * The Node binary that runs the action: Node 24 from `@extendkit/node24` (GitHub runs actions with
 * `node24`). Throws when it is missing, so the tests never quietly run the action on the current Node.
 */
export function actionNode(): string {
  if (!existsSync(node24Path)) {
    throw new Error(`Node 24 not found at ${node24Path}: run \`pnpm install\` or set NODE24_BIN`);
  }
  return node24Path;
}
