// Where this package's fixtures and outputs live. Workspace-wide paths (the root, the action bundle, the
// sample documents) are @extendkit/testing's.
import { join } from "node:path";
import { REPO_ROOT } from "@extendkit/testing";

/** The e2e package folder (tooling/e2e). */
export const e2eRoot = join(REPO_ROOT, "tooling", "e2e");

/** The built browser-ready ESM of @extendkit/core. */
export const coreDist = join(REPO_ROOT, "packages", "core", "dist");

/** Test artifacts (screenshots, logs) of this package; gitignored. */
export const artifactsDir = join(e2eRoot, ".artifacts");

/** A stateless worker the load test measures side by side with the proxy. */
export const baselineWorkerDir = join(e2eRoot, "fixtures", "baseline-worker");

/** Benchmark fragments of this package, collected into BENCHMARKS.md by `pnpm bench`. */
export const benchResultsDir = join(e2eRoot, ".bench-results");
