// Reads the result files every test runner in the workspace leaves in `<package>/.test-results/`
// and sums them. Formats: vitest's JSON reporter (*.json with numPassedTests), JUnit XML (*.xml, from
// `deno test` and `bun test`), and the plain summary our own runners write ({ passed, failed, skipped }).
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const GROUPS = ["apps", "packages", "tooling"];

/** Test counts of one result file (or their sum). */
export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Counts of one result file; `error` when it could not be read (counted as one failure). */
export interface FileCounts extends Counts {
  path: string;
  error?: string;
}

/** Every `.test-results` folder of the workspace under `root`. */
export function resultDirs(root: string): string[] {
  const dirs: string[] = [];
  for (const group of GROUPS) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) {
      const dir = join(base, name, ".test-results");
      if (existsSync(dir)) dirs.push(dir);
    }
  }
  return dirs;
}

/** Removes stale results so that a run only counts what it ran. */
export function clearResults(root: string): void {
  for (const dir of resultDirs(root)) rmSync(dir, { recursive: true, force: true });
}

function countJunit(xml: string): Counts {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const match of xml.matchAll(/<testcase\b[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const inner = match[2] ?? "";
    if (/<(failure|error)\b/.test(inner)) failed++;
    else if (/<skipped\b/.test(inner)) skipped++;
    else passed++;
  }
  return { passed, failed, skipped };
}

/** vitest's JSON report, or the `{ passed, failed, skipped }` summary our own runners write. */
interface JsonReport {
  numPassedTests?: number;
  numFailedTests?: number;
  numRuntimeErrorTestSuites?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  passed?: number;
  failed?: number;
  skipped?: number;
}

function countJson(data: JsonReport): Counts {
  if (typeof data.numPassedTests === "number") {
    return {
      passed: data.numPassedTests,
      failed: (data.numFailedTests ?? 0) + (data.numRuntimeErrorTestSuites ?? 0),
      skipped: (data.numPendingTests ?? 0) + (data.numTodoTests ?? 0),
    };
  }
  return { passed: data.passed ?? 0, failed: data.failed ?? 0, skipped: data.skipped ?? 0 };
}

/** Per-file counts and their sum. */
export function collectResults(root: string): { files: FileCounts[]; total: Counts } {
  const files: FileCounts[] = [];
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const dir of resultDirs(root)) {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      let counts: Counts & { error?: string };
      try {
        if (name.endsWith(".xml")) counts = countJunit(readFileSync(path, "utf8"));
        else if (name.endsWith(".json"))
          counts = countJson(JSON.parse(readFileSync(path, "utf8")) as JsonReport);
        else continue;
      } catch (error) {
        counts = { passed: 0, failed: 1, skipped: 0, error: String(error) };
      }
      files.push({ path, ...counts });
      total.passed += counts.passed;
      total.failed += counts.failed;
      total.skipped += counts.skipped;
    }
  }
  return { files, total };
}
