// `pnpm test:runtimes`: runs the shared scenario (runtime-tests/scenario.ts) against the BUILT package on
// Node 20 (vitest), Node 24 (node --test), Deno, Bun, workerd and headless Chromium, all against one emulator CLI on
// 127.0.0.1. Each leg writes its results into .test-results/; a leg that crashes without results is
// recorded as one failure. Exits non-zero when any leg failed.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = fileURLToPath(new URL("..", import.meta.url));
const results = join(pkg, ".test-results");
const bin = (name) => join(pkg, "node_modules", ".bin", name);
const emulatorCli = join(pkg, "node_modules", "@extendkit", "emulator", "dist", "cli.js");
const vitest = join(pkg, "node_modules", "vitest", "vitest.mjs");
const only = process.argv.slice(2);

if (!existsSync(join(pkg, "dist", "index.js"))) {
  console.error("dist/index.js is missing: run `pnpm --filter @extendkit/core build` first");
  process.exit(1);
}
if (!existsSync(emulatorCli)) {
  console.error("the emulator is not built: run `pnpm --filter @extendkit/emulator build` first");
  process.exit(1);
}
mkdirSync(results, { recursive: true });
// Imported only now: before the checks above, a missing build would fail here with a resolution error.
const { findNode20, node24Path, startEmulatorProcess } = await import("@extendkit/testing");

const { path: nodeBin, major: nodeMajor } = findNode20();
const legs = [
  {
    name: `node${nodeMajor}`,
    result: `runtime-node${nodeMajor}.json`,
    cmd: nodeBin,
    args: [
      vitest,
      "run",
      "--config",
      "runtime-tests/node/vitest.config.ts",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=.test-results/runtime-node${nodeMajor}.json`,
    ],
  },
  {
    name: "node24",
    result: "runtime-node24.xml",
    cmd: node24Path,
    args: [
      "--test",
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      "--test-reporter=junit",
      "--test-reporter-destination=.test-results/runtime-node24.xml",
      "runtime-tests/node/node.test.ts",
    ],
  },
  {
    name: "deno",
    result: "runtime-deno.xml",
    cmd: bin("deno"),
    args: [
      "test",
      "--no-check",
      "--allow-net=127.0.0.1",
      "--allow-read",
      "--allow-env",
      "--reporter=pretty",
      "--junit-path=.test-results/runtime-deno.xml",
      "runtime-tests/deno/deno.test.ts",
    ],
  },
  {
    name: "bun",
    result: "runtime-bun.xml",
    cmd: bin("bun"),
    args: [
      "test",
      "./runtime-tests/bun/bun.test.ts",
      "--reporter=junit",
      "--reporter-outfile=.test-results/runtime-bun.xml",
    ],
  },
  {
    name: "workerd",
    result: "runtime-workerd.json",
    cmd: process.execPath,
    args: [
      vitest,
      "run",
      "--config",
      "runtime-tests/workerd/vitest.config.ts",
      "--reporter=default",
      "--reporter=json",
      "--outputFile.json=.test-results/runtime-workerd.json",
    ],
  },
  {
    name: "browser",
    result: "runtime-browser.xml",
    cmd: process.execPath,
    args: ["runtime-tests/browser/run-browser.mjs"],
  },
].filter(
  (leg) => only.length === 0 || only.includes(leg.name) || only.includes(leg.name.replace(/\d+$/, "")),
);

function run(leg, env) {
  return new Promise((resolve) => {
    console.log(`\n=== runtime leg: ${leg.name} ===`);
    const child = spawn(leg.cmd, leg.args, { cwd: pkg, env, stdio: "inherit" });
    child.on("error", (error) => {
      console.error(`${leg.name}: could not start: ${error.message}`);
      resolve(1);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// `--cors` lets the browser leg call it from its own origin (other runtimes ignore the headers).
const emulator = await startEmulatorProcess({ latency: "instant", cors: true });
const env = {
  ...process.env,
  EXTENDKIT_EMULATOR_URL: emulator.url,
  EXTENDKIT_EMULATOR_KEY: "sk_test_emulator",
  DENO_NO_UPDATE_CHECK: "1",
  NO_COLOR: "1",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};
console.log(`emulator at ${emulator.url}`);

const outcomes = [];
try {
  for (const leg of legs) {
    const resultPath = join(results, leg.result);
    const crashPath = resultPath.replace(/\.(xml|json)$/, ".crash.json");
    rmSync(resultPath, { force: true });
    rmSync(crashPath, { force: true });
    const code = await run(leg, env);
    if (!existsSync(resultPath)) {
      // The runner crashed before reporting: count the leg as one failure so the total shows it.
      writeFileSync(crashPath, JSON.stringify({ passed: 0, failed: 1, skipped: 0 }));
    }
    outcomes.push({ name: leg.name, ok: code === 0 });
  }
} finally {
  await emulator.stop();
}

console.log("\n=== runtime legs ===");
for (const o of outcomes) console.log(`${o.name}: ${o.ok ? "ok" : "FAILED"}`);
process.exit(outcomes.every((o) => o.ok) ? 0 : 1);
