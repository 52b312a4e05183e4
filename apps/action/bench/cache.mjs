// Benchmark of cache-dir (issue 14 §4), the committed bundle run as the runner runs it against the emulator
// (in this process, 127.0.0.1, every run PROCESSING for exactly 2 s, as in the action bench): 200 documents with an empty cache, then
// the same 200 with one changed. The second job must create exactly 1 run (counted in the emulator's journal)
// and take ≤ 10% of the first's wall time. Median of 3 pairs, each pair side by side on a fresh cache.
// Writes .bench-results/action-cache.md.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "@extendkit/emulator";
import { EmulatorAdmin } from "@extendkit/emulator/admin";
import { runActionBundle } from "@extendkit/testing";

const here = dirname(fileURLToPath(import.meta.url));
const KEY = "sk_test_bench_action_cache";
const RUN_MS = 2000;
const DOCS = 200;
const CONCURRENCY = 8;
const REPEATS = 3;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const invoice = (i, extra = "") =>
  `ACME Corp\nInvoice Number: INV-${String(i).padStart(3, "0")}\nTotal: ${100 + i}.00 USD\n${extra}`;

async function job(url, workspace) {
  const temp = await mkdtemp(join(tmpdir(), "extendkit-bench-cache-runner-"));
  const run = await runActionBundle({
    node: process.execPath,
    inputs: {
      "api-key": KEY,
      "base-url": url,
      "processor-id": "dp_invoice_extractor",
      "processor-version": "1.0",
      files: "docs/*.txt",
      "cache-dir": ".extend-cache",
      concurrency: String(CONCURRENCY),
      "max-files": "1000",
      timeout: "30m",
      // The emulator runs without plan limits here: what is measured is the cache, not pacing (paced.mjs).
      "rate-limits": "off",
    },
    workDir: temp,
    workspace,
    env: { PATH: process.env.PATH ?? "" },
  });
  const results = JSON.parse(await readFile(join(run.runnerTemp, "extend-results.json"), "utf8"));
  await rm(temp, { recursive: true, force: true });
  if (run.code !== 0) throw new Error(`bench job failed: exit ${run.code}\n${run.stderr}`);
  return { wallMs: run.durationMs, totals: results.totals };
}

const { url, stop } = await startEmulator({
  apiKeys: [KEY],
  latency: { minMs: RUN_MS, maxMs: RUN_MS },
  processingSlots: 32,
  limits: "off",
});
const admin = new EmulatorAdmin(url);
const creates = async () =>
  (await admin.journal()).filter((e) => e.method === "POST" && e.path.endsWith("/processor_runs")).length;
const pairs = [];
try {
  for (let r = 0; r < REPEATS; r++) {
    const workspace = await mkdtemp(join(tmpdir(), "extendkit-bench-cache-"));
    await mkdir(join(workspace, "docs"));
    for (let i = 0; i < DOCS; i++) await writeFile(join(workspace, "docs", `invoice-${i}.txt`), invoice(i));
    await admin.reset();
    const first = await job(url, workspace);
    const firstRuns = await creates();
    await writeFile(join(workspace, "docs", "invoice-7.txt"), invoice(7, "Note: corrected\n"));
    await admin.reset();
    const second = await job(url, workspace);
    const secondRuns = await creates();
    await rm(workspace, { recursive: true, force: true });
    pairs.push({ first, second, firstRuns, secondRuns });
    console.error(
      `pair ${r + 1}: first ${(first.wallMs / 1000).toFixed(2)} s (${firstRuns} runs), second ${(second.wallMs / 1000).toFixed(2)} s (${secondRuns} runs, ${second.totals.cached} cached)`,
    );
  }
} finally {
  await stop();
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const firstWall = median(pairs.map((p) => p.first.wallMs));
const secondWall = median(pairs.map((p) => p.second.wallMs));
const ratio = median(pairs.map((p) => p.second.wallMs / p.first.wallMs));
const exactlyOne = pairs.every(
  (p) => p.secondRuns === 1 && p.firstRuns === DOCS && p.second.totals.cached === DOCS - 1,
);
const met = exactlyOne && ratio <= 0.1;
const lines = [
  `## Action cache-dir: ${DOCS} documents, then the same ${DOCS} with one changed`,
  "",
  "Method: the committed bundle `apps/action/dist/index.js` started as the GitHub runner starts it (Node " +
    process.version +
    ") against the emulator",
  `(\`startEmulator\`, 127.0.0.1, every run PROCESSING for exactly ${RUN_MS} ms), \`processor-version: "1.0"\`,`,
  `\`cache-dir: .extend-cache\`, concurrency ${CONCURRENCY}. Each pair: a job over ${DOCS} new documents with an empty cache,`,
  "then, after changing one document, the same job again; runs are counted in the emulator's journal. Wall time is",
  `measured around the whole process; medians of ${REPEATS} pairs (the ratio is the median of the per-pair ratios).`,
  "",
  "| job | runs created | cached | wall time (median) |",
  "| --- | ---: | ---: | ---: |",
  `| ${DOCS} documents, empty cache | ${pairs.map((p) => p.firstRuns).join(" / ")} | 0 | ${s(firstWall)} |`,
  `| same ${DOCS}, one changed | ${pairs.map((p) => p.secondRuns).join(" / ")} | ${pairs.map((p) => p.second.totals.cached).join(" / ")} | ${s(secondWall)} |`,
  "",
  `Second job / first job: **${(ratio * 100).toFixed(1)}%** of the wall time.`,
  "",
  `Target: the second job creates exactly 1 run and takes ≤ 10% of the first's wall time — **${met ? "met" : "not met"}**.`,
  "",
];
await mkdir(join(here, "..", ".bench-results"), { recursive: true });
await writeFile(join(here, "..", ".bench-results", "action-cache.md"), lines.join("\n"));
console.log(lines.join("\n"));
