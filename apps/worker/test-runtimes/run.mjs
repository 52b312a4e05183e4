// `pnpm test:runtimes`: the shared contract + security suites against the Deno entry (`deno serve`)
// and the Bun entry (`bun run`), each a real binary on a free 127.0.0.1 port with an emulator as
// upstream. Each runtime is one vitest run (Node) whose globalSetup starts and stops the emulator and
// the server; results go to .test-results/runtime-<name>.json.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { QUIET_ENV, WORKER_DIR } from "@extendkit/testing";

const require = createRequire(import.meta.url);
const vitest = join(dirname(require.resolve("vitest/package.json")), "vitest.mjs");
const resultsDir = join(WORKER_DIR, ".test-results");
mkdirSync(resultsDir, { recursive: true });

let failed = false;
for (const runtime of ["deno", "bun"]) {
  console.log(`\n=== worker contract suite on ${runtime} ===`);
  const result = spawnSync(
    process.execPath,
    [
      vitest,
      "run",
      "--config",
      "test-runtimes/vitest.config.ts",
      "--silent=passed-only",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${join(resultsDir, `runtime-${runtime}.json`)}`,
    ],
    { cwd: WORKER_DIR, stdio: "inherit", env: { ...process.env, ...QUIET_ENV, PROXY_RUNTIME: runtime } },
  );
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
