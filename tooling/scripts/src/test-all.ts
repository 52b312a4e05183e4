// `pnpm test`: build, typecheck, lint and every test runner of the workspace (vitest in Node, workerd,
// Deno, Bun, Node 24, headless Chromium, reliability), then one closing line `N passed, N failed` that
// sums them all. Every step runs even after a failure so the summary is complete; the exit code is
// non-zero when anything failed.
import { spawnSync } from "node:child_process";
import { relative } from "node:path";
import { REPO_ROOT as root } from "@extendkit/testing/workspace";
import { clearResults, collectResults } from "./test-results.js";

const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: "1",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  DENO_NO_UPDATE_CHECK: "1",
  COREPACK_ENABLE_DOWNLOAD_PROMPT: "0",
};
const turbo = ["exec", "turbo", "run", "--continue", "--output-logs=errors-only", "--log-order=grouped"];

const steps = [
  { name: "build", cmd: "pnpm", args: [...turbo, "build"] },
  { name: "typecheck", cmd: "pnpm", args: [...turbo, "typecheck"] },
  { name: "lint", cmd: "pnpm", args: ["exec", "biome", "check", "."] },
  { name: "test", cmd: "pnpm", args: [...turbo, "test", "--concurrency=2"] },
  { name: "test:runtimes", cmd: "pnpm", args: [...turbo, "test:runtimes", "--concurrency=1"] },
  { name: "test:reliability", cmd: "pnpm", args: [...turbo, "test:reliability", "--concurrency=1"] },
];

clearResults(root);
const outcomes: Array<{ name: string; ok: boolean; seconds: number }> = [];
for (const step of steps) {
  const started = Date.now();
  console.log(`\n=== ${step.name} ===`);
  const result = spawnSync(step.cmd, step.args, { cwd: root, env, stdio: "inherit" });
  const ok = result.status === 0;
  outcomes.push({ name: step.name, ok, seconds: Math.round((Date.now() - started) / 1000) });
}

const { files, total } = collectResults(root);
console.log("\n=== results ===");
for (const file of files) {
  const extra = file.error ? ` (unreadable: ${file.error})` : "";
  console.log(
    `${relative(root, file.path)}: ${file.passed} passed, ${file.failed} failed, ${file.skipped} skipped${extra}`,
  );
}
for (const outcome of outcomes) {
  console.log(`step ${outcome.name}: ${outcome.ok ? "ok" : "FAILED"} (${outcome.seconds}s)`);
}
// A failed step that left no failing test behind (a build, typecheck or lint error, a runner that
// crashed) still counts as a failure in the closing line.
const failedSteps = outcomes.filter((o) => !o.ok).length;
const failed = total.failed === 0 ? failedSteps : total.failed;
const anyFailure = failedSteps > 0 || total.failed > 0;
console.log(`${total.passed} passed, ${failed} failed, ${total.skipped} skipped`);
process.exit(anyFailure ? 1 : 0);
