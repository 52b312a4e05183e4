// Benchmark of the action as users run it: the committed bundle (dist/index.js) started like the runner
// starts it, against the emulator (in this process, over 127.0.0.1) with every run taking exactly 2 s.
//   100 documents, concurrency 8: wall time vs the ideal ceil(100/8) × 2 s = 26 s (target ≤ 1.15×), median of 3.
//   The same documents one by one (concurrency 1): a 12-document subset, ideal 12 × 2 s = 24 s, scaled ×100/12
//   for the comparison (running all 100 one by one would take over 200 s for the same information).
// Writes .bench-results/action.md.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "@extendkit/emulator";
import { runActionBundle } from "@extendkit/testing";
import { median, workspaceWith } from "./invoice-docs.mjs";

const here = dirname(fileURLToPath(import.meta.url));

const KEY = "sk_test_bench_action";
const RUN_MS = 2000;
const DOCS = 100;
const CONCURRENCY = 8;
const REPEATS = 3;
const ONE_BY_ONE_DOCS = 12;

/** Runs the bundle like the runner and returns wall time (ms) and the action's own results. */
async function runAction(url, workspace, concurrency) {
  const temp = await mkdtemp(join(tmpdir(), "extendkit-bench-runner-"));
  const run = await runActionBundle({
    node: process.execPath,
    inputs: {
      "api-key": KEY,
      "base-url": url,
      "processor-id": "dp_invoice_extractor",
      files: "docs/*.txt",
      concurrency: String(concurrency),
      "max-files": "1000",
      timeout: "30m",
      // This bench measures the pool against runs of exactly 2 s (emulator limits off), polled run by run;
      // pacing under PAYG and the run list are measured by paced.mjs.
      "rate-limits": "off",
      polling: "per-run",
    },
    workDir: temp,
    workspace,
    env: { PATH: process.env.PATH ?? "" },
  });
  const results = JSON.parse(await readFile(join(run.runnerTemp, "extend-results.json"), "utf8"));
  await rm(temp, { recursive: true, force: true });
  if (run.code !== 0 || results.totals.processed !== results.totals.total) {
    throw new Error(`bench run failed: exit ${run.code}, ${JSON.stringify(results.totals)}\n${run.stderr}`);
  }
  return { wallMs: run.durationMs, actionMs: results.durationMs, files: results.files };
}

const { url, stop } = await startEmulator({
  apiKeys: [KEY],
  latency: { minMs: RUN_MS, maxMs: RUN_MS },
  processingSlots: 32,
  limits: "off",
});
const lines = [];
try {
  const pooledWs = await workspaceWith(DOCS);
  const pooled = [];
  for (let i = 0; i < REPEATS; i++) {
    pooled.push(await runAction(url, pooledWs, CONCURRENCY));
    console.error(`concurrency ${CONCURRENCY}, run ${i + 1}: ${(pooled.at(-1).wallMs / 1000).toFixed(2)} s`);
  }
  const serialWs = await workspaceWith(ONE_BY_ONE_DOCS);
  const serial = await runAction(url, serialWs, 1);
  console.error(`concurrency 1, ${ONE_BY_ONE_DOCS} docs: ${(serial.wallMs / 1000).toFixed(2)} s`);
  await rm(pooledWs, { recursive: true, force: true });
  await rm(serialWs, { recursive: true, force: true });

  const idealPooled = Math.ceil(DOCS / CONCURRENCY) * RUN_MS;
  const pooledWall = median(pooled.map((r) => r.wallMs));
  const pooledAction = median(pooled.map((r) => r.actionMs));
  const perFile = median(pooled.flatMap((r) => r.files.map((f) => f.durationMs)));
  const ratio = pooledWall / idealPooled;
  const idealSerial = ONE_BY_ONE_DOCS * RUN_MS;
  const serialScaled = (serial.wallMs * DOCS) / ONE_BY_ONE_DOCS;
  const serialPerFile = median(serial.files.map((f) => f.durationMs));
  const met = ratio <= 1.15;
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

  lines.push(
    "## Action: 100 documents, runs of 2 s, concurrency 8",
    "",
    "Method: the committed bundle `apps/action/dist/index.js` is started as the GitHub runner starts it",
    "(`INPUT_*` variables, `GITHUB_OUTPUT`/`GITHUB_STEP_SUMMARY` files, Node " +
      process.version +
      ") against the emulator",
    "(`startEmulator`, 127.0.0.1, every run PROCESSING for exactly 2 s, 32 processing slots). Each file is uploaded,",
    "run by file id and polled on its own (`polling: per-run`, every 250 ms for the first 3 s, then backing off; `rate-limits: off`). Wall time is measured around the",
    `whole process (Node start-up, file search, reports included); median of ${REPEATS} runs. The one-by-one leg runs`,
    `${ONE_BY_ONE_DOCS} of the documents with concurrency 1 and is scaled ×${DOCS}/${ONE_BY_ONE_DOCS} (all 100 would take over 200 s).`,
    "",
    "| | files | wall time (median) | ideal | ratio |",
    "| --- | ---: | ---: | ---: | ---: |",
    `| concurrency ${CONCURRENCY} | ${DOCS} | ${s(pooledWall)} (action's own: ${s(pooledAction)}) | ${s(idealPooled)} = ceil(${DOCS}/${CONCURRENCY}) × 2 s | **${ratio.toFixed(3)}×** |`,
    `| concurrency 1 | ${ONE_BY_ONE_DOCS} | ${s(serial.wallMs)} | ${s(idealSerial)} = ${ONE_BY_ONE_DOCS} × 2 s | ${(serial.wallMs / idealSerial).toFixed(3)}× |`,
    `| concurrency 1, scaled to ${DOCS} | ${DOCS} | ≈ ${s(serialScaled)} | ${s(DOCS * RUN_MS)} | — |`,
    "",
    `Per-file time (upload → run → seen terminal), median: ${s(perFile)} with concurrency ${CONCURRENCY}, ${s(serialPerFile)} one by one.`,
    `Speed-up of concurrency ${CONCURRENCY} over one by one: ${(serialScaled / pooledWall).toFixed(2)}× (ideal ${((DOCS * RUN_MS) / idealPooled).toFixed(2)}×).`,
    "",
    `Target: wall time ≤ 1.15 × ideal for 100 documents at concurrency 8 — **${met ? "met" : "not met"}** (${ratio.toFixed(3)}×).`,
    "",
  );
} finally {
  await stop();
}
await mkdir(join(here, "..", ".bench-results"), { recursive: true });
await writeFile(join(here, "..", ".bench-results", "action.md"), lines.join("\n"));
console.log(lines.join("\n"));
